/*
 * The four ways aspace_fork builds a child (one hypercall per entry,
 * mmu_update batches, multicalls, plain stores with a late pin) must give
 * the same tree: the same entry, bit for bit, at every level for every
 * mapped VA, since the hypervisor adjusts entries the same way whether it
 * validates them in a pin or checks them one by one.  The parent maps a
 * writable range across an L1 boundary, read-only frames across an L2
 * boundary and a page in a second L4 slot.  Every child is then destroyed
 * and the frame count must be back where it was.
 */
#include <stdio.h>
#include "tests/guest/aspace/aspace_test.h"

#define VA_L1_EDGE  0x5ff000UL          /* 3 pages: L1 boundary at 0x600000 */
#define VA_L2_EDGE  0x3ffff000UL        /* 2 pages: L2 boundary at 1 GiB */

static const unsigned long probe_va[] = {
    VA_L1_EDGE, VA_L1_EDGE + PAGE_SIZE, VA_L1_EDGE + 2 * PAGE_SIZE,
    VA_L2_EDGE, VA_L2_EDGE + PAGE_SIZE, VA_SLOT1,
};
#define NR_PROBES (sizeof(probe_va) / sizeof(probe_va[0]))

static const char *const strategy_name[ASPACE_NR_STRATEGIES] = {
    "per-pte", "mmu_update", "multicall", "late-pin",
};

/* Counts probe entries (all levels; table frames masked off above L1)
 * where b differs from a. */
static int tree_differences(const struct aspace *a, const struct aspace *b)
{
    int diff = 0;

    for (unsigned int p = 0; p < NR_PROBES; p++)
        for (int level = 4; level >= 1; level--) {
            uint64_t mask = level == 1 ? ~0UL : ~PTE_MFN_MASK;

            diff += (entry_at(a, probe_va[p], level) & mask) !=
                    (entry_at(b, probe_va[p], level) & mask);
        }
    return diff;
}

/* The parent described above, switched to. */
static struct aspace *strategies_parent(unsigned long ro[2])
{
    struct aspace *parent = aspace_with(VA_L1_EDGE, 3);

    ro[0] = pfn_alloc();
    ro[1] = pfn_alloc();
    frame_ref_get(ro[0]);
    frame_ref_get(ro[1]);
    if (parent == NULL || aspace_map(parent, VA_L2_EDGE, 2, ro, 2, 0) != 0 ||
        aspace_map(parent, VA_SLOT1, 1, NULL, 0, 1) != 0 || aspace_switch(parent) != 0)
        return NULL;
    return parent;
}

void test_strategies(void)
{
    struct aspace *parent, *child[ASPACE_NR_STRATEGIES];
    unsigned long ro[2], free_before;
    char what[96];
    int ok = 1;

    free_before = pfn_nr_free();
    parent = strategies_parent(ro);
    test_check("strategies: parent built", parent != NULL, 1);
    if (parent == NULL)
        return;
    for (int s = 0; s < ASPACE_NR_STRATEGIES; s++) {
        mmu_batch_stats_reset();
        child[s] = aspace_fork(parent, s);
        snprintf(what, sizeof(what), "strategies: fork %s", strategy_name[s]);
        test_check(what, child[s] != NULL, 1);
        if (child[s] == NULL)
            return;
        mmu_batch_stats_print(strategy_name[s]);
        snprintf(what, sizeof(what), "strategies: %s child == parent, entry for entry",
                 strategy_name[s]);
        test_check(what, tree_differences(parent, child[s]), 0);
    }
    for (int s = 1; s < ASPACE_NR_STRATEGIES; s++)
        ok &= tree_differences(child[0], child[s]) == 0;
    test_check("strategies: all four children identical", ok, 1);
    test_check("strategies: read-only frame shared by parent and 4 children",
               frame_refs(ro[0]), 1 + 5);
    aspace_switch(child[ASPACE_PER_PTE]);
    poke(VA_L1_EDGE + 2 * PAGE_SIZE, 'x');
    test_check("strategies: copy-on-write in the per-pte child",
               mapped_pfn(child[ASPACE_PER_PTE], VA_L1_EDGE + 2 * PAGE_SIZE) !=
               mapped_pfn(parent, VA_L1_EDGE + 2 * PAGE_SIZE), 1);
    aspace_switch(aspace_kernel());
    for (int s = 0; s < ASPACE_NR_STRATEGIES; s++)
        ok &= aspace_destroy(child[s]) == 0;
    ok &= aspace_destroy(parent) == 0;
    test_check("strategies: destroy all", ok, 1);
    frame_ref_put(ro[0]);
    frame_ref_put(ro[1]);
    test_check("strategies: every frame back", pfn_nr_free(), free_before);
}
