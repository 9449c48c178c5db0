/*
 * HYPERVISOR_iret (23), pv-abi.md §9.4.  The guest's rsp points at
 *
 *   rax r11 rcx flags rip cs rflags rsp ss     (struct iret_context)
 *
 * which the iret stub of the hypercall page pushed (rax, r11, rcx) on top of
 * the guest's own flags word and interrupt frame.  The call does not return
 * to its caller: the vCPU continues at rip with rsp, rflags (IF becomes the
 * upcall mask: mask = !IF), and rax; rcx and r11 are restored, or with
 * VGCF_in_syscall get rip and rflags as after SYSRET.  Every other register keeps its value.  Pending
 * events are delivered on the way out if the new mask allows.  A return to
 * user mode (cs RPL 3) crashes the domain: pvx has no guest user mode yet.
 * HYPERVISOR_iret also ends NMI blocking (a direct iretq does not).
 */
#include "hypercall/hypercall.h"
#include "domain/bounce.h"
#include "domain/guest_fault.h"
#include "domain/vcpu.h"
#include "arch/x86.h"
#include "mm/guest_access.h"
#include "abi/layout.h"
#include "abi/trap.h"

/* iret(): never returns to its caller: it ends in return_to_guest, or
 * crashes the domain for a context it cannot use, as Xen does. */
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct cpu_regs *r = guest_regs();
    struct iret_context c;

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (copy_from_guest(&c, r->rsp, sizeof(c)))
        domain_crash(r, "HYPERVISOR_iret with an unreadable frame at 0x%lx", r->rsp);
    if ((c.cs & 3) == 3)
        domain_crash(r, "HYPERVISOR_iret to user mode (cs 0x%lx), which pvx does not support yet",
                     c.cs);
    if (!guest_range_ok(c.rip, 1))
        domain_crash(r, "HYPERVISOR_iret to a bad rip 0x%lx", c.rip);
    vcpu0_info()->evtchn_upcall_mask = !(c.rflags & RFLAGS_IF);
    vcpu0.nmi_masked = 0;                   /* NMIs are allowed again */
    if (vcpu0.nmi_pending)
        hv_exit_work |= EXIT_WORK_NMI;
    r->rax = c.rax;
    r->rip = c.rip;
    r->rsp = c.rsp;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = (c.rflags & ~(uint64_t)(RFLAGS_IOPL | (1 << 17))) | RFLAGS_IF;
    /* With VGCF_in_syscall the return has SYSRET's effect on rcx and r11. */
    r->rcx = (c.flags & VGCF_in_syscall) ? r->rip : c.rcx;
    r->r11 = (c.flags & VGCF_in_syscall) ? r->rflags : c.r11;
    hypercall_exit_work();
    return_to_guest(r);
}
