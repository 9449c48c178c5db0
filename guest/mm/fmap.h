/*
 * The frame map: one fixed kernel VA per PFN, at which the guest maps a
 * frame of its own whenever it wants to read or write it (kva.h).
 *
 *   PFN p  <-->  fmap_va(p) = FMAP_BASE + p * 4 KiB     (p past the region)
 *                fmap_va(p) = region_pfn_va(p)          (p in the region)
 *
 * Unlike a Linux direct map, it is sparse: a free frame is not mapped here
 * (so that it may become a page table at any time), and a frame is mapped
 * only while the guest uses it as memory: the allocator's bookkeeping, the
 * tables of the kernel's own mappings (read-only), and the tables of the
 * address spaces (writable while they are plain memory, read-only while the
 * hypervisor uses them; pt_build.h).
 *
 * The frame map's own tables cover every PFN from the start, so mapping a
 * frame here is always one entry write, with no table to create:
 *
 *   B3[0 .. n2-1] --> L2 --> L1 (one per 512 PFNs) --> the frame, or nothing
 *
 * and its L2 and L1 frames are mapped read-only in it too, so that a walk
 * of any kernel table can read the tables through this map.
 */
#ifndef GUEST_MM_FMAP_H
#define GUEST_MM_FMAP_H

#include <stdint.h>
#include "mm/kva.h"
#include "mm/pte.h"
#include "mm/region.h"

/* Builds the frame map's tables in frames taken from the early allocator
 * (pfn_alloc.h), with the nr_meta frames from meta_pfn mapped writable,
 * and hooks them into B3.  A kernel linked low has no L3 under slot 511:
 * then it makes one.  Returns 0, or -1 with a message. */
int fmap_init(unsigned long meta_pfn, unsigned long nr_meta);

/* The MFN of B3, the kernel's shared L3 under L4 slot 511 (kva.h). */
unsigned long fmap_kernel_l3_mfn(void);

/* Where pfn is mapped for the kernel: in the region, or in the frame map
 * (which maps it only if the guest put it there with fmap_set). */
static inline void *fmap_va(unsigned long pfn)
{
    if (pfn < region_nr_pfns())
        return (void *)(bootstrap_region.v_start + pfn * PAGE_SIZE);
    return (void *)(FMAP_BASE + pfn * PAGE_SIZE);
}

/* The machine address of the frame-map entry of pfn (past the region). */
uint64_t fmap_entry_maddr(unsigned long pfn);

/* Queues (mmu_batch.h) the frame-map entry of pfn (past the region): the
 * frame mapped read-only, or writable if flags has PTE_RW; flags 0 removes
 * the mapping.  Nothing happens before the next flush. */
void fmap_set(unsigned long pfn, uint64_t flags);

#endif
