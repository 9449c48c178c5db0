/*
 * physdev_op (33): only PHYSDEVOP_set_iopl (pv-abi.md §3.15).  pvx keeps a
 * virtual IOPL; the one port it opens is QEMU's exit port 0xf4, through the
 * TSS I/O bitmap, once the guest's IOPL is at least 1.  That makes
 * "set_iopl(1); outb status, 0xf4" end the run the same way on pvx as on Xen.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "mm/guest_access.h"
#include "arch/gdt.h"
#include "abi/console.h"
#include "trace/trace.h"

/* physdev_op(cmd, arg). */
long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct physdev_set_iopl s;

    (void)a3, (void)a4, (void)a5;
    if ((uint32_t)cmd != PHYSDEVOP_set_iopl)
        return -XEN_ENOSYS;
    if (copy_from_guest(&s, arg, sizeof(s)))
        return -XEN_EFAULT;
    if (s.iopl > 3)
        return -XEN_EINVAL;
    dom0.iopl = s.iopl;
    tss_allow_port(DEBUG_EXIT_PORT, s.iopl >= 1 && !trace_mask);  /* trace/trace_end.c */
    return 0;
}
