/* Start of the guest's memory management (mm.h). */
#include "kernel/start.h"
#include "mm/fmap.h"
#include "mm/frame_ref.h"
#include "mm/kheap.h"
#include "mm/mm.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/region.h"
#include "mm/scratch.h"

/* The link base, which is VIRT_BASE: guest.ld puts the first byte of the
 * image at GUEST_BASE with p_paddr 0 and the note says PADDR_OFFSET 0. */
extern char _text[];

static enum { MM_NOT_YET, MM_STARTING, MM_READY, MM_FAILED } mm_state;

/* Region, P2M, scratch slots, the early allocator, the frame map with the
 * bookkeeping (allocator, mapping counts) in it, the allocator proper, the
 * heap's first pages. */
static int mm_start(void)
{
    const struct start_info *si = guest_start_info;
    unsigned long meta, nr_meta, nr_alloc_meta;

    if (region_init(si, (unsigned long)_text) != 0)
        return -1;
    p2m_init((const unsigned long *)si->mfn_list, si->nr_pages);
    if (scratch_init() != 0 || pfn_alloc_init(si, region_nr_pfns()) != 0)
        return -1;
    nr_alloc_meta = pfn_alloc_meta_pages();
    nr_meta = nr_alloc_meta + frame_ref_meta_pages();
    meta = pfn_alloc_run(nr_meta);
    if (meta == INVALID_PFN || fmap_init(meta, nr_meta) != 0)
        return -1;
    pfn_alloc_attach(fmap_va(meta));
    frame_ref_attach(fmap_va(meta + nr_alloc_meta));
    return kheap_grow(KHEAP_FIRST);
}

/* Runs mm_start() once; later calls report how that went. */
int mm_init(void)
{
    if (mm_state == MM_NOT_YET) {
        mm_state = MM_STARTING;
        mm_state = mm_start() == 0 ? MM_READY : MM_FAILED;
    }
    return mm_state == MM_READY ? 0 : -1;
}
