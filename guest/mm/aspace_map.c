/* Mapping and unmapping ranges of an address space (aspace.h). */
#include <string.h>
#include "abi/layout.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_build.h"

#define UNMAP_BATCH         64

/* 1 if [va, va + npages pages) is page-aligned and in the lower half. */
static int aspace_range_ok(unsigned long va, unsigned long npages)
{
    return (va & (PAGE_SIZE - 1)) == 0 && va < LOWER_HALF_END &&
           npages <= (LOWER_HALF_END - va) / PAGE_SIZE;
}

/* The table below entry `index` of table pfn.  If there is none and create
 * is set, makes an empty one and hooks it in (sealed: seal it first and
 * flush, so the next walk sees the new entry).  Returns its PFN or
 * INVALID_PFN. */
static unsigned long aspace_table(struct aspace *as, unsigned long pfn, unsigned int index,
                                  int create)
{
    uint64_t entry = pt_entries(pfn)[index];
    int sealed = (as->flags & ASPACE_SEALED) != 0;
    unsigned long table;

    if (entry & PTE_P)
        return pt_entry_pfn(entry);
    if (!create || pt_tables_new(1, &table) != 0)
        return INVALID_PFN;
    memset(pt_entries(table), 0, PAGE_SIZE);
    if (sealed)
        pt_seal(table);
    pt_write(sealed, pfn, index, pte_make(pfn_to_mfn(table), PTE_P | PTE_RW | PTE_A));
    if (sealed && mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        return INVALID_PFN;
    return table;
}

/* The L1 covering va, made with its parents if create is set. */
static unsigned long aspace_l1(struct aspace *as, unsigned long va, int create)
{
    unsigned long table = as->l4;

    for (int level = 4; level > 1 && table != INVALID_PFN; level--)
        table = aspace_table(as, table, pt_index(va, level), create);
    return table;
}

/* Walks down through present entries only. */
uint64_t aspace_lookup(const struct aspace *as, unsigned long va)
{
    unsigned long table = as->l4;
    uint64_t entry;

    if (va >= LOWER_HALF_END)
        return 0;
#pragma GCC unroll 3
    for (int level = 4; level > 1; level--) {
        entry = pt_entries(table)[pt_index(va, level)];
        if (!(entry & PTE_P))
            return 0;
        table = pt_entry_pfn(entry);
    }
    entry = pt_entries(table)[pt_index(va, 1)];
    return entry & PTE_P ? entry : 0;
}

/* A fresh frame, cleared by a queued MMUEXT_CLEAR_PAGE; INVALID_PFN if none. */
static unsigned long aspace_zeroed_frame(void)
{
    unsigned long pfn = pfn_alloc();

    if (pfn != INVALID_PFN)
        mmu_batch_ext(MMUEXT_CLEAR_PAGE, pfn_to_mfn(pfn), 0);
    return pfn;
}

/* Checks the range is free, then one entry per page (and the tables they
 * need), and one flush at the end. */
int aspace_map(struct aspace *as, unsigned long va, unsigned long npages,
               const unsigned long *pfns, unsigned long nr_pfns, int writable)
{
    uint64_t flags = PTE_P | PTE_A | (writable ? PTE_RW | PTE_D : 0);
    int sealed = (as->flags & ASPACE_SEALED) != 0;
    unsigned long l1 = INVALID_PFN;
    int rc = 0;

    if ((as->flags & ASPACE_KERNEL) || !aspace_range_ok(va, npages) ||
        (pfns != NULL && nr_pfns == 0))
        return -1;
    for (unsigned long i = 0; i < npages; i++)
        if (aspace_lookup(as, va + i * PAGE_SIZE) != 0)
            return -1;
    for (unsigned long i = 0; i < npages && rc == 0; i++) {
        unsigned long page = va + i * PAGE_SIZE, pfn;

        if (l1 == INVALID_PFN || pt_index(page, 1) == 0)
            l1 = aspace_l1(as, page, 1);
        pfn = pfns != NULL ? pfns[i % nr_pfns] : aspace_zeroed_frame();
        if (l1 == INVALID_PFN || pfn == INVALID_PFN) {
            if (pfns == NULL && pfn != INVALID_PFN)
                pfn_free(pfn);
            rc = -1;
            break;
        }
        frame_ref_get(pfn);
        pt_write(sealed, l1, pt_index(page, 1), pte_make(pfn_to_mfn(pfn), flags));
    }
    if (mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        rc = -1;
    return rc;
}

/* Issues the queued clears (and a TLB flush if as is in CR3), then drops
 * the frames' counts. */
static void aspace_unmap_flush(const struct aspace *as, unsigned long *pfns, unsigned int *n)
{
    if (as == aspace_current())
        mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    mmu_batch_flush(MMU_FLUSH_EXPLICIT);
    while (*n > 0)
        frame_ref_put(pfns[--*n]);
}

/* Clears each present entry; the counts drop after each batch. */
int aspace_unmap(struct aspace *as, unsigned long va, unsigned long npages)
{
    int sealed = (as->flags & ASPACE_SEALED) != 0;
    unsigned long pfns[UNMAP_BATCH];
    unsigned int n = 0;

    if ((as->flags & ASPACE_KERNEL) || !aspace_range_ok(va, npages))
        return -1;
    for (unsigned long i = 0; i < npages; i++) {
        unsigned long page = va + i * PAGE_SIZE;
        unsigned long l1 = aspace_l1(as, page, 0);
        uint64_t entry;

        if (l1 == INVALID_PFN || !((entry = pt_entries(l1)[pt_index(page, 1)]) & PTE_P))
            continue;
        pt_write(sealed, l1, pt_index(page, 1), 0);
        pfns[n++] = pt_entry_pfn(entry);
        if (n == UNMAP_BATCH)
            aspace_unmap_flush(as, pfns, &n);
    }
    aspace_unmap_flush(as, pfns, &n);
    return 0;
}
