/*
 * The hypercall table: the whole ABI pvx implements, on one screen.  Numbers
 * without a handler return -ENOSYS (pv-abi.md §2): their slots hold
 * do_ni_hypercall, so no caller tests for an empty slot.  syscall_entry
 * (arch/entry.S) indexes it directly; multicall goes through hypercall_call.
 */
#include "hypercall/hypercall.h"
#include "hypercall/continuation.h"
#include "domain/guest_fault.h"
#include "mm/hv_protect.h"
#include "abi/hypercall.h"

/* The handler of every number pvx does not implement: returns -ENOSYS. */
long do_ni_hypercall(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return -XEN_ENOSYS;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"    /* the range first, then the handlers */
hypercall_fn hypercall_table[HC_COUNT] RO_AFTER_BOOT = {   /* written by trace_init (trace/) */
    [0 ... HC_COUNT - 1]   = do_ni_hypercall,
    [HC_set_trap_table]    = do_set_trap_table,
    [HC_mmu_update]        = do_mmu_update,
    [HC_set_gdt]           = do_set_gdt,
    [HC_stack_switch]      = do_stack_switch,
    [HC_set_callbacks]     = do_set_callbacks,
    [HC_fpu_taskswitch]    = do_fpu_taskswitch,
    [HC_sched_op_compat]   = do_sched_op_compat,
    [HC_update_descriptor] = do_update_descriptor,
    [HC_multicall]         = do_multicall,
    [HC_update_va_mapping] = do_update_va_mapping,
    [HC_set_timer_op]      = do_set_timer_op,
    [HC_xen_version]       = do_xen_version,
    [HC_console_io]        = do_console_io,
    [HC_vm_assist]         = do_vm_assist,
    [HC_iret]              = do_iret,
    [HC_vcpu_op]           = do_vcpu_op,
    [HC_set_segment_base]  = do_set_segment_base,
    [HC_mmuext_op]         = do_mmuext_op,
    [HC_sched_op]          = do_sched_op,
    [HC_callback_op]       = do_callback_op,
    [HC_event_channel_op]  = do_event_channel_op,
    [HC_physdev_op]        = do_physdev_op,
};
#pragma GCC diagnostic pop

/* The hypercalls that may return to the guest through IRETQ with a whole
 * new register state (iret itself, and multicall, which may run one), so
 * syscall_entry saves the callee-saved registers in their frame too. */
const uint64_t hypercall_full_frame = (1UL << HC_iret) | (1UL << HC_multicall);

/* Non-zero when a hypercall's return needs more than restoring registers
 * (EXIT_WORK_* in hypercall/hypercall.h: a continuation, a TLB flush, a
 * pending NMI, the audit).  syscall_entry tests it. */
uint8_t hv_exit_work;

/* Runs hypercall nr with five arguments (for multicall); returns its
 * result, -ENOSYS for a number without a handler. */
long hypercall_call(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    return nr < HC_COUNT ? hypercall_table[nr](a1, a2, a3, a4, a5) : -XEN_ENOSYS;
}

/* The slow part of returning from a hypercall: a continuation steps rip
 * back to the SYSCALL (before any upcall frame records rip), then the work
 * every way back to the guest does (guest_return_work). */
void hypercall_exit_work(void)
{
    struct cpu_regs *r = guest_regs();

    if (hv_exit_work & EXIT_WORK_RESTART) {
        hv_exit_work &= (uint8_t)~EXIT_WORK_RESTART;
        r->rip -= 2;
    }
    guest_return_work(r);
}
