/*
 * The bootstrap region: the one contiguous range of VAs the domain builder
 * mapped for us before entry (pv-abi.md §5.2), PFN p at v_start + p * 4096.
 *
 *   v_start                                             stack_end      v_end
 *   | kernel | p2m | start_info | page tables (RO) | stack | padding ... |
 *   +--------+-----+------------+------------------+-------+-------------+
 *                                pt_base            1 page   >= 512 KiB,
 *                                                            ends 4 MiB-aligned
 *
 * Everything in it is mapped writable except the page tables.  PFNs from
 * (v_end - v_start) / 4096 up to nr_pages are not mapped at all.
 */
#ifndef GUEST_MM_REGION_H
#define GUEST_MM_REGION_H

#include "abi/start_info.h"

struct bootstrap_region {
    unsigned long v_start;      /* VIRT_BASE: the VA of PFN 0 */
    unsigned long stack_end;    /* end of the bootstrap stack: padding starts here */
    unsigned long v_end;        /* end of the mapped region */
    unsigned long nr_pfns;      /* (v_end - v_start) / 4096, kept for fmap_va */
};

/* The region found by region_init(). */
extern struct bootstrap_region bootstrap_region;

/* Works out the region from si and v_start; returns 0, or -1 if si does not
 * describe a region that fits in nr_pages. */
int region_init(const struct start_info *si, unsigned long v_start);

/* Number of PFNs the region maps (PFN 0 up to this one, exclusive). */
static inline unsigned long region_nr_pfns(void)
{
    return bootstrap_region.nr_pfns;
}

/* The VA at which the region maps pfn, or 0 if pfn is outside it. */
unsigned long region_pfn_va(unsigned long pfn);

/* The PFN the region maps at va (va must be inside the region). */
unsigned long region_va_pfn(unsigned long va);

#endif
