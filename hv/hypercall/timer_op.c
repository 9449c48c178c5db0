/*
 * set_timer_op (15) and vcpu_op (24), pv-abi.md §3.10, §3.14: the vCPU's
 * timers (domain/timer.c), is_up, moving vcpu_info into a guest frame, and
 * send_nmi.
 * pvx has one vCPU: any other vCPU id gives -ENOENT.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "domain/time.h"
#include "domain/timer.h"
#include "domain/vcpu.h"
#include "domain/bounce.h"
#include "mm/directmap.h"
#include "mm/guest_access.h"
#include "mm/page_type.h"
#include "lib/string.h"
#include "abi/vcpu.h"

#define TIMEOUT_FAR         (1UL << 50)     /* ~13 days */
#define TIMEOUT_REPLACEMENT 100000000UL     /* 100 ms */
#define PERIOD_MIN          1000000UL       /* 1 ms */
#define PERIOD_MAX          (1UL << 62)

/* set_timer_op(timeout): the single-shot timer at absolute ns; 0 cancels;
 * negative or absurdly far becomes "now + 100 ms".  Always 0. */
long do_set_timer_op(uint64_t timeout, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t now = time_now_ns();

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (timeout && ((int64_t)timeout < 0 || timeout > now + TIMEOUT_FAR))
        timeout = now + TIMEOUT_REPLACEMENT;
    timer_set_singleshot(timeout);
    return 0;
}

/* VCPUOP_register_vcpu_info: moves vCPU 0's vcpu_info into a guest frame
 * (held writable by the hypervisor from then on) and forces a rescan. */
static long register_vcpu_info(uint64_t arg)
{
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *vi;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -XEN_EFAULT;
    if (r.offset > 4096 - sizeof(*vi) || (r.offset & 7))
        return -XEN_ENXIO;
    if (dom0.vcpu_info_mfn)
        return -XEN_EINVAL;
    if (frame_get(r.mfn) < 0)
        return -XEN_EINVAL;
    if (frame_get_type(r.mfn, FT_WRITABLE) < 0) {
        frame_put(r.mfn);
        return -XEN_EINVAL;
    }
    vi = (struct vcpu_info *)((uint8_t *)mfn_to_virt(r.mfn) + r.offset);
    memcpy(vi, vcpu0_info(), sizeof(*vi));
    vi->evtchn_pending_sel = ~0UL;
    vi->evtchn_upcall_pending = 1;
    vcpu0_upcall = vi;
    dom0.vcpu_info_mfn = r.mfn;
    return 0;
}

/* vcpu_op(cmd, vcpuid, arg). */
long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg, uint64_t a4, uint64_t a5)
{
    struct vcpu_set_singleshot_timer shot;
    struct vcpu_set_periodic_timer period;

    (void)a4, (void)a5;
    if ((uint32_t)vcpuid != 0)
        return -XEN_ENOENT;
    switch (cmd) {
    case VCPUOP_is_up:
        return 1;
    case VCPUOP_set_periodic_timer:
        if (copy_from_guest(&period, arg, sizeof(period)))
            return -XEN_EFAULT;
        if (period.period_ns < PERIOD_MIN || period.period_ns > PERIOD_MAX)
            return -XEN_EINVAL;
        timer_set_periodic(period.period_ns);
        return 0;
    case VCPUOP_stop_periodic_timer:
        timer_set_periodic(0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        if (copy_from_guest(&shot, arg, sizeof(shot)))
            return -XEN_EFAULT;
        /* VCPU_SSHOTTMR_future is ignored, as Debian's Xen 4.17.7 does
         * (pv-abi.md, from 4.17.0, says -ETIME): a past deadline fires now. */
        timer_set_singleshot(shot.timeout_abs_ns);
        return 0;
    case VCPUOP_stop_singleshot_timer:
        timer_set_singleshot(0);
        return 0;
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(arg);
    case VCPUOP_send_nmi:
        nmi_raise();
        return 0;
    default:
        return -XEN_ENOSYS;
    }
}
