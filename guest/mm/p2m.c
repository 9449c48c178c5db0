/* Pseudo-physical <-> machine frame numbers (p2m.h). */
#include "mm/p2m.h"

const unsigned long *p2m_list;
unsigned long p2m_list_nr;
static unsigned long p2m_top_mfn;

/* Remembers the P2M array and finds its highest MFN. */
void p2m_init(const unsigned long *mfn_list, unsigned long nr_pages)
{
    p2m_list = mfn_list;
    p2m_list_nr = nr_pages;
    p2m_top_mfn = 0;
    for (unsigned long pfn = 0; pfn < nr_pages; pfn++)
        if (mfn_list[pfn] > p2m_top_mfn)
            p2m_top_mfn = mfn_list[pfn];
}

/* Number of PFNs of the domain. */
unsigned long p2m_nr_pages(void)
{
    return p2m_list_nr;
}

/* Ours when the M2P names a PFN whose P2M entry names this MFN again. */
int mfn_is_ours(unsigned long mfn)
{
    unsigned long pfn = mfn_to_pfn(mfn);

    return pfn < p2m_list_nr && p2m_list[pfn] == mfn;
}

/* The highest MFN in the P2M. */
unsigned long p2m_max_mfn(void)
{
    return p2m_top_mfn;
}
