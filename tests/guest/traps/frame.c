/*
 * The bounce frame (§9.2) and HYPERVISOR_iret (§9.4).
 *
 * Frame: int3 from known registers, with events masked and unmasked and
 * with rsp at both 16-byte phases, then every word of the frame: rcx and
 * r11 (the two the stub pops first), rip after the int3, cs = 0xe030 (RPL 0
 * for kernel mode) with the saved mask in bits 39:32, rflags.IF = !mask,
 * rsp, ss, and the frame's top at the old rsp rounded down to 16.
 *
 * iret: a handler of int3 rewrites the whole frame (15 registers,
 * rip, rsp onto another stack, arithmetic flags and DF, IF) and the landing
 * code stores what it finds.  Both directions of the upcall mask: 0 -> 1
 * and 1 -> 0.  And an iret context built by hand with VGCF_in_syscall:
 * rcx and r11 come back as SYSRET leaves them, the new rip and rflags.
 */
#include <stdio.h>
#include "abi/layout.h"
#include "kernel/irq.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"
#include "tests/guest/traps/traps_test.h"

#define IRET_FLAGS  (RFLAGS_CF | (1UL << 2) | (1UL << 6) | (1UL << 7) | RFLAGS_DF | (1UL << 11))
#define IRET_STACK_WORDS 2048
#define K_RCX 0xc1c1c1c1c1c1c1c1UL
#define K_R11 0xb1b1b1b1b1b1b1b1UL

uint64_t probe_rsp_before;
uint64_t iret_out[17];          /* rax..r15 (trap_frame order reversed), rflags, rsp */
uint64_t iret_saved_rsp;
static uint64_t iret_stack[IRET_STACK_WORDS] __attribute__((aligned(16)));
static uint64_t iret_new_if;

void iret_probe(void);
extern char iret_landing[];

/* iret_probe: int3 from a known stack; the handler sends us to
 * iret_landing with every register rewritten; store them all, then get
 * back onto our own stack and return. */
__asm__(".text\n"
        "iret_probe:\n\t"
        "push %rbp; push %rbx; push %r12; push %r13; push %r14; push %r15\n\t"
        "mov %rsp, iret_saved_rsp(%rip)\n\t"
        "int3\n\t"
        "ud2\n"
        "iret_landing:\n\t"
        "pushfq; push %rax\n\t"
        "lea iret_out(%rip), %rax\n\t"
        "popq (%rax)\n\t"
        "mov %rbx, 8(%rax); mov %rcx, 16(%rax); mov %rdx, 24(%rax); mov %rsi, 32(%rax)\n\t"
        "mov %rdi, 40(%rax); mov %rbp, 48(%rax); mov %r8, 56(%rax); mov %r9, 64(%rax)\n\t"
        "mov %r10, 72(%rax); mov %r11, 80(%rax); mov %r12, 88(%rax); mov %r13, 96(%rax)\n\t"
        "mov %r14, 104(%rax); mov %r15, 112(%rax)\n\t"
        "popq 120(%rax)\n\t"
        "mov %rsp, 128(%rax)\n\t"
        "mov iret_saved_rsp(%rip), %rsp\n\t"
        "cld\n\t"
        "pop %r15; pop %r14; pop %r13; pop %r12; pop %rbx; pop %rbp\n\t"
        "ret\n");

uint64_t sysret_out[2];         /* rcx, r11 at the landing */
void iret_syscall_probe(void), iret_syscall_probe_raw(void);
extern char iret_syscall_landing[];

/* An iret context on our own stack (ss, rsp, rflags = CF | IF, cs = 0xe030
 * (RPL 0: back to kernel mode), rip = the landing, flags =
 * VGCF_in_syscall), with rcx and r11 holding K_RCX and K_R11; then `enter`:
 * the iret stub (which pushes rcx, r11 and rax), or what Xen's own stub
 * does, by hand. */
#define IRET_SYSCALL_PROBE(name, enter)                 \
    ".text\n" name ":\n\t"                              \
    "mov %rsp, %rax\n\t"                                \
    "push $0xe02b\n\t"                                  \
    "push %rax\n\t"                                     \
    "push $0x203\n\t"                                   \
    "push $0xe030\n\t"                                  \
    "lea iret_syscall_landing(%rip), %rax\n\t"          \
    "push %rax\n\t"                                     \
    "push $0x100\n\t"                                   \
    "movabs $0xc1c1c1c1c1c1c1c1, %rcx\n\t"              \
    "movabs $0xb1b1b1b1b1b1b1b1, %r11\n\t"              \
    enter "\n"

__asm__(IRET_SYSCALL_PROBE("iret_syscall_probe", "jmp hypercall_page + 23 * 32")
        IRET_SYSCALL_PROBE("iret_syscall_probe_raw",
                           "push %rcx; push %r11; push %rax; mov $23, %eax; syscall")
        "iret_syscall_landing:\n\t"
        "mov %rcx, sysret_out(%rip)\n\t"
        "mov %r11, sysret_out + 8(%rip)\n\t"
        "ret\n");

/* The value the handler puts in register i (rax = 0 .. r15 = 14). */
static uint64_t iret_pattern(int i)
{
    return 0x5a00000000000000UL | ((uint64_t)(i + 1) << 40) | ((uint64_t)(i + 1) * 0x1111);
}

/* Rewrites the frame as the file comment says. */
static int iret_handler(struct trap_frame *f)
{
    uint64_t *gprs = &f->r15;   /* r15 first, rax last */

    for (int i = 0; i < 15; i++)
        gprs[14 - i] = iret_pattern(i);
    f->rip = (uint64_t)iret_landing;
    f->rsp = (uint64_t)&iret_stack[IRET_STACK_WORDS];
    f->rflags = (f->rflags & ~(IRET_FLAGS | RFLAGS_IF)) | IRET_FLAGS | iret_new_if;
    return 1;
}

/* int3 with rcx/r11 known and rsp shifted by `shift` bytes; checks the frame. */
static void frame_case(const char *what, int masked, int shift)
{
    char name[128];
    unsigned int old = irq_save();

    if (!masked)
        irq_enable();
    probe_arm();
    if (shift)
        PROBE("sub $8, %%rsp; mov %%rsp, probe_rsp_before(%%rip); movabs $0xc1c1c1c1c1c1c1c1, %%rcx;"
              "movabs $0xb1b1b1b1b1b1b1b1, %%r11", "int3", "add $8, %%rsp", "rcx", "r11");
    else
        PROBE("mov %%rsp, probe_rsp_before(%%rip); movabs $0xc1c1c1c1c1c1c1c1, %%rcx;"
              "movabs $0xb1b1b1b1b1b1b1b1, %%r11", "int3", "", "rcx", "r11");
    snprintf(name, sizeof(name), "%s: mask after the return", what);
    test_check(name, this_vcpu->evtchn_upcall_mask, masked);
    irq_restore(old);
    probe_expect(what, TRAP_BP, probe_resume_rip, 0);
#define FRAME_CHECK(field, got, want) \
    snprintf(name, sizeof(name), "%s: %s", what, field), test_check(name, got, want)
    FRAME_CHECK("rcx (popped first)", probe.frame.rcx, K_RCX);
    FRAME_CHECK("r11 (popped second)", probe.frame.r11, K_R11);
    FRAME_CHECK("cs = 0xe030 (RPL 0: kernel mode)", probe.frame.cs & 0xffff, FLAT_KERNEL_CS & ~3);
    FRAME_CHECK("saved mask (cs bits 39:32)", trap_frame_saved_mask(&probe.frame), masked);
    FRAME_CHECK("rflags.IF = !saved mask", !!(probe.frame.rflags & RFLAGS_IF), !masked);
    FRAME_CHECK("rsp", probe.frame.rsp, probe_rsp_before);
    FRAME_CHECK("ss", probe.frame.ss, FLAT_KERNEL_SS);
    FRAME_CHECK("frame top = old rsp rounded down to 16", probe.frame_top, probe_rsp_before & ~15UL);
    FRAME_CHECK("events masked in the handler (gate flag 4)", probe.mask_in_handler, 1);
#undef FRAME_CHECK
}

/* All frame cases, then a gate without "mask events". */
void test_bounce_frame(void)
{
    unsigned int old;

    frame_case("frame, events unmasked", 0, 0);
    frame_case("frame, events unmasked, rsp 8 lower", 0, 1);
    frame_case("frame, events masked", 1, 0);

    test_check("gate 3 without mask-on-entry", trap_set_gate(TRAP_BP, 3, 0), 0);
    old = irq_save();
    irq_enable();
    probe_arm();
    PROBE("", "int3", "");
    probe_disarm();
    irq_restore(old);
    test_check("gate without flag 4: events still unmasked in the handler", probe.mask_in_handler, 0);
    test_check("gate 3 back to mask-on-entry", trap_set_gate(TRAP_BP, 3, 1), 0);
}

/* One iret_probe with events masked or not before; returns the mask after. */
static unsigned int iret_run(int masked_before, uint64_t new_if)
{
    unsigned int old = irq_save(), after;

    if (!masked_before)
        irq_enable();
    iret_new_if = new_if;
    iret_probe();
    after = this_vcpu->evtchn_upcall_mask;
    irq_restore(old);
    return after;
}

/* VGCF_in_syscall: rcx = the new rip, r11 = the new rflags (IF set: the
 * mask goes to 0 on the way, and is put back after); through the iret stub
 * and through a SYSCALL of our own. */
static void test_iret_in_syscall(void)
{
    static void (*const probes[2])(void) = { iret_syscall_probe, iret_syscall_probe_raw };
    static const char *const ways[2] = { "the stub", "SYSCALL" };
    char name[96];

    for (int i = 0; i < 2; i++) {
        unsigned int old = irq_save();

        sysret_out[0] = sysret_out[1] = 0;
        probes[i]();
        irq_restore(old);
        snprintf(name, sizeof(name), "iret (%s) with VGCF_in_syscall: rcx = the new rip", ways[i]);
        test_check(name, sysret_out[0], (uint64_t)iret_syscall_landing);
        snprintf(name, sizeof(name), "iret (%s) with VGCF_in_syscall: r11 = the new rflags", ways[i]);
        test_check(name, sysret_out[1], 0x203);
    }
}

/* Both directions; the registers once. */
void test_iret(void)
{
    static const char *const names[15] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
                                           "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
    trap_handler_t old = trap_set_handler(TRAP_BP, iret_handler);
    char name[64];

    test_check("iret with IF clear from unmasked code: mask 0 -> 1", iret_run(0, 0), 1);
    for (int i = 0; i < 15; i++) {
        snprintf(name, sizeof(name), "iret restores %s", names[i]);
        test_check(name, iret_out[i], iret_pattern(i));
    }
    test_check("iret restores rsp (another stack)", iret_out[16],
               (uint64_t)&iret_stack[IRET_STACK_WORDS]);
    test_check("iret restores CF PF ZF SF DF OF", iret_out[15] & IRET_FLAGS, IRET_FLAGS);
    test_check("iret with IF set from masked code: mask 1 -> 0", iret_run(1, RFLAGS_IF), 0);
    test_check("iret with IF set: landed with the same registers", iret_out[3], iret_pattern(3));
    trap_set_handler(TRAP_BP, old);
    test_iret_in_syscall();
}
