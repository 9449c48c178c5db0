/*
 * The register frame on the hypervisor stack.  Every entry from the guest
 * (SYSCALL, exception) and every exception inside the hypervisor saves one,
 * lowest address first:
 *
 *   r15 r14 r13 r12 rbp rbx        callee-saved: the hypercall path fills
 *                                  these slots only for iret and multicall
 *                                  (C code preserves the registers
 *                                  themselves)
 *   r11 r10 r9 r8 rdi rsi rdx rcx rax
 *   vector error                   pushed by the entry stub
 *   rip cs rflags rsp ss           pushed by the CPU (or the SYSCALL stub)
 *
 * For an entry from the guest the frame sits at the top of the single
 * hypervisor stack, so guest_regs() finds it.
 */
#ifndef HV_ARCH_REGS_H
#define HV_ARCH_REGS_H

#include <stdint.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx;
    uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define VECTOR_SYSCALL 0x100    /* the "vector" of a hypercall frame */

extern char hv_stack_top[];

/* Returns the guest's saved registers (valid while handling a guest entry). */
static inline struct cpu_regs *guest_regs(void)
{
    return (struct cpu_regs *)((uintptr_t)hv_stack_top - sizeof(struct cpu_regs));
}

/* Restores *regs and returns to the guest with IRETQ; does not return. */
void __attribute__((noreturn)) return_to_guest(struct cpu_regs *regs);

#endif
