/*
 * The hypercall table: the whole ABI pvx implements, on one screen.  Numbers
 * without a handler return -ENOSYS (pv-abi.md §2).
 */
#include "hypercall/hypercall.h"
#include "abi/hypercall.h"

static const hypercall_fn hypercall_table[HC_COUNT] = {
    [HC_sched_op_compat] = do_sched_op_compat,
    [HC_xen_version]     = do_xen_version,
    [HC_console_io]      = do_console_io,
    [HC_sched_op]        = do_sched_op,
    [HC_physdev_op]      = do_physdev_op,
};

/* Runs the hypercall in regs->rax with the argument registers and stores
 * the result in regs->rax.  Called from syscall_entry. */
void hypercall_dispatch(struct cpu_regs *regs)
{
    uint64_t nr = regs->rax;
    hypercall_fn fn = nr < HC_COUNT ? hypercall_table[nr] : 0;

    if (!fn) {
        regs->rax = (uint64_t)-XEN_ENOSYS;
        return;
    }
    regs->rax = (uint64_t)fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
}
