/*
 * The hypercall fuzzer (tests/guest/fuzz): shared declarations.
 *
 * One step = one top-level hypercall, chosen by a seeded PRNG.  A step is
 * first generated as a struct fuzz_call (number, five arguments, what the
 * result may be, an optional check to run afterwards), then issued, either
 * alone or as one entry of a multicall.  The arguments mix plausible values,
 * which act on the fuzzer's own sandbox of frames (world.c), with hostile
 * ones (rng.c): hypervisor, foreign and bogus frame numbers, pointers into
 * the hypervisor's range, non-canonical, unmapped or read-only pointers,
 * huge counts.  The guest's own kernel, stack and page tables are only ever
 * the target of calls that must fail.
 *
 *   boot L4 [WORLD_SLOT] -> world.l3 [0] -> world.l2 [0] -> world.l1 [i] -> data[i]
 *                            [1..]  -> loose    [1..] -> loose
 *
 * Loose frames are the frames the fuzzer pins, unpins, fills with entries,
 * copies, clears, hangs under the chain and maps: any type may come and go
 * on them.  The chain's top three links stay put, so the fuzzer can always
 * read its data frames through WORLD_VA.
 */
#ifndef TESTS_GUEST_FUZZ_H
#define TESTS_GUEST_FUZZ_H

#include <stdint.h>
#include "abi/errno.h"
#include "abi/layout.h"
#include "abi/hypercall.h"
#include "abi/mmu.h"
#include "mm/pte.h"

#define WORLD_SLOT      12                  /* boot L4 slot of the sandbox */
#define WORLD_VA        l4_slot_va(WORLD_SLOT)
#define NR_DATA         16                  /* data frames, world.l1[0..15] */
#define NR_LOOSE        24
#define NR_FOREIGN      16

/* The sandbox (world.c). */
struct world {
    unsigned long boot_l4, l3, l2, l1;
    unsigned long data[NR_DATA];
    unsigned long loose[NR_LOOSE];
    unsigned long foreign[NR_FOREIGN];      /* RAM frames that are not ours */
    unsigned nr_foreign;
    unsigned long own_min, own_max;         /* our lowest and highest MFN */
    unsigned long shared_info_mfn;
};
extern struct world world;

/* A bit per error number a result may carry (ERR(EINVAL) | ERR(EFAULT)). */
#define ERR(e)          (1ULL << ((XEN_##e) & 63))
#define MAY_SUCCEED     (1ULL << 0)         /* 0 (and positive) results allowed */
#define ANY_ERROR       (~MAY_SUCCEED)      /* must fail, with any documented error */

/* One generated hypercall. */
struct fuzz_call {
    uint64_t nr;            /* 128 and above: a SYSCALL with that rax */
    uint64_t arg[5];
    uint64_t allowed;       /* MAY_SUCCEED and the ERR() bits a result may have */
    const char *what;       /* what a check failure names */
    void (*check)(const struct fuzz_call *c, long rc);     /* optional */
    uint64_t ctx[3];        /* for check */
};

/* PRNG and argument generators (rng.c). */
void rng_seed(uint64_t seed);
uint64_t rng_next(void);
uint64_t rng_below(uint64_t n);
int rng_chance(unsigned percent);
unsigned long hostile_mfn(void);
unsigned long any_world_mfn(void);
unsigned long any_mfn(void);
uint64_t bad_read_ptr(void);
uint64_t bad_write_ptr(void);
uint64_t huge_count(void);
uint64_t random_pte_flags(int level);
void *arena_alloc(unsigned long size);
void arena_reset(void);
int arena_contains(uint64_t p, unsigned long size);

/* Results, documented error sets and failures (record.c). */
void record_result(uint64_t nr, long rc);
void record_check(const struct fuzz_call *c, long rc);
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void record_print(void);
void record_trace(const struct fuzz_call *c);
unsigned long fuzz_failures(void);
unsigned long fuzz_calls(void);
extern uint64_t fuzz_step;

/* Issuing (main.c). */
long fuzz_issue(uint64_t nr, const uint64_t *arg);

/* The sandbox (world.c). */
int world_create(void);
int world_check(void);
int world_destroy(void);
uint64_t world_entry(unsigned long table_mfn, unsigned index);
uint64_t entry_ma(unsigned long table_mfn, unsigned index);

/* Generators, one file per family.  Each fills *c without issuing it. */
void gen_mmu_update(struct fuzz_call *c);
void gen_update_va_mapping(struct fuzz_call *c);
void gen_mmuext_op(struct fuzz_call *c);
void gen_multicall(struct fuzz_call *c);
void gen_descriptors(struct fuzz_call *c);
void gen_cpu_state(struct fuzz_call *c);
void gen_sched(struct fuzz_call *c);
void gen_vcpu_op(struct fuzz_call *c);
void gen_event_channel(struct fuzz_call *c);
void gen_info(struct fuzz_call *c);

/* One HYPERVISOR_iret that comes back, checked (iret.c): not a fuzz_call,
 * since it does not return to its caller. */
void fuzz_iret_step(void);

/* 1 while gen_multicall generates its entries: the checks that compare
 * the state before and after one call are off then (mmu.c). */
extern int gen_nested;

/* 1 if a foreigndom argument names us (mmu.c). */
int foreigndom_ok(uint64_t fd);

/* Fills c with a batch call of count ops at list (mmu.c). */
void batch_call(struct fuzz_call *c, unsigned nr, const void *list, unsigned count,
                unsigned first_bad, uint64_t must, unsigned *pdone);

/* Checks a batch's pdone: ctx = { pdone, count, first hostile index } (mmu.c). */
void check_pdone(const struct fuzz_call *c, long rc);

/* Fills *c with a randomly chosen family's call (any but multicall if
 * nested is 0). */
void gen_any(struct fuzz_call *c, int nested);

/* Sets c's number, arguments and expectation in one line. */
void call_set(struct fuzz_call *c, unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3,
              uint64_t a4, uint64_t allowed, const char *what);

#endif
