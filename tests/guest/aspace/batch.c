/*
 * The update queue (guest/mm/mmu_batch.h) against a live L1 table.
 *
 * With a limit of 8, twenty entry writes interrupted by a flush point after
 * the fifth must reach the table in order: five at the flush point, thirteen
 * after the first full batch, all twenty after the last flush, and none
 * before its batch is issued.  The counters must show exactly those
 * flushes, with their reasons and sizes.  Then one batch of the three kinds
 * (mmu_update, mmuext_op, update_va_mapping) in each mode: one multicall,
 * three single-kind batches, three direct hypercalls.  A queue that lost an
 * update, reordered one across a flush point or counted wrongly fails here.
 */
#include "tests/guest/aspace/aspace_test.h"

#define NR_ENTRIES 20

static unsigned long l1;                    /* the live L1 behind VA_LOW */
static unsigned long frames[NR_ENTRIES + 1];

/* Queues entry i of the L1: frame i, read-only. */
static void queue_entry(unsigned int i)
{
    mmu_batch_pte(pte_make(pfn_to_mfn(l1), 0) + i * 8,
                  pte_make(pfn_to_mfn(frames[i]), PTE_P | PTE_A));
}

/* How many of entries 1..NR_ENTRIES are present. */
static unsigned int entries_present(void)
{
    unsigned int n = 0;

    for (unsigned int i = 1; i <= NR_ENTRIES; i++)
        n += (pt_entries(l1)[i] & PTE_P) != 0;
    return n;
}

/* Twenty writes, a flush point after five, limit 8. */
static void batch_interrupted(void)
{
    const struct mmu_batch_stats *st = mmu_batch_stats();

    mmu_batch_set_mode(MMU_BATCH_MULTICALL, 8);
    mmu_batch_stats_reset();
    for (unsigned int i = 1; i <= 5; i++)
        queue_entry(i);
    test_check("batch: nothing issued before the flush point", entries_present(), 0);
    test_check("batch: 5 pending", mmu_batch_pending(), 5);
    test_check("batch: flush point", mmu_batch_flush(MMU_FLUSH_EXPLICIT), 0);
    test_check("batch: 5 entries after the flush point", entries_present(), 5);
    for (unsigned int i = 6; i <= NR_ENTRIES; i++)
        queue_entry(i);
    test_check("batch: a full batch of 8 went out by itself", entries_present(), 13);
    test_check("batch: 7 still pending", mmu_batch_pending(), 7);
    test_check("batch: last flush", mmu_batch_flush(MMU_FLUSH_EXPLICIT), 0);
    test_check("batch: all 20 entries", entries_present(), NR_ENTRIES);
    test_check("batch: entry 20 maps frame 20",
               pte_mfn(pt_entries(l1)[NR_ENTRIES]), pfn_to_mfn(frames[NR_ENTRIES]));
    test_check("batch: counted 20 ops", st->ops, 20);
    test_check("batch: in 3 hypercalls", st->hypercalls, 3);
    test_check("batch: 1 full flush", st->flushes[MMU_FLUSH_FULL], 1);
    test_check("batch: 2 explicit flushes", st->flushes[MMU_FLUSH_EXPLICIT], 2);
    test_check("batch: sizes 5 and 7 in bucket 4-7", st->sizes[2], 2);
    test_check("batch: size 8 in bucket 8-15", st->sizes[3], 1);
    mmu_batch_stats_print("batch-interrupted");
}

/* One entry write, one TLB flush, one update_va_mapping in mode m; returns
 * the hypercalls that took and checks the mapping landed. */
static unsigned long batch_mixed(enum mmu_batch_mode m, const char *what)
{
    unsigned long va = VA_LOW + 21 * PAGE_SIZE;

    mmu_batch_set_mode(m, MMU_BATCH_MAX);
    mmu_batch_stats_reset();
    mmu_batch_pte(pte_make(pfn_to_mfn(l1), 0) + 21 * 8, 0);
    mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    mmu_batch_va(va, pte_make(pfn_to_mfn(frames[0]), PTE_P | PTE_A), UVMF_INVLPG);
    test_check(what, mmu_batch_flush(MMU_FLUSH_EXPLICIT), 0);
    test_check("batch: update_va_mapping landed", pte_mfn(pt_entries(l1)[21]),
               pfn_to_mfn(frames[0]));
    mmu_batch_stats_print(what);
    return mmu_batch_stats()->hypercalls;
}

void test_batch(void)
{
    struct aspace *as = aspace_with(VA_LOW, 1);
    enum mmu_batch_mode mode = mmu_batch_mode();
    unsigned int limit = mmu_batch_limit();

    if (as == NULL || aspace_switch(as) != 0)
        return;
    l1 = pt_entry_pfn(entry_at(as, VA_LOW, 2));
    for (unsigned int i = 0; i <= NR_ENTRIES; i++) {
        frames[i] = pfn_alloc();
        frame_ref_get(frames[i]);   /* the mapping's; destroy drops it */
    }
    frame_ref_get(frames[0]);       /* ours, beside the mapping at entry 21 */
    batch_interrupted();
    test_check("batch: multicall mode, 1 hypercall",
               batch_mixed(MMU_BATCH_MULTICALL, "batch-mixed-multicall"), 1);
    test_check("batch: mmu_update mode, 3 hypercalls",
               batch_mixed(MMU_BATCH_MMU_UPDATE, "batch-mixed-mmu_update"), 3);
    test_check("batch: direct mode, 3 hypercalls",
               batch_mixed(MMU_BATCH_DIRECT, "batch-mixed-direct"), 3);
    test_check("batch: back to the kernel", aspace_switch(aspace_kernel()), 0);
    test_check("batch: destroy", aspace_destroy(as), 0);
    test_check("batch: frame 0 still held by us", frame_refs(frames[0]), 1);
    frame_ref_put(frames[0]);
    mmu_batch_set_mode(mode, limit);
}
