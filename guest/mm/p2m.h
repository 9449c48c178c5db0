/*
 * Pseudo-physical <-> machine frame numbers (pv-abi.md §5.1, §7).
 *
 * The P2M is ours: start_info.mfn_list, one MFN per PFN, nr_pages long.  The
 * M2P is the hypervisor's, read-only at MACH2PHYS_VIRT_START, one PFN per
 * MFN; it says INVALID_M2P_ENTRY (or some other domain's PFN) for frames
 * that are not ours, so "ours" means the two tables agree.
 */
#ifndef GUEST_MM_P2M_H
#define GUEST_MM_P2M_H

#include "abi/layout.h"

#define INVALID_MFN (~0UL)
#define INVALID_PFN (~0UL)

/* The P2M and its length (p2m_init); read through the functions below,
 * which are inline because page-table code calls them for every entry. */
extern const unsigned long *p2m_list;
extern unsigned long p2m_list_nr;

/* Records the P2M of si; call before the functions below. */
void p2m_init(const unsigned long *mfn_list, unsigned long nr_pages);

/* Number of PFNs of the domain. */
unsigned long p2m_nr_pages(void);

/* The MFN backing pfn, or INVALID_MFN if pfn is not below nr_pages. */
static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
    return pfn < p2m_list_nr ? p2m_list[pfn] : INVALID_MFN;
}

/* The M2P's entry for mfn.  Only for mfn <= p2m_max_mfn() or frames known to
 * exist: the M2P is mapped only as far as machine memory goes, and reading
 * past it faults. */
static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
    return ((const volatile unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

/* 1 if mfn is one of our frames (the P2M and M2P agree on it), else 0. */
int mfn_is_ours(unsigned long mfn);

/* The highest MFN in our P2M (the M2P is certainly readable up to it). */
unsigned long p2m_max_mfn(void);

#endif
