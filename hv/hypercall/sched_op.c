/*
 * sched_op (29) and sched_op_compat (6), pv-abi.md §3.10.  pvx runs one
 * vCPU on one CPU: yield returns at once.  A shutdown ends the run: with
 * status 0 for poweroff, 64 + reason otherwise (arch/exit_codes.h).  A
 * reason latched by SCHEDOP_shutdown_code wins over the one passed later.
 *
 * block clears the upcall mask and halts the CPU until an upcall is due
 * (the exit path then delivers it); poll waits, masked or not, until one of
 * the given ports is pending, an upcall is due, or its timeout passes.  The
 * CPU takes the APIC timer interrupt in the hypervisor while it waits.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "mm/guest_access.h"
#include "domain/event.h"
#include "domain/timer.h"
#include "domain/vcpu.h"
#include "arch/machine.h"
#include "lib/printf.h"
#include "abi/sched.h"

static const char *const reason_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

/* Ends the run for a shutdown with the given reason; does not return. */
static void __attribute__((noreturn)) shutdown(uint32_t reason)
{
    if (dom0.shutdown_code >= 0)
        reason = (uint32_t)dom0.shutdown_code;
    log_info("pvx: domain 0 shut down (%s)\n", reason_names[reason]);
    machine_exit(reason == SHUTDOWN_poweroff ? 0 : EXIT_SHUTDOWN_BASE + (int)reason);
}

/* Reads a sched_shutdown from the guest into *reason; returns 0, -EFAULT,
 * or -EINVAL for a reason beyond SHUTDOWN_MAX. */
static long read_reason(uint64_t arg, uint32_t *reason)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -XEN_EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -XEN_EINVAL;
    *reason = s.reason;
    return 0;
}

#define POLL_MAX_PORTS 128

/* Halts until the next interrupt (the timer, here) has been handled. */
static void wait_for_interrupt(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* SCHEDOP_block: returns 0 once an upcall is due. */
static long block(void)
{
    vcpu0_info()->evtchn_upcall_mask = 0;
    while (!event_upcall_due())
        wait_for_interrupt();
    return 0;
}

/* Returns 1 if one of the n ports is pending. */
static int any_pending(const uint32_t *list, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (event_is_pending(list[i]))
            return 1;
    return 0;
}

/* SCHEDOP_poll: returns 0, -EINVAL (too many or bad ports) or -EFAULT. */
static long poll(uint64_t arg)
{
    uint32_t list[POLL_MAX_PORTS];
    struct sched_poll p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -XEN_EFAULT;
    if (p.nr_ports > POLL_MAX_PORTS)
        return -XEN_EINVAL;
    if (copy_from_guest(list, p.ports, p.nr_ports * sizeof(uint32_t)))
        return -XEN_EFAULT;
    for (uint32_t i = 0; i < p.nr_ports; i++)
        if (list[i] >= NR_PORTS)
            return -XEN_EINVAL;
    timer_set_poll_deadline(p.timeout);
    while (!any_pending(list, p.nr_ports) && !event_upcall_due() &&
           !(p.timeout && timer_check()))
        wait_for_interrupt();
    timer_set_poll_deadline(0);
    return 0;
}

/* sched_op(cmd, arg). */
long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint32_t reason;
    long rc;

    (void)a3, (void)a4, (void)a5;
    switch ((uint32_t)cmd) {
    case SCHEDOP_yield:
        return 0;
    case SCHEDOP_block:
        return block();
    case SCHEDOP_poll:
        return poll(arg);
    case SCHEDOP_shutdown:
        if ((rc = read_reason(arg, &reason)) < 0)
            return rc;
        shutdown(reason);
    case SCHEDOP_shutdown_code:
        if ((rc = read_reason(arg, &reason)) < 0)
            return rc;
        if (dom0.shutdown_code < 0)
            dom0.shutdown_code = (int)reason;
        return 0;
    default:
        return -XEN_ENOSYS;
    }
}

/* sched_op_compat(cmd, arg): yield, block and shutdown only, and shutdown
 * takes the reason itself instead of a pointer. */
long do_sched_op_compat(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    switch ((uint32_t)cmd) {
    case SCHEDOP_shutdown:
        if (arg > SHUTDOWN_MAX)
            return -XEN_EINVAL;
        shutdown((uint32_t)arg);
    case SCHEDOP_yield:
    case SCHEDOP_block:
        return do_sched_op(cmd, 0, a3, a4, a5);
    default:
        return -XEN_ENOSYS;
    }
}
