/* Updating an entry of a live page table (the steps are in mm/pt_update.h). */
#include "mm/pt_update.h"
#include "mm/page_type.h"
#include "mm/pte_rules.h"
#include "mm/pte_table.h"
#include "mm/directmap.h"
#include "abi/errno.h"
#include "abi/layout.h"

/* Writes new into entry idx of the validated level-n table at table_mfn.
 * Returns 0 or a negative errno, leaving the entry unchanged on failure. */
int pt_update_entry(uint64_t table_mfn, unsigned idx, uint64_t new, int level, int preserve_ad)
{
    uint64_t *t = mfn_to_virt(table_mfn);
    uint64_t old = t[idx];
    int rc;

    if (level == 1)
        return pt_update_l1(&t[idx], new, preserve_ad);
    if (level == 4 && idx >= FIRST_HV_L4_SLOT && idx <= LAST_HV_L4_SLOT)
        return -XEN_EINVAL;
    if ((new & PTE_P) && !pte_flags_ok(new, level))
        return -XEN_EINVAL;
    new = pte_adjust(new, level);
    if (preserve_ad && (new & PTE_P))
        new |= old & (PTE_A | PTE_D);
    if (!pte_same_refs(old, new)) {
        rc = pte_get_refs(new, level, table_mfn);
        if (rc)
            return rc;
        t[idx] = new;
        pte_put_refs(old, level, table_mfn);
    } else {
        t[idx] = new;
    }
    tlb_flush_request();
    return 0;
}
