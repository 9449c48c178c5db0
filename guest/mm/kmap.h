/*
 * Kernel mappings on demand: mapping frames at VAs of the kernel heap area
 * (kva.h), with the L2 and L1 tables made as they are first needed.
 *
 *   B3[i] --> L2 --> L1 --> frame          (B3 is shared by every address
 *    new L2 and L1: cleared, mapped           space, so a new mapping shows
 *    read-only in the frame map, hooked       in all of them at once)
 *
 * The tables hook into live tables, so every change is a checked update
 * (mmu_batch.h).  Tables made here are never freed: the heap grows back
 * into them.
 */
#ifndef GUEST_MM_KMAP_H
#define GUEST_MM_KMAP_H

#include <stdint.h>

/* Queues the mapping of frame pfn at va (in the heap area) with PTE flags
 * (PTE_P, PTE_A, and PTE_D with PTE_RW, are added).  A missing table is
 * made and hooked in at once (flushing the queue).  Returns 0, or -1 if va
 * is outside the area or no frame is left for a table. */
int kmap_map(unsigned long va, unsigned long pfn, uint64_t flags);

/* Queues the removal of the mapping at va; returns the PFN it mapped, or
 * INVALID_PFN (p2m.h) if nothing was mapped there.  The caller flushes the
 * TLB before it reuses the frame. */
unsigned long kmap_unmap(unsigned long va);

#endif
