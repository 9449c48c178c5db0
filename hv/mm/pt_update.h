/*
 * Changing one entry of a live (validated) page table: the path behind
 * mmu_update, update_va_mapping and writable page tables (pv-abi.md §8.4).
 *
 *   1. refuse hypervisor slots of an L4 and refused flags
 *   2. adjust the new entry (US forcing, bit 52, G; pte_rules.h)
 *   3. same frame and same P/RW/cache bits: just write it (the fast path)
 *   4. otherwise take the new entry's references first, write, then give
 *      back the old entry's (in that order, so a frame both entries use
 *      never drops to zero references on the way)
 *   5. an L2-L4 change asks for a TLB flush; an L1 change does not (the
 *      guest flushes, as on Xen)
 *
 * The L1 case is inline: it is the one the benchmarks hammer.
 */
#ifndef HV_MM_PT_UPDATE_H
#define HV_MM_PT_UPDATE_H

#include <stdint.h>
#include "mm/pte_table.h"

/* Writes new into *entry, an entry of a validated L1 table; with
 * preserve_ad, keeps the A and D bits the entry has.  A change of the same
 * frame between read-only and writable (write protection for a fork, and
 * its undoing on a copy-on-write fault) only takes or drops the writable
 * type; the general reference stays.  Returns 0, or the
 * error of pte_get_refs_l1 with the entry unchanged. */
static inline __attribute__((always_inline)) int pt_update_l1(uint64_t *entry, uint64_t new,
                                                           int preserve_ad)
{
    uint64_t old = *entry;
    int rc;

    if (new & PTE_P) {
        new = pte_adjust(new, 1);
        if (preserve_ad)
            new |= old & (PTE_A | PTE_D);
        if (pte_same_frame(old, new)) {     /* at most the writable type changes */
            if ((new & ~old & PTE_RW) && frame_get_type(pte_mfn(new), FT_WRITABLE) < 0)
                return -XEN_EBUSY;
            if (old & ~new & PTE_RW)
                frame_put_type(pte_mfn(old));
            *entry = new;
            return 0;
        }
        if ((rc = pte_get_refs_l1(new)))
            return rc;
    }
    *entry = new;
    if (old & PTE_P)
        pte_put_refs_l1(old);
    return 0;
}

/* Writes new into entry idx of the validated level-n table at table_mfn.
 * Returns 0 or a negative errno, leaving the entry unchanged on failure. */
int pt_update_entry(uint64_t table_mfn, unsigned idx, uint64_t new, int level, int preserve_ad);

#endif
