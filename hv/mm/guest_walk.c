/* The walk of the guest's current kernel page tables (mm/guest_walk.h). */
#include "mm/guest_walk.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "mm/pte_rules.h"
#include "domain/domain.h"

/* Returns the L1 entry for va, or NULL. */
uint64_t *guest_l1_entry(uint64_t va)
{
    uint64_t mfn = dom0.l4_mfn;

    for (int level = 4; level > 1; level--) {
        uint64_t e = ((uint64_t *)mfn_to_virt(mfn))[pt_index(va, level)];

        if (!(e & PTE_P) || (e & PTE_PSE))
            return 0;
        mfn = pte_mfn(e);
    }
    return (uint64_t *)mfn_to_virt(mfn) + pt_index(va, 1);
}
