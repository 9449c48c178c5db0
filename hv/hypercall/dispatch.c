/*
 * The hypercall table: the whole ABI pvx implements, on one screen.  Numbers
 * without a handler return -ENOSYS (pv-abi.md §2).
 */
#include "hypercall/hypercall.h"
#include "hypercall/continuation.h"
#include "mm/audit.h"
#include "mm/page_type.h"
#include "abi/hypercall.h"

static const hypercall_fn hypercall_table[HC_COUNT] = {
    [HC_mmu_update]        = do_mmu_update,
    [HC_sched_op_compat]   = do_sched_op_compat,
    [HC_multicall]         = do_multicall,
    [HC_update_va_mapping] = do_update_va_mapping,
    [HC_xen_version]       = do_xen_version,
    [HC_console_io]        = do_console_io,
    [HC_vm_assist]         = do_vm_assist,
    [HC_mmuext_op]         = do_mmuext_op,
    [HC_sched_op]          = do_sched_op,
    [HC_physdev_op]        = do_physdev_op,
};

/* Runs hypercall nr with five arguments; returns its result, -ENOSYS for a
 * number without a handler. */
long hypercall_call(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    hypercall_fn fn = nr < HC_COUNT ? hypercall_table[nr] : 0;

    return fn ? fn(a1, a2, a3, a4, a5) : -XEN_ENOSYS;
}

/* Runs the hypercall in regs->rax and stores its result there; a continued
 * call instead leaves the new number in rax and steps rip back over the
 * SYSCALL.  Called from syscall_entry. */
void hypercall_dispatch(struct cpu_regs *regs)
{
    long rc = hypercall_call(regs->rax, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);

    if (rc == -XEN_ERESTART)
        regs->rip -= 2;
    else
        regs->rax = (uint64_t)rc;
    tlb_flush_if_pending();
    audit_check();
}
