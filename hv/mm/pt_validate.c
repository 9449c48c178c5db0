/*
 * Validating a page table: taking the references its present entries need,
 * after checking them (pv-abi.md §8.2), and giving them back.
 *
 *   entry at level   reference it holds on the frame it points to
 *   L1, RW=0         general
 *   L1, RW=1         general + writable type      (fails with -EBUSY if the
 *                                                 frame is a table or GDT page)
 *   L2 / L3 / L4     general + L1 / L2 / L3 type  (validating that table first)
 *   Ln -> itself     none: a read-only self-map (a writable one is refused)
 *
 * An L4's slots 256-271 belong to the hypervisor: whatever the guest wrote
 * there is ignored, and after validation they hold the hypervisor's entries
 * (257-271; slot 256, the M2P, is filled when the L4 becomes the base).
 * Another table of the same level is refused as a target: pvx supports
 * self-maps but not Xen's general "linear page tables".
 *
 * A failure part-way gives back every reference taken so far.
 */
#include "mm/pte_table.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "abi/errno.h"
#include "abi/layout.h"

/* Returns 1 if any of the eight entries at t is present: one test for a
 * whole group, since most entries of most tables are empty. */
static inline int group_present(const uint64_t *t)
{
    return ((t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7]) & PTE_P) != 0;
}

/* Returns 1 if slot i of an L4 is the hypervisor's. */
static int is_hv_slot(int level, unsigned i)
{
    return level == 4 && i >= FIRST_HV_L4_SLOT && i <= LAST_HV_L4_SLOT;
}

/* Takes the references a present L2-L4 entry e (in table self) needs: a
 * general and a next-level type reference on the table it points to, or
 * none for a read-only self-map.  Returns 0 or -EINVAL for refused flags,
 * a writable self-map or a frame that is not the guest's, or the error of
 * validating the table below. */
int pte_get_refs_upper(uint64_t e, int level, uint64_t self)
{
    uint64_t mfn = pte_mfn(e);
    int rc;

    if (!pte_flags_ok(e, level))
        return -XEN_EINVAL;
    if (mfn == self)
        return (e & PTE_RW) ? -XEN_EINVAL : 0;
    if (frame_get(mfn) < 0)
        return -XEN_EINVAL;
    rc = frame_get_type(mfn, (enum frame_type)(FT_L1 + level - 2));
    if (rc)
        frame_put(mfn);
    return rc;
}

/* Gives back the references of a present L2-L4 entry e (in table self). */
void pte_put_refs_upper(uint64_t e, uint64_t self)
{
    uint64_t mfn = pte_mfn(e);

    if (mfn == self)
        return;
    frame_put_type(mfn);
    frame_put(mfn);
}

/* Validates the table at mfn as level; returns 0 or the first entry's
 * error, with every reference taken before it given back. */
int pt_validate(uint64_t mfn, enum frame_type type)
{
    int level = (int)type - FT_L1 + 1;
    uint64_t *t = mfn_to_virt(mfn);
    int rc;

    for (unsigned i = 0; i < 512; i++) {
        if (!(t[i] & PTE_P) && (i & 7) == 0 && !group_present(t + i)) {
            i += 7;                 /* eight empty entries: the common case */
            continue;
        }
        if (!(t[i] & PTE_P) || is_hv_slot(level, i))
            continue;
        rc = pte_get_refs(t[i], level, mfn);
        if (rc) {
            while (i-- > 0)
                if (!is_hv_slot(level, i))
                    pte_put_refs(t[i], level, mfn);
            return rc;
        }
        t[i] = pte_adjust(t[i], level);
    }
    if (level == 4)
        pt_install_hv_slots(t);
    return 0;
}

/* Gives back the references of every present entry of the L1 table t:
 * the loop that tearing down an address space spends its time in, so it
 * has no level to look at and skips empty groups of eight. */
static void devalidate_l1(const uint64_t *t)
{
    for (unsigned i = 0; i < 512; i += 8) {
        if (!group_present(t + i))
            continue;
        for (unsigned j = i; j < i + 8; j++)
            if (t[j] & PTE_P)
                pte_put_refs_l1(t[j]);
    }
}

/* Gives back the references of every entry of the table at mfn. */
void pt_devalidate(uint64_t mfn, enum frame_type type)
{
    int level = (int)type - FT_L1 + 1;
    uint64_t *t = mfn_to_virt(mfn);

    if (level == 1) {
        devalidate_l1(t);
        return;
    }
    for (unsigned i = 0; i < 512; i++) {
        if ((i & 7) == 0 && !group_present(t + i))
            i += 7;
        else if ((t[i] & PTE_P) && !is_hv_slot(level, i))
            pte_put_refs(t[i], level, mfn);
    }
}

/* Writes the hypervisor's L4 entries into slots 257-271 and clears slot
 * 256 (the M2P appears when the table becomes the kernel base). */
void pt_install_hv_slots(uint64_t *l4)
{
    const uint64_t *hv = hv_l4();

    l4[FIRST_HV_L4_SLOT] = 0;
    for (unsigned i = FIRST_HV_L4_SLOT + 1; i <= LAST_HV_L4_SLOT; i++)
        l4[i] = hv[i];
}

/* Fills slot 256 of l4 with the read-only M2P. */
void pt_install_m2p_slot(uint64_t *l4)
{
    l4[FIRST_HV_L4_SLOT] = hv_l4()[FIRST_HV_L4_SLOT];
}
