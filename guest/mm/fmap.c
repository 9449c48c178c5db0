/*
 * The frame map (fmap.h): building its tables at start of day, and finding
 * the entry of a PFN.
 *
 * The tables are built the late-pin way, as plain memory: each frame is
 * mapped writable at a scratch slot and filled, and only then do they become
 * page tables, all at once, when one mmu_update hooks the L2s into B3 (the
 * hypervisor validates the L2s, the L1s below them and every entry).  The
 * early frames are laid out as one run of PFNs:
 *
 *   first: [ L3 (only if slot 511 had none) | L2 x n2 | L1 x n1 ]
 *
 * and each L1 maps, of the PFNs it covers, these table frames read-only and
 * the allocator's bookkeeping frames writable.
 */
#include <stdio.h>
#include "kernel/start.h"
#include "mm/fmap.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/scratch.h"

#define FMAP_SLOT 0                         /* scratch slot used while building */
#define PFNS_PER_L2 (PT_ENTRIES * PT_ENTRIES)

static unsigned long kernel_l3_mfn;

/* The layout of the early run, and what it must map. */
struct fmap_build {
    unsigned long first, nr_l3, nr_l2, nr_l1;
    unsigned long meta, nr_meta;
};

/* The value of entry i of table t of the run (t counts from b->first). */
static uint64_t fmap_initial_entry(const struct fmap_build *b, unsigned long t, unsigned int i)
{
    unsigned long tables = b->nr_l3 + b->nr_l2 + b->nr_l1, pfn;

    if (t < b->nr_l3)                           /* the new B3 */
        return i - FMAP_L3_FIRST < b->nr_l2 ?
               pte_make(pfn_to_mfn(b->first + b->nr_l3 + i - FMAP_L3_FIRST),
                        PTE_P | PTE_RW | PTE_A) : 0;
    t -= b->nr_l3;
    if (t < b->nr_l2) {                         /* L2 t */
        unsigned long l1 = t * PT_ENTRIES + i;

        return l1 < b->nr_l1 ?
               pte_make(pfn_to_mfn(b->first + b->nr_l3 + b->nr_l2 + l1),
                        PTE_P | PTE_RW | PTE_A) : 0;
    }
    pfn = (t - b->nr_l2) * PT_ENTRIES + i;      /* an entry of an L1 */
    if (pfn - b->first < tables)
        return pte_make(pfn_to_mfn(pfn), PTE_P | PTE_A);
    if (pfn - b->meta < b->nr_meta)
        return pte_make(pfn_to_mfn(pfn), PTE_P | PTE_RW | PTE_A | PTE_D);
    return 0;
}

/* Fills every table of the run through the scratch slot. */
static int fmap_fill(const struct fmap_build *b)
{
    unsigned long tables = b->nr_l3 + b->nr_l2 + b->nr_l1;

    for (unsigned long t = 0; t < tables; t++) {
        uint64_t *table = (uint64_t *)scratch_va(FMAP_SLOT);

        if (scratch_map(FMAP_SLOT, pfn_to_mfn(b->first + t), PTE_RW | PTE_D) != 0)
            return -1;
        for (unsigned int i = 0; i < PT_ENTRIES; i++)
            table[i] = fmap_initial_entry(b, t, i);
    }
    return scratch_unmap(FMAP_SLOT) == 0 ? 0 : -1;
}

/* Hooks the L2s into B3, or the new B3 into the bootstrap L4. */
static long fmap_hook(const struct fmap_build *b)
{
    uint64_t l4_maddr = pte_make(pfn_to_mfn(region_va_pfn(guest_start_info->pt_base)), 0);

    if (b->nr_l3 != 0) {
        kernel_l3_mfn = pfn_to_mfn(b->first);
        mmu_batch_pte(l4_maddr + KVA_L4_SLOT * 8, pte_make(kernel_l3_mfn, PTE_P | PTE_RW | PTE_A));
    } else {
        for (unsigned long j = 0; j < b->nr_l2; j++)
            mmu_batch_pte(pte_make(kernel_l3_mfn, 0) + (FMAP_L3_FIRST + j) * 8,
                          pte_make(pfn_to_mfn(b->first + j), PTE_P | PTE_RW | PTE_A));
    }
    return mmu_batch_flush(MMU_FLUSH_EXPLICIT);
}

/* Sizes the run, takes it, fills it and hooks it in. */
int fmap_init(unsigned long meta_pfn, unsigned long nr_meta)
{
    const uint64_t *boot_l4 = (const uint64_t *)guest_start_info->pt_base;
    unsigned long n = p2m_nr_pages();
    struct fmap_build b = { .meta = meta_pfn, .nr_meta = nr_meta };

    b.nr_l1 = (n + PT_ENTRIES - 1) / PT_ENTRIES;
    b.nr_l2 = (n + PFNS_PER_L2 - 1) / PFNS_PER_L2;
    b.nr_l3 = (boot_l4[KVA_L4_SLOT] & PTE_P) ? 0 : 1;
    kernel_l3_mfn = pte_mfn(boot_l4[KVA_L4_SLOT]);
    b.first = pfn_alloc_run(b.nr_l3 + b.nr_l2 + b.nr_l1);
    if (b.nr_l2 > FMAP_L3_COUNT || b.first == INVALID_PFN) {
        printf("mm: no room for the frame map of %lu pages\n", n);
        return -1;
    }
    if (fmap_fill(&b) != 0 || fmap_hook(&b) != 0) {
        printf("mm: cannot build the frame map\n");
        return -1;
    }
    return 0;
}

/* B3's MFN. */
unsigned long fmap_kernel_l3_mfn(void)
{
    return kernel_l3_mfn;
}

/* B3 -> the frame map's L2 (read through its own read-only mapping) -> L1. */
uint64_t fmap_entry_maddr(unsigned long pfn)
{
    const uint64_t *l3 = fmap_va(mfn_to_pfn(kernel_l3_mfn));
    const uint64_t *l2 = fmap_va(mfn_to_pfn(pte_mfn(l3[FMAP_L3_FIRST + pfn / PFNS_PER_L2])));
    uint64_t l2e = l2[(pfn / PT_ENTRIES) % PT_ENTRIES];

    return pte_make(pte_mfn(l2e), 0) + (pfn % PT_ENTRIES) * sizeof(uint64_t);
}

/* One entry write, queued. */
void fmap_set(unsigned long pfn, uint64_t flags)
{
    uint64_t pte = 0;

    if (flags != 0)
        pte = pte_make(pfn_to_mfn(pfn), flags | PTE_P | PTE_A | ((flags & PTE_RW) ? PTE_D : 0));
    mmu_batch_pte(fmap_entry_maddr(pfn), pte);
}
