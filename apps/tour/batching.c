/*
 * Step 13: batching.  The same 16 entry changes (the 8 scratch VAs pointed
 * at one frame, then back) three ways, with the guest's update queue
 * (guest/mm/mmu_batch.h) in different modes:
 *
 *   direct          16 update_va_mapping hypercalls
 *   multicall       2 multicalls of 8 update_va_mapping entries
 *   mmu_update      2 multicalls of [mmu_update of 8 entries, one TLB flush]
 */
#include <stddef.h>
#include "apps/tour/tour.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/scratch.h"

#define MAGIC_M     0x4d4d4d4d4d4d4d4dUL
#define NR_CHANGES  (2 * SCRATCH_NR)

struct variant {
    const char *name;
    enum mmu_batch_mode mode;
    int by_entry;               /* mmu_update of the entries, else update_va_mapping */
    unsigned long hypercalls;   /* what the queue must need for the 16 changes */
};

static const struct variant variants[] = {
    { "direct: one update_va_mapping per change", MMU_BATCH_DIRECT, 0, NR_CHANGES },
    { "multicall of update_va_mapping entries", MMU_BATCH_MULTICALL, 0, 2 },
    { "multicall of one mmu_update + one TLB flush", MMU_BATCH_MULTICALL, 1, 2 },
};

/* Queues "slot i maps pte[i]" for every slot, the way v says, and flushes.
 * Returns the flush's result. */
static long queue_all(const struct variant *v, const uint64_t *maddr, const uint64_t *pte)
{
    for (unsigned int i = 0; i < SCRATCH_NR; i++) {
        if (v->by_entry)
            mmu_batch_pte(maddr[i], pte[i]);
        else
            mmu_batch_va(scratch_va(i), pte[i], UVMF_INVLPG);
    }
    if (v->by_entry)
        mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    return mmu_batch_flush(MMU_FLUSH_EXPLICIT);
}

/* Counts the scratch VAs that do not read MAGIC_M. */
static unsigned int wrong_reads(void)
{
    unsigned int wrong = 0;

    for (unsigned int i = 0; i < SCRATCH_NR; i++)
        wrong += *(volatile uint64_t *)scratch_va(i) != MAGIC_M;
    return wrong;
}

/* Runs the 16 changes one way; returns the per-change cost. */
static uint64_t run(const struct variant *v, const uint64_t *maddr, const uint64_t *home,
                    const uint64_t *to_m)
{
    uint64_t t0, t1, t2, t3;
    long rc_there, rc_back;
    unsigned int wrong;

    mmu_batch_set_mode(v->mode, MMU_BATCH_MAX);
    mmu_batch_stats_reset();
    t0 = tour_ticks();
    rc_there = queue_all(v, maddr, to_m);
    t1 = tour_ticks();
    wrong = wrong_reads();
    t2 = tour_ticks();
    rc_back = queue_all(v, maddr, home);
    t3 = tour_ticks();
    tour_say("%s:", v->name);
    tour_expect_rc("  the 8 VAs pointed at frame M", rc_there, 0);
    tour_expect_hex("  VAs not reading M's word", wrong, 0);
    tour_expect_rc("  and back", rc_back, 0);
    tour_expect_hex("  hypercalls", mmu_batch_stats()->hypercalls, v->hypercalls);
    tour_cost("  per change", (t1 - t0) + (t3 - t2), 2, NR_CHANGES);
    return tour_per_op((t1 - t0) + (t3 - t2), 2, NR_CHANGES);
}

/* Step 13: the three ways, side by side, and what the batches saved.  Leaves
 * the queue in its default mode (multicall, the largest limit). */
void tour_multicall(void)
{
    unsigned long pfn = tour_frame(MAGIC_M);
    uint64_t maddr[SCRATCH_NR], home[SCRATCH_NR], to_m[SCRATCH_NR], cost[3];

    tour_say("Each hypercall is a trip into the hypervisor and back.  multicall carries a list");
    tour_say("of calls in one trip, and mmu_update and mmuext_op carry many operations each.");
    tour_say("The guest's MMU code queues its changes and sends them as one batch when it");
    tour_say("must (guest/mm/mmu_batch.c).  The same 16 changes, three ways:");
    if (pfn == INVALID_PFN)
        return;
    for (unsigned int i = 0; i < SCRATCH_NR; i++) {
        if (!tour_check("find the scratch VA's L1 entry",
                        pt_entry_maddr(pt_bootstrap_l4_mfn(), scratch_va(i), 1, &maddr[i]) == 0))
            return;
        home[i] = pt_read_entry(maddr[i]);
        to_m[i] = pte_make(pfn_to_mfn(pfn), PTE_P | PTE_A);
    }
    for (unsigned int v = 0; v < 3; v++)
        cost[v] = run(&variants[v], maddr, home, to_m);
    mmu_batch_set_mode(MMU_BATCH_MULTICALL, MMU_BATCH_MAX);
    tour_say("Saved per change against one hypercall each: %ld by the multicall, %ld by the",
             (long)(cost[0] - cost[1]), (long)(cost[0] - cost[2]));
    tour_say("mmu_update batch (%ld and %ld over the 16 changes).  A batch saves the trips",
             (long)(cost[0] - cost[1]) * NR_CHANGES, (long)(cost[0] - cost[2]) * NR_CHANGES);
    tour_say("in and out (and, with the audit on, its recount after each hypercall); every");
    tour_say("entry is still checked on its own.");
    tour_check("pfn_free", pfn_free(pfn) == 0);
}
