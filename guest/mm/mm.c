/* Start of the guest's memory management (mm.h). */
#include "kernel/start.h"
#include "mm/mm.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/region.h"
#include "mm/scratch.h"

/* The link base, which is VIRT_BASE: guest.ld puts the first byte of the
 * image at GUEST_BASE with p_paddr 0 and the note says PADDR_OFFSET 0. */
extern char _text[];

/* Region, P2M, allocator, scratch slots, in that order. */
int mm_init(void)
{
    const struct start_info *si = guest_start_info;

    if (region_init(si, (unsigned long)_text) != 0)
        return -1;
    p2m_init((const unsigned long *)si->mfn_list, si->nr_pages);
    if (pfn_alloc_init(si, region_nr_pfns()) != 0)
        return -1;
    return scratch_init();
}
