/*
 * SYSCALL setup.  The guest kernel runs in ring 3, so its SYSCALL enters the
 * hypervisor: that is the hypercall instruction (pv-abi.md §1.1).
 *
 *   STAR[47:32] = 0xe008   SYSCALL: CS = 0xe008, SS = 0xe010 (hypervisor)
 *   STAR[63:48] = 0xe023   SYSRET:  CS = 0xe033, SS = 0xe02b (guest, 64-bit)
 *   FMASK clears IF, TF, DF, AC and NT on entry.
 */
#include "arch/syscall.h"
#include "arch/io.h"
#include "arch/x86.h"

extern char syscall_entry[];

/* Programs STAR, LSTAR and FMASK (EFER.SCE is already on from boot). */
void syscall_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)0xe023 << 48) | ((uint64_t)HV_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT);
}
