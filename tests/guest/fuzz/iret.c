/*
 * Fuzzing HYPERVISOR_iret (pv-abi.md §9.4) the way a guest can survive it:
 * an iret context on our own stack that returns, in kernel mode, to a
 * landing point right behind the call, with random rax, rcx and r11, random
 * arithmetic flags and DF, a random IF (the upcall mask after it is !IF)
 * and a random VGCF_in_syscall; through the iret stub, or through a SYSCALL
 * of our own as Xen's stub does it; with whatever events the other families
 * left pending (an upcall may then run on the way, and must come back).
 * The landing records what it finds, and the step checks it:
 *
 *   rax            the context's rax
 *   rcx, r11       the context's, or with VGCF_in_syscall the new rip and
 *                  rflags (IOPL cleared, IF set), as SYSRET leaves them
 *   flags          CF PF AF ZF SF OF DF as in the context
 *   upcall mask    !IF
 *
 * A context that does not come back (user mode, a wild rip) crashes the
 * domain by design, so it is not generated.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "kernel/irq.h"
#include "kernel/shared_info.h"

#define RFLAGS_ARITH    0x8d5UL             /* CF PF AF ZF SF OF */
#define RFLAGS_DF_BIT   0x400UL
#define RFLAGS_IF_BIT   0x200UL
#define VGCF_IN_SYSCALL 0x100UL

struct iret_case {
    uint64_t rax, rcx, r11, rflags, flags, raw;         /* in (offsets 0..40) */
    uint64_t out_rax, out_rcx, out_r11, out_rflags;     /* out (48..72) */
};

void fuzz_iret_round(struct iret_case *c);
extern char fuzz_iret_landing[];

/* fuzz_iret_round(c): the context (ss, rsp = ours, rflags, cs = 0xe030,
 * rip = the landing, flags), then the iret with c's rax, rcx and r11; the
 * landing stores rax, rcx, r11 and the flags into c, clears DF and
 * returns.  rbx and rbp hold c and the stack across it (HYPERVISOR_iret
 * keeps every register but rax, rcx and r11). */
__asm__(".text\n"
        "fuzz_iret_round:\n\t"
        "push %rbx\n\t"
        "push %rbp\n\t"
        "mov %rdi, %rbx\n\t"
        "mov %rsp, %rbp\n\t"
        "push $0xe02b\n\t"
        "push %rbp\n\t"
        "push 24(%rbx)\n\t"
        "push $0xe030\n\t"
        "lea fuzz_iret_landing(%rip), %rax\n\t"
        "push %rax\n\t"
        "push 32(%rbx)\n\t"
        "mov 0(%rbx), %rax\n\t"
        "mov 8(%rbx), %rcx\n\t"
        "mov 16(%rbx), %r11\n\t"
        "cmpq $0, 40(%rbx)\n\t"
        "jne 1f\n\t"
        "jmp hypercall_page + 23 * 32\n"
        "1:\n\t"
        "push %rcx\n\t"
        "push %r11\n\t"
        "push %rax\n\t"
        "mov $23, %eax\n\t"
        "syscall\n"
        "fuzz_iret_landing:\n\t"
        "pushfq\n\t"
        "popq 72(%rbx)\n\t"
        "cld\n\t"
        "mov %rax, 48(%rbx)\n\t"
        "mov %rcx, 56(%rbx)\n\t"
        "mov %r11, 64(%rbx)\n\t"
        "pop %rbp\n\t"
        "pop %rbx\n\t"
        "ret\n");

/* Compares one register; returns 1 if it differs (and says so). */
static int differs(const char *what, uint64_t got, uint64_t want)
{
    if (got == want)
        return 0;
    fuzz_fail("iret: %s 0x%lx, want 0x%lx", what, (unsigned long)got, (unsigned long)want);
    return 1;
}

/* One iret, generated, made and checked; counted as hypercall 23. */
void fuzz_iret_step(void)
{
    struct iret_case c = {
        .rax = rng_next(), .rcx = rng_next(), .r11 = rng_next(),
        .rflags = (rng_next() & (RFLAGS_ARITH | RFLAGS_DF_BIT | RFLAGS_IF_BIT)) | 2,
        .flags = rng_chance(30) ? VGCF_IN_SYSCALL : 0, .raw = rng_chance(30),
    };
    uint64_t sysret_r11 = c.rflags | RFLAGS_IF_BIT;
    unsigned int saved = irq_save(), mask;

    fuzz_iret_round(&c);
    mask = this_vcpu->evtchn_upcall_mask;
    irq_restore(saved);
    record_result(HC_iret, 0);
    (void)(differs("rax", c.out_rax, c.rax) +
           differs("rcx", c.out_rcx, c.flags ? (uint64_t)fuzz_iret_landing : c.rcx) +
           differs("r11", c.out_r11, c.flags ? sysret_r11 : c.r11) +
           differs("flags", c.out_rflags & (RFLAGS_ARITH | RFLAGS_DF_BIT),
                   c.rflags & (RFLAGS_ARITH | RFLAGS_DF_BIT)) +
           differs("upcall mask", mask, !(c.rflags & RFLAGS_IF_BIT)));
}
