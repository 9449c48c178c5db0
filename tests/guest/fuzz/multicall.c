/*
 * Fuzzing multicall (pv-abi.md §3.4): lists of up to 16 entries drawn from
 * every other family, so page-table writes, pins and unpins of the same
 * frames race inside one batch (and, with preempt=, across continuations);
 * races: lists that pin, unpin, write, map and hang one loose frame in
 * random order; entries that are themselves multicalls, of another list or of the list
 * itself, which must fail with -EINVAL without running anything; numbers
 * without a handler; lists that run off the end of our memory; bad list
 * pointers and huge counts.  Every entry's result is checked as if it had
 * been a hypercall of its own.
 */
#include <string.h>
#include "tests/guest/fuzz/fuzz.h"
#include "abi/sched.h"
#include "kernel/hypercall.h"
#include "mm/scratch.h"

#define MAX_ENTRIES     16
#define RESULT_UNSET    0x5a5a5a5a5a5a5a5aUL

static struct fuzz_call entry_calls[MAX_ENTRIES];
static struct multicall_entry *current_list;
static unsigned current_nr;

/* An inner list that a nested multicall entry names: it must never run. */
static struct multicall_entry inner[2];

/* Checks a nested entry's list stayed unrun. */
static void check_inner_unrun(const struct fuzz_call *c, long rc)
{
    (void)rc;
    if (c->ctx[0] && (inner[0].result != RESULT_UNSET || inner[1].result != RESULT_UNSET))
        fuzz_fail("%s: the inner list ran", c->what);
}

/* Checks every entry's result as a hypercall of its own (the multicall
 * itself returned rc). */
static void check_entries(const struct fuzz_call *c, long rc)
{
    unsigned ran = rc == 0 ? current_nr : 0;

    (void)c;
    if (rc < 0) {       /* ran off the end: the entries before it ran */
        for (unsigned i = 0; i < current_nr && current_list[i].result != RESULT_UNSET; i++)
            ran = i + 1;
    }
    for (unsigned i = 0; i < ran; i++) {
        long r = (long)current_list[i].result;

        if (current_list[i].result == RESULT_UNSET) {
            fuzz_fail("multicall entry %u (%s): no result written", i, entry_calls[i].what);
            continue;
        }
        record_result(entry_calls[i].nr, r);
        record_check(&entry_calls[i], r);
    }
}

/* A nested multicall entry: of the inner list, or of the list itself. */
static void nested_entry(struct fuzz_call *e, struct multicall_entry *list, unsigned nr)
{
    int self = rng_chance(50);

    inner[0] = (struct multicall_entry){ .op = HC_xen_version, .result = RESULT_UNSET };
    inner[1] = (struct multicall_entry){ .op = HC_mmuext_op, .result = RESULT_UNSET };
    call_set(e, HC_multicall, self ? (uint64_t)list : (uint64_t)inner, self ? nr : 2, 0, 0,
             ERR(EINVAL), self ? "self-referential multicall entry" : "nested multicall entry");
    e->check = check_inner_unrun;
    e->ctx[0] = !self;
}

/* One entry of a race on frame x: pin it at some level, write one of its
 * entries, unpin it, map it writable or read-only in the sandbox, or hang
 * it under the sandbox's L2; in any order, so the writes meet x pinned,
 * unpinned, validated through a parent or mapped writable. */
static void race_entry(struct fuzz_call *e, unsigned long x)
{
    struct mmuext_op *op = arena_alloc(sizeof(*op));
    struct mmu_update *u = arena_alloc(sizeof(*u));
    unsigned level = 1 + (unsigned)rng_below(4);

    if (!op || !u)
        return call_set(e, HC_sched_op, SCHEDOP_yield, 0, 0, 0, MAY_SUCCEED, "yield");
    switch (rng_below(5)) {
    case 0:
        *op = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE + level - 1, .arg1.mfn = x };
        return call_set(e, HC_mmuext_op, (uint64_t)op, 1, 0, DOMID_SELF, 0, "race: pin");
    case 1:
        *op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = x };
        return call_set(e, HC_mmuext_op, (uint64_t)op, 1, 0, DOMID_SELF, 0, "race: unpin");
    case 2:
        *u = (struct mmu_update){ entry_ma(x, (unsigned)rng_below(PT_ENTRIES)),
                                  rng_chance(20) ? 0 : pte_make(any_world_mfn(), random_pte_flags((int)level)) };
        return call_set(e, HC_mmu_update, (uint64_t)u, 1, 0, DOMID_SELF, 0, "race: write an entry");
    case 3:
        *u = (struct mmu_update){ entry_ma(world.l1, NR_DATA + (unsigned)rng_below(8)),
                                  pte_make(x, PTE_P | PTE_A | (rng_chance(50) ? PTE_RW | PTE_D : 0)) };
        return call_set(e, HC_mmu_update, (uint64_t)u, 1, 0, DOMID_SELF, 0, "race: map it");
    default:
        *u = (struct mmu_update){ entry_ma(world.l2, 1 + (unsigned)rng_below(8)),
                                  rng_chance(30) ? 0 : pte_make(x, PTE_P | PTE_RW | PTE_A | PTE_D) };
        return call_set(e, HC_mmu_update, (uint64_t)u, 1, 0, DOMID_SELF, 0, "race: hang it under L2");
    }
}

/* multicall: a list of entries from the other families, or a bad one. */
void gen_multicall(struct fuzz_call *c)
{
    unsigned nr = 1 + (unsigned)rng_below(MAX_ENTRIES);
    int off_the_end = rng_chance(5);
    struct multicall_entry *list;
    unsigned long race;

    call_set(c, HC_multicall, 0, 0, 0, 0, MAY_SUCCEED, "empty multicall");
    if (rng_chance(4)) {
        if (rng_chance(50))
            call_set(c, HC_multicall, bad_read_ptr(), 1 + rng_below(8), 0, 0, ERR(EFAULT),
                     "multicall of a bad list pointer");
        else {      /* one entry (no such hypercall) in the last bytes of our memory */
            list = (struct multicall_entry *)(scratch_edge_va() + PAGE_SIZE) - 1;
            *list = (struct multicall_entry){ .op = 0x7fff };
            call_set(c, HC_multicall, (uint64_t)list, huge_count() | 0x10000000, 0, 0,
                     ERR(EFAULT), "multicall with a huge count");
        }
        return;
    }
    list = off_the_end ? (struct multicall_entry *)(scratch_edge_va() + PAGE_SIZE) - nr
                       : arena_alloc(nr * sizeof(*list));
    if (!list)
        return;
    gen_nested = 1;
    race = rng_chance(25) ? world.loose[rng_below(NR_LOOSE)] : 0;
    for (unsigned i = 0; i < nr; i++) {
        struct fuzz_call *e = &entry_calls[i];

        if (rng_chance(5))
            nested_entry(e, list, nr);
        else if (race)
            race_entry(e, race);
        else
            gen_any(e, 0);
        list[i] = (struct multicall_entry){ .op = e->nr, .result = RESULT_UNSET };
        memcpy(list[i].args, e->arg, sizeof(e->arg));
    }
    gen_nested = 0;
    current_list = list;
    current_nr = nr;
    call_set(c, HC_multicall, (uint64_t)list, nr + (off_the_end ? 1 + rng_below(64) : 0), 0, 0,
             off_the_end ? ERR(EFAULT) : MAY_SUCCEED, "multicall");
    c->check = check_entries;
    if (off_the_end)
        c->allowed = ERR(EFAULT);
}
