/* Pseudo-physical <-> machine frame numbers (p2m.h). */
#include "abi/layout.h"
#include "mm/p2m.h"

static const unsigned long *p2m;
static unsigned long p2m_nr;
static unsigned long p2m_top_mfn;

/* Remembers the P2M array and finds its highest MFN. */
void p2m_init(const unsigned long *mfn_list, unsigned long nr_pages)
{
    p2m = mfn_list;
    p2m_nr = nr_pages;
    p2m_top_mfn = 0;
    for (unsigned long pfn = 0; pfn < nr_pages; pfn++)
        if (mfn_list[pfn] > p2m_top_mfn)
            p2m_top_mfn = mfn_list[pfn];
}

/* Number of PFNs of the domain. */
unsigned long p2m_nr_pages(void)
{
    return p2m_nr;
}

/* The MFN of pfn, or INVALID_MFN past the end of the P2M. */
unsigned long pfn_to_mfn(unsigned long pfn)
{
    return pfn < p2m_nr ? p2m[pfn] : INVALID_MFN;
}

/* Reads the read-only M2P. */
unsigned long mfn_to_pfn(unsigned long mfn)
{
    return ((const volatile unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

/* Ours when the M2P names a PFN whose P2M entry names this MFN again. */
int mfn_is_ours(unsigned long mfn)
{
    unsigned long pfn = mfn_to_pfn(mfn);

    return pfn < p2m_nr && p2m[pfn] == mfn;
}

/* The highest MFN in the P2M. */
unsigned long p2m_max_mfn(void)
{
    return p2m_top_mfn;
}
