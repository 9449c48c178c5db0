/*
 * How many address-space mappings each frame has (aspace.h): the guest's own
 * count, beside the hypervisor's.  The hypervisor counts references to keep
 * the page-table invariants; this count tells the guest when a frame is
 * shared (copy-on-write must copy it) and when the last mapping is gone
 * (the frame goes back to the allocator).
 *
 *   frame_ref_get   +1: a new mapping (or the caller's own hold)
 *   frame_ref_put   -1: at 0 the frame is freed (pfn_alloc.h)
 *
 * One 32-bit counter per PFN, in pages mm_init takes at start of day.
 */
#ifndef GUEST_MM_FRAME_REF_H
#define GUEST_MM_FRAME_REF_H

#include <stdint.h>
#include "mm/pfn_alloc.h"

/* The counters (frame_ref_attach); inline readers below. */
extern uint32_t *frame_ref_count;

/* Pages the counters need. */
unsigned long frame_ref_meta_pages(void);

/* Puts the counters at refs (frame_ref_meta_pages() writable pages) and
 * zeroes them. */
void frame_ref_attach(uint32_t *refs);

/* The count of pfn. */
static inline unsigned int frame_refs(unsigned long pfn)
{
    return frame_ref_count[pfn];
}

/* Adds one to the count of pfn. */
static inline void frame_ref_get(unsigned long pfn)
{
    frame_ref_count[pfn]++;
}

/* Takes one from the count of pfn and frees the frame when it reaches 0.
 * The caller makes sure no mapping of it is left, in the TLB included.
 * Returns the new count. */
static inline unsigned int frame_ref_put(unsigned long pfn)
{
    unsigned int left = --frame_ref_count[pfn];

    if (left == 0)
        pfn_free(pfn);
    return left;
}

#endif
