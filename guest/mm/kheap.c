/* The pages under the kernel heap (kheap.h). */
#include <string.h>
#include "mm/kheap.h"
#include "mm/kmap.h"
#include "mm/kva.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"

#define KHEAP_UNMAP_BATCH 64

static size_t heap_mapped;      /* page-aligned */

/* Bytes mapped. */
size_t kheap_mapped(void)
{
    return heap_mapped;
}

/* Queues one mapping per page, flushes once, then zeroes the new pages. */
int kheap_grow(size_t end)
{
    size_t from = heap_mapped;
    int rc = 0;

    if (end > KHEAP_MAX_BYTES)
        return -1;
    for (size_t off = from; off < end && rc == 0; off += PAGE_SIZE) {
        unsigned long pfn = pfn_alloc();

        if (pfn == INVALID_PFN) {
            rc = -1;
        } else if (kmap_map(KHEAP_BASE + off, pfn, PTE_RW) != 0) {
            pfn_free(pfn);
            rc = -1;
        } else {
            heap_mapped = off + PAGE_SIZE;
        }
    }
    if (mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        return -1;
    memset((char *)KHEAP_BASE + from, 0, heap_mapped - from);
    return rc;
}

/* Unmaps from the top down, KHEAP_UNMAP_BATCH pages per flush; a frame is
 * freed only once no mapping (and no TLB entry) of it is left. */
void kheap_shrink(size_t end)
{
    unsigned long pfns[KHEAP_UNMAP_BATCH];
    unsigned int n = 0;

    end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    while (heap_mapped > end) {
        heap_mapped -= PAGE_SIZE;
        pfns[n++] = kmap_unmap(KHEAP_BASE + heap_mapped);
        if (n == KHEAP_UNMAP_BATCH || heap_mapped == end) {
            mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
            mmu_batch_flush(MMU_FLUSH_EXPLICIT);
            while (n > 0)
                pfn_free(pfns[--n]);
        }
    }
}
