/*
 * Finding the end of the bootstrap region.
 *
 * start_info gives pt_base and nr_pt_frames but not v_end, so we recompute it
 * with the rule both builders use (pv-abi.md §5.2): the one-page stack comes
 * right after the page tables, and v_end is the end of the stack rounded up
 * to 4 MiB, plus another 4 MiB if that left less than 512 KiB of padding.
 * Xen's dom0 builder derives its v_end with exactly this computation (the
 * "TOTAL" line of its boot log), and pvx's builder follows it; a test checks
 * against the page tables that va v_end - 4096 is mapped and v_end is not.
 */
#include <stdio.h>
#include "mm/pte.h"
#include "mm/region.h"

#define REGION_ALIGN        (4UL << 20)
#define REGION_MIN_PADDING  (512UL << 10)

struct bootstrap_region bootstrap_region;

/* Computes the region from si; returns 0, or -1 with a message if it does not fit. */
int region_init(const struct start_info *si, unsigned long v_start)
{
    unsigned long stack_end = si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE;
    unsigned long v_end = (stack_end + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1);

    if (v_end - stack_end < REGION_MIN_PADDING)
        v_end += REGION_ALIGN;
    if (si->pt_base < v_start || (v_end - v_start) / PAGE_SIZE > si->nr_pages) {
        printf("mm: bootstrap region 0x%lx-0x%lx does not fit %lu pages\n",
               v_start, v_end, (unsigned long)si->nr_pages);
        return -1;
    }
    bootstrap_region.v_start = v_start;
    bootstrap_region.stack_end = stack_end;
    bootstrap_region.v_end = v_end;
    bootstrap_region.nr_pfns = (v_end - v_start) / PAGE_SIZE;
    return 0;
}

/* The VA of pfn inside the region, or 0 when the region does not map it. */
unsigned long region_pfn_va(unsigned long pfn)
{
    if (pfn >= region_nr_pfns())
        return 0;
    return bootstrap_region.v_start + pfn * PAGE_SIZE;
}

/* The PFN mapped at va, which must lie inside the region. */
unsigned long region_va_pfn(unsigned long va)
{
    return (va - bootstrap_region.v_start) / PAGE_SIZE;
}
