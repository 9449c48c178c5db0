/*
 * The references one page-table entry holds (mm/pt_validate.c has the
 * table): shared by validation and by entry updates.  The L1 cases are
 * inline, because every mmu_update and update_va_mapping of a leaf runs
 * them; the upper levels go through pte_get_refs_upper.
 */
#ifndef HV_MM_PTE_TABLE_H
#define HV_MM_PTE_TABLE_H

#include <stdint.h>
#include "mm/page_type.h"
#include "mm/pte_rules.h"

int pte_get_refs_upper(uint64_t e, int level, uint64_t self);
void pte_put_refs_upper(uint64_t e, uint64_t self);
void pt_install_hv_slots(uint64_t *l4);
void pt_install_m2p_slot(uint64_t *l4);

/* Takes the references a present L1 entry e needs: a general one on its
 * frame, and a writable type one if it is writable.  Returns 0, -EPERM for
 * a frame that is not RAM, or -EBUSY for a frame that is not the guest's or
 * cannot be writable (a page table or descriptor page). */
static inline int pte_get_refs_l1(uint64_t e)
{
    uint64_t mfn = pte_mfn(e);

    if (mfn >= frame_limit)
        return -XEN_EPERM;
    if (frame_table[mfn].owner != dom0.id)
        return -XEN_EBUSY;
    if ((e & PTE_RW) && frame_get_type(mfn, FT_WRITABLE) < 0)
        return -XEN_EBUSY;
    frame_table[mfn].count++;
    return 0;
}

/* Gives back the references of a present L1 entry e. */
static inline void pte_put_refs_l1(uint64_t e)
{
    if (e & PTE_RW)
        frame_put_type(pte_mfn(e));
    frame_put(pte_mfn(e));
}

/* Takes the references entry e (at level, in table self) needs; returns 0
 * or the error (mm/pt_validate.c). */
static inline int pte_get_refs(uint64_t e, int level, uint64_t self)
{
    if (!(e & PTE_P))
        return 0;
    return level == 1 ? pte_get_refs_l1(e) : pte_get_refs_upper(e, level, self);
}

/* Gives back the references entry e (at level, in table self) held. */
static inline void pte_put_refs(uint64_t e, int level, uint64_t self)
{
    if (!(e & PTE_P))
        return;
    if (level == 1)
        pte_put_refs_l1(e);
    else
        pte_put_refs_upper(e, self);
}

#endif
