/* Kernel mappings on demand (kmap.h). */
#include "mm/fmap.h"
#include "mm/kmap.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"

/* 1 if va lies in the heap area. */
static int kmap_in_area(unsigned long va)
{
    unsigned int i3 = pt_index(va, 3);

    return va >= KHEAP_BASE && va - KHEAP_BASE < KHEAP_MAX_BYTES &&
           i3 >= KHEAP_L3_FIRST && i3 < KHEAP_L3_FIRST + KHEAP_L3_COUNT;
}

/* The table the entry at *entry (machine address maddr) points to.  If it
 * is empty and create is set: takes a frame, clears it, maps it read-only in
 * the frame map and hooks it in, flushing the queue.  Returns its MFN, or
 * INVALID_MFN (nothing there, or no frame, or the hook failed). */
static unsigned long kmap_table(const uint64_t *entry, uint64_t maddr, int create)
{
    unsigned long pfn, mfn;

    if (*entry & PTE_P)
        return pte_mfn(*entry);
    if (!create || (pfn = pfn_alloc()) == INVALID_PFN)
        return INVALID_MFN;
    mfn = pfn_to_mfn(pfn);
    mmu_batch_ext(MMUEXT_CLEAR_PAGE, mfn, 0);
    fmap_set(pfn, PTE_P);
    mmu_batch_pte(maddr, pte_make(mfn, PTE_P | PTE_RW | PTE_A));
    if (mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        return INVALID_MFN;
    return mfn;
}

/* Walks B3 -> L2 -> L1 for va, reading each table through the frame map;
 * returns the machine address of the L1 entry, or 0. */
static uint64_t kmap_entry(unsigned long va, int create)
{
    unsigned long table = fmap_kernel_l3_mfn();

    for (int level = 3; level > 1; level--) {
        const uint64_t *entries = fmap_va(mfn_to_pfn(table));
        uint64_t maddr = pte_make(table, 0) + pt_index(va, level) * sizeof(uint64_t);

        table = kmap_table(&entries[pt_index(va, level)], maddr, create);
        if (table == INVALID_MFN)
            return 0;
    }
    return pte_make(table, 0) + pt_index(va, 1) * sizeof(uint64_t);
}

/* Finds or makes the L1 entry and queues the mapping. */
int kmap_map(unsigned long va, unsigned long pfn, uint64_t flags)
{
    uint64_t maddr;

    if (!kmap_in_area(va) || (maddr = kmap_entry(va, 1)) == 0)
        return -1;
    flags |= PTE_P | PTE_A | ((flags & PTE_RW) ? PTE_D : 0);
    mmu_batch_pte(maddr, pte_make(pfn_to_mfn(pfn), flags));
    return 0;
}

/* Reads the L1 entry through the frame map and queues clearing it. */
unsigned long kmap_unmap(unsigned long va)
{
    uint64_t maddr, entry;

    if (!kmap_in_area(va) || (maddr = kmap_entry(va, 0)) == 0)
        return INVALID_PFN;
    entry = ((const uint64_t *)fmap_va(mfn_to_pfn(maddr >> PAGE_SHIFT)))[pt_index(va, 1)];
    if (!(entry & PTE_P))
        return INVALID_PFN;
    mmu_batch_pte(maddr, 0);
    return mfn_to_pfn(pte_mfn(entry));
}
