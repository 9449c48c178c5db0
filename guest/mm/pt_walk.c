/* Software page-table walks (pt_walk.h). */
#include "kernel/start.h"
#include "mm/p2m.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"

/* The bootstrap L4 is a region page: its PFN follows from its VA. */
unsigned long pt_bootstrap_l4_mfn(void)
{
    return pfn_to_mfn(region_va_pfn(guest_start_info->pt_base));
}

/* Descends from the L4 to the wanted level, one present entry at a time. */
int pt_entry_maddr(unsigned long root_mfn, unsigned long va, int level, uint64_t *maddr)
{
    unsigned long table = root_mfn;

    for (int at = 4; at > level; at--) {
        uint64_t entry = scratch_peek(table, pt_index(va, at));

        if (!(entry & PTE_P) || (at < 4 && (entry & PTE_PSE)))
            return -1;
        table = pte_mfn(entry);
    }
    *maddr = ((uint64_t)table << PAGE_SHIFT) + pt_index(va, level) * sizeof(uint64_t);
    return 0;
}

/* Splits the machine address into frame and index and peeks. */
uint64_t pt_read_entry(uint64_t maddr)
{
    return scratch_peek(maddr >> PAGE_SHIFT, (maddr & (PAGE_SIZE - 1)) / sizeof(uint64_t));
}
