/*
 * fuzz: a seeded hypercall fuzzer (fuzz.h has the design, docs/fuzzing.md
 * how to run it).
 *
 *   fuzz.elf seed=S count=N
 *
 * issues N hypercalls (multicall entries count one each) drawn from every
 * implemented hypercall, with plausible and hostile arguments (iret only
 * in contexts that come back: iret.c),
 * checking each result against what the ABI allows and its own invariants
 * as it goes.  Run it with the hypervisor's `audit` option, which
 * recomputes every frame's type and counts after each hypercall and stops
 * the machine at the first difference.  The seed is printed first, so any
 * failure replays exactly with the same seed and count.  The last line is
 *
 *   fuzz: N hypercalls, seed S, F failures
 *
 * and the exit status is 0 only when F is 0 and the sandbox came back clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/guest/fuzz/fuzz.h"
#include "kernel/hypercall.h"
#include "kernel/start.h"
#include "kernel/trap.h"
#include "mm/mm.h"

#define CHECK_EVERY     256         /* default steps between two world_check()s */
#define PROGRESS_EVERY  100000      /* hypercalls between two progress lines */

static uint64_t boot_l4_copy[PT_ENTRIES];

/* Issues hypercall nr with five arguments: through the hypercall page for
 * nr < 128, else by a SYSCALL with that rax.  Returns rax. */
long fuzz_issue(uint64_t nr, const uint64_t *arg)
{
    register uint64_t rdi asm("rdi") = arg[0];
    register uint64_t rsi asm("rsi") = arg[1];
    register uint64_t rdx asm("rdx") = arg[2];
    register uint64_t r10 asm("r10") = arg[3];
    register uint64_t r8 asm("r8") = arg[4];
    long rax = (long)nr;

    if (nr < 128) {
        const char *stub = hypercall_page + nr * HYPERCALL_STUB_SIZE;

        asm volatile("call *%[stub]"
                     : "=a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
                     : [stub] "r"(stub) : "memory", "rcx", "r11");
    } else {
        asm volatile("syscall"
                     : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
                     : : "memory", "rcx", "r11");
    }
    return rax;
}

/* Fills in a call. */
void call_set(struct fuzz_call *c, unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3,
              uint64_t a4, uint64_t allowed, const char *what)
{
    *c = (struct fuzz_call){ .nr = nr, .arg = { a1, a2, a3, a4, rng_next() },
                             .allowed = allowed, .what = what };
}

/* Picks a family by weight and generates one call from it. */
void gen_any(struct fuzz_call *c, int nested)
{
    static void (*const families[])(struct fuzz_call *) = {
        gen_mmu_update, gen_mmu_update, gen_mmu_update, gen_mmu_update,
        gen_update_va_mapping, gen_update_va_mapping,
        gen_mmuext_op, gen_mmuext_op, gen_mmuext_op, gen_mmuext_op,
        gen_descriptors, gen_cpu_state, gen_sched, gen_vcpu_op,
        gen_event_channel, gen_event_channel, gen_info, gen_info,
        gen_multicall, gen_multicall,
    };
    unsigned n = sizeof(families) / sizeof(families[0]);

    families[rng_below(nested ? n : n - 2)](c);
}

/* Checks that the live L4 is as it was at start (the hardware's accessed
 * and dirty bits aside): the fuzzer only ever offers it writes that must
 * fail.  Returns 1 if it changed. */
static int boot_l4_changed(void)
{
    const volatile uint64_t *l4 = (const volatile uint64_t *)guest_start_info->pt_base;

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        if ((l4[i] ^ boot_l4_copy[i]) & ~(PTE_A | PTE_D)) {
            fuzz_fail("the live L4's entry %u changed from 0x%lx to 0x%lx", i,
                      (unsigned long)boot_l4_copy[i], (unsigned long)l4[i]);
            return 1;
        }
    }
    return 0;
}

/* #NM after fpu_taskswitch(1): the kernel's entry code has already
 * cleared TS, so the faulting instruction can simply run again. */
static int nm_retry(struct trap_frame *frame)
{
    (void)frame;
    return 1;
}

/* Parses "seed=S", "count=N", "check=K" (sandbox checks every K steps) and
 * "trace=T" (print the call of every step from T on);
 * returns 0, or -1 with a message. */
static int parse_args(int argc, char **argv, uint64_t *seed, uint64_t *count, uint64_t *check,
                      uint64_t *trace)
{
    for (int i = 1; i < argc; i++) {
        char *end;

        if (strncmp(argv[i], "seed=", 5) == 0)
            *seed = strtoull(argv[i] + 5, &end, 0);
        else if (strncmp(argv[i], "count=", 6) == 0)
            *count = strtoull(argv[i] + 6, &end, 0);
        else if (strncmp(argv[i], "check=", 6) == 0)
            *check = strtoull(argv[i] + 6, &end, 0);
        else if (strncmp(argv[i], "trace=", 6) == 0)
            *trace = strtoull(argv[i] + 6, &end, 0);
        else
            end = argv[i];
        if (end == argv[i] || *end != '\0' || *check == 0) {
            printf("fuzz: bad argument '%s' (want seed=N count=N check=N trace=N)\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* One step: one top-level hypercall, generated, issued and checked;
 * printed first from the step to trace on. */
static void step(uint64_t trace)
{
    struct fuzz_call c;
    long rc;

    arena_reset();
    if (rng_chance(3)) {
        fuzz_iret_step();
        return;
    }
    gen_any(&c, 1);
    if (fuzz_step >= trace)
        record_trace(&c);
    rc = fuzz_issue(c.nr, c.arg);
    record_result(c.nr, rc);
    record_check(&c, rc);
}

/* Builds the sandbox, runs steps until count hypercalls were issued,
 * tears the sandbox down and prints the counts.  Returns 0 with no
 * failure, 1 with failures, 2 for bad arguments or no sandbox. */
int main(int argc, char **argv)
{
    uint64_t seed, count = 10000, check = CHECK_EVERY, trace = ~0UL, next_progress = PROGRESS_EVERY;
    int dirty;

    __asm__ volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax" : "=a"(seed) : : "rdx");
    seed &= 0xffffffff;
    if (parse_args(argc, argv, &seed, &count, &check, &trace) < 0)
        return 2;
    printf("fuzz: seed %lu count %lu (replay: seed=%lu count=%lu)\n", (unsigned long)seed,
           (unsigned long)count, (unsigned long)seed, (unsigned long)count);
    rng_seed(seed);
    trap_set_handler(TRAP_NM, nm_retry);
    if (mm_init() != 0 || world_create() != 0) {
        printf("fuzz: cannot set up the sandbox\n");
        return 2;
    }
    memcpy(boot_l4_copy, (const void *)guest_start_info->pt_base, sizeof(boot_l4_copy));
    for (fuzz_step = 0; fuzz_calls() < count; fuzz_step++) {
        step(trace);
        if (fuzz_step % check == check - 1)
            (void)(world_check() + boot_l4_changed());
        if (fuzz_calls() >= next_progress) {
            printf("fuzz: %lu hypercalls, %lu steps, %lu failures\n", fuzz_calls(),
                   (unsigned long)fuzz_step + 1, fuzz_failures());
            next_progress += PROGRESS_EVERY;
        }
    }
    world_check();
    boot_l4_changed();
    dirty = world_destroy();
    record_print();
    printf("fuzz: %lu steps; the sandbox %s\n", (unsigned long)fuzz_step,
           dirty ? "did not come back clean" : "came back clean");
    printf("fuzz: %lu hypercalls, seed %lu, %lu failures\n", fuzz_calls(), (unsigned long)seed,
           fuzz_failures());
    return fuzz_failures() ? 1 : 0;
}
