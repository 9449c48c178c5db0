/*
 * An allocator of pseudo-physical frames: the domain's PFNs that nothing
 * uses yet.  Those are the PFNs past the bootstrap region (region.h), minus
 * an unmapped initial ramdisk (SIF_MOD_START_PFN) and an INIT_P2M mapping,
 * if the builder placed either there.  They are mapped nowhere, so their
 * frames have no type and no references: the caller may make one a page
 * table or map it writable.  Contents are whatever was there: not zeroed.
 */
#ifndef GUEST_MM_PFN_ALLOC_H
#define GUEST_MM_PFN_ALLOC_H

#include "abi/start_info.h"

/* Makes every PFN from first_free to si->nr_pages allocatable except those
 * the builder used (see above).  Returns 0, or -1 if out of memory. */
int pfn_alloc_init(const struct start_info *si, unsigned long first_free);

/* Takes one free PFN; returns it, or INVALID_PFN (p2m.h) when none is left. */
unsigned long pfn_alloc(void);

/* Gives pfn back.  Returns 0, or -1 (and changes nothing) if pfn was not
 * allocated. */
int pfn_free(unsigned long pfn);

/* Number of PFNs pfn_alloc() can still hand out. */
unsigned long pfn_nr_free(void);

#endif
