/* Table frames of address spaces (pt_build.h). */
#include "mm/pfn_alloc.h"
#include "mm/pt_build.h"

/* Allocates all n first, so that running out leaves nothing behind. */
int pt_tables_new(unsigned long n, unsigned long *pfns)
{
    for (unsigned long i = 0; i < n; i++) {
        pfns[i] = pfn_alloc();
        if (pfns[i] == INVALID_PFN) {
            while (i-- > 0)
                pfn_free(pfns[i]);
            return -1;
        }
    }
    for (unsigned long i = 0; i < n; i++)
        fmap_set(pfns[i], PTE_RW);
    return mmu_batch_flush(MMU_FLUSH_EXPLICIT) == 0 ? 0 : -1;
}

/* Flushes the queued alias removals and a TLB flush, then frees. */
void pt_release_finish(struct pt_release *r)
{
    if (r->n == 0)
        return;
    mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    mmu_batch_flush(MMU_FLUSH_EXPLICIT);
    while (r->n > 0)
        pfn_free(r->pfns[--r->n]);
}

/* Queues one removal; a full batch is released at once. */
void pt_release_add(struct pt_release *r, unsigned long pfn)
{
    fmap_set(pfn, 0);
    r->pfns[r->n++] = pfn;
    if (r->n == PT_RELEASE_BATCH)
        pt_release_finish(r);
}

/* Post-order walk below table pfn of the given level (> 1). */
static void pt_visit_below(unsigned long pfn, int level, unsigned int nr_entries,
                           void (*visit)(void *ctx, unsigned long pfn, int level), void *ctx)
{
    const uint64_t *entries = pt_entries(pfn);

    for (unsigned int i = 0; i < nr_entries; i++) {
        unsigned long child;

        if (!(entries[i] & PTE_P))
            continue;
        child = pt_entry_pfn(entries[i]);
        if (level - 1 > 1)
            pt_visit_below(child, level - 1, PT_ENTRIES, visit, ctx);
        visit(ctx, child, level - 1);
    }
}

/* The lower half of the L4, then the L4. */
void pt_visit_tables(unsigned long l4_pfn, void (*visit)(void *ctx, unsigned long pfn, int level),
                     void *ctx)
{
    pt_visit_below(l4_pfn, 4, PT_ENTRIES / 2, visit, ctx);
    visit(ctx, l4_pfn, 4);
}
