/*
 * Hypercall wrappers of the pvx guest (pv-abi.md §1.1, §1.3).
 *
 * Hypercall N is `call hypercall_page + N*32`: the stub the builder wrote there
 * saves rcx and r11, loads N into eax and executes SYSCALL.  Arguments go in
 * rdi, rsi, rdx, r10, r8; the result comes back in rax (negative = -errno).
 * A debug Xen overwrites the argument registers it used, so all five are
 * declared clobbered whatever the call, and "memory" because the hypervisor
 * reads and writes the structures the arguments point to.
 */
#ifndef GUEST_KERNEL_HYPERCALL_H
#define GUEST_KERNEL_HYPERCALL_H

#include "abi/hypercall.h"
#include "abi/console.h"
#include "abi/mmu.h"
#include "abi/sched.h"

extern char hypercall_page[4096];

/* Hypercall nr (a constant) with five arguments; evaluates to rax. */
#define hypercall5(nr, a1, a2, a3, a4, a5) ({                                   \
    register unsigned long hc_rdi asm("rdi") = (unsigned long)(a1);             \
    register unsigned long hc_rsi asm("rsi") = (unsigned long)(a2);             \
    register unsigned long hc_rdx asm("rdx") = (unsigned long)(a3);             \
    register unsigned long hc_r10 asm("r10") = (unsigned long)(a4);             \
    register unsigned long hc_r8 asm("r8") = (unsigned long)(a5);               \
    long hc_rax;                                                                \
    asm volatile("call hypercall_page + %c[offset]"                             \
                 : "=a"(hc_rax), "+r"(hc_rdi), "+r"(hc_rsi), "+r"(hc_rdx),      \
                   "+r"(hc_r10), "+r"(hc_r8)                                    \
                 : [offset] "i"((nr) * HYPERCALL_STUB_SIZE)                     \
                 : "memory");                                                   \
    hc_rax;                                                                     \
})

/* console_io(cmd, count, buf): 0 (write) or bytes read, or -errno. */
static inline long hypercall_console_io(int cmd, unsigned long count, const char *buf)
{
    return hypercall5(HC_console_io, cmd, count, buf, 0, 0);
}

/* xen_version(cmd, arg): a version number, 0, or -errno (-ENOSYS for unknown cmd). */
static inline long hypercall_xen_version(int cmd, void *arg)
{
    return hypercall5(HC_xen_version, cmd, arg, 0, 0, 0);
}

/* sched_op(cmd, arg): 0 or -errno; SCHEDOP_shutdown does not return on success. */
static inline long hypercall_sched_op(int cmd, void *arg)
{
    return hypercall5(HC_sched_op, cmd, arg, 0, 0, 0);
}

/* physdev_op(cmd, arg): 0 or -errno. */
static inline long hypercall_physdev_op(int cmd, void *arg)
{
    return hypercall5(HC_physdev_op, cmd, arg, 0, 0, 0);
}

/* mmu_update(reqs, count, pdone, foreigndom): 0 or -errno.  Stops at the first
 * failing request; *pdone (if pdone is not NULL) = the requests done. */
static inline long hypercall_mmu_update(const struct mmu_update *reqs, unsigned int count,
                                        unsigned int *pdone, unsigned int foreigndom)
{
    return hypercall5(HC_mmu_update, reqs, count, pdone, foreigndom, 0);
}

/* update_va_mapping(va, pte, flags): 0 or -errno; flags are UVMF_*, possibly
 * ORed with a pointer to a vCPU bitmap. */
static inline long hypercall_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
    return hypercall5(HC_update_va_mapping, va, pte, flags, 0, 0);
}

/* mmuext_op(ops, count, pdone, foreigndom): 0 or -errno, like mmu_update. */
static inline long hypercall_mmuext_op(const struct mmuext_op *ops, unsigned int count,
                                       unsigned int *pdone, unsigned int foreigndom)
{
    return hypercall5(HC_mmuext_op, ops, count, pdone, foreigndom, 0);
}

/* multicall(list, nr_calls): 0 or -errno; each entry's result is written back. */
static inline long hypercall_multicall(struct multicall_entry *list, unsigned int nr_calls)
{
    return hypercall5(HC_multicall, list, nr_calls, 0, 0, 0);
}

/* vm_assist(cmd, type): 0 or -errno. */
static inline long hypercall_vm_assist(unsigned int cmd, unsigned int type)
{
    return hypercall5(HC_vm_assist, cmd, type, 0, 0, 0);
}

#endif
