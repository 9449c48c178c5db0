/*
 * The frame allocator: the domain's PFNs that nothing uses yet.  Those are
 * the PFNs past the bootstrap region (region.h), minus an unmapped initial
 * ramdisk (SIF_MOD_START_PFN) and an INIT_P2M mapping, if the builder placed
 * either there.  A free frame is mapped nowhere, so it has no type and no
 * references: the caller may make it a page table or map it writable.
 * Contents are whatever was there: not zeroed.
 *
 * It runs in two modes, because its own bookkeeping needs memory:
 *
 *   early     right after pfn_alloc_init(): a bump pointer hands out PFNs in
 *             order (pfn_alloc, pfn_alloc_run); nothing can be freed.  mm_init
 *             takes the frame map's tables and the bookkeeping frames so.
 *   attached  after pfn_alloc_attach(): a stack of free PFNs (O(1) alloc and
 *             free) and a bitmap of used ones (to refuse double frees), in
 *             the pages the caller mapped for it.  Frames taken in early mode
 *             stay in use for good, like the builder's.
 */
#ifndef GUEST_MM_PFN_ALLOC_H
#define GUEST_MM_PFN_ALLOC_H

#include "abi/start_info.h"

/* Starts early mode: every PFN from first_free to si->nr_pages is free
 * except those the builder used (see above).  Returns 0. */
int pfn_alloc_init(const struct start_info *si, unsigned long first_free);

/* Early mode only: takes n consecutive free PFNs; returns the first, or
 * INVALID_PFN (p2m.h) if there is no such run (or not in early mode). */
unsigned long pfn_alloc_run(unsigned long n);

/* Pages of bookkeeping pfn_alloc_attach() needs: 4 bytes per PFN for the
 * stack, one bit per PFN for the bitmap. */
unsigned long pfn_alloc_meta_pages(void);

/* Ends early mode with the bookkeeping at meta (pfn_alloc_meta_pages()
 * writable pages; any contents).  Everything taken so far stays used. */
void pfn_alloc_attach(void *meta);

/* Takes one free PFN; returns it, or INVALID_PFN when none is left. */
unsigned long pfn_alloc(void);

/* Gives pfn back.  Returns 0, or -1 (and changes nothing) if pfn was not
 * allocated, is the builder's or was taken in early mode, or in early mode. */
int pfn_free(unsigned long pfn);

/* Number of PFNs pfn_alloc() can still hand out. */
unsigned long pfn_nr_free(void);

#endif
