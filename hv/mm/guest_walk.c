/* The walk of the guest's current kernel page tables (mm/guest_walk.h). */
#include "mm/guest_walk.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "mm/pte_rules.h"
#include "domain/domain.h"

/* Returns the L1 entry for va, or NULL.  Every table on the way is a
 * validated one (the base pointer is), and validation refuses PSE above
 * L1, so a present entry always leads to a table.  Unrolled: it runs on
 * every write fault (mm/ptwr.c) and every update_va_mapping. */
uint64_t *guest_l1_entry(uint64_t va)
{
    uint64_t *table = mfn_to_virt(dom0.l4_mfn);

#pragma GCC unroll 3
    for (int level = 4; level > 1; level--) {
        uint64_t e = table[pt_index(va, level)];

        if (!(e & PTE_P))
            return 0;
        table = maddr_to_virt(e & PTE_MFN_MASK);
    }
    return table + pt_index(va, 1);
}
