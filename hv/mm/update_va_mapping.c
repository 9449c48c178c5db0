/*
 * update_va_mapping (14), pv-abi.md §3.3: set the L1 entry that maps guest
 * address va, found through the current kernel page tables.
 *
 *   va:  L4 index | L3 index | L2 index | L1 index | offset
 *        the L4..L2 entries on the way must be present (no large pages) and
 *        the L1 they lead to must be a validated L1 table, else -EINVAL.
 *
 * The new entry is checked like any L1 update; only if that succeeds is the
 * TLB flushed as flags ask: bits 1:0 = none / full flush / INVLPG of va,
 * the rest = this vCPU (0), all vCPUs (4), or a pointer to a vCPU bitmap.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "mm/page_type.h"
#include "mm/pt_update.h"
#include "mm/pte_rules.h"
#include "mm/tlb.h"
#include "abi/mmu.h"

/* Returns the MFN of the validated L1 that maps va in the current tables,
 * or 0 if there is none. */
static uint64_t find_l1(uint64_t va)
{
    uint64_t mfn = dom0.l4_mfn;

    for (int level = 4; level > 1; level--) {
        uint64_t e = ((uint64_t *)mfn_to_virt(mfn))[pt_index(va, level)];

        if (!(e & PTE_P) || (level < 4 && (e & PTE_PSE)))
            return 0;
        mfn = pte_mfn(e);
    }
    return frame_is_table(mfn, FT_L1) ? mfn : 0;
}

/* Flushes as the UVMF_* flags ask; returns 0 or -EFAULT for a bad mask. */
static long flush_for(uint64_t va, uint64_t flags)
{
    uint64_t type = flags & UVMF_FLUSHTYPE_MASK, sel = flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK;
    long rc;

    if (type == UVMF_NONE)
        return 0;
    if (sel != UVMF_LOCAL && sel != UVMF_ALL && (rc = tlb_read_vcpumask(sel)))
        return rc;
    if (type == UVMF_TLB_FLUSH)
        tlb_flush_local();
    else if (type == UVMF_INVLPG)
        tlb_flush_one(va);
    return 0;
}

/* update_va_mapping(va, val, flags). */
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, uint64_t a4, uint64_t a5)
{
    uint64_t l1;
    long rc;

    (void)a4, (void)a5;
    if (!guest_va_valid(va) || !(l1 = find_l1(va)))
        return -XEN_EINVAL;
    if ((rc = pt_update_l1((uint64_t *)mfn_to_virt(l1) + pt_index(va, 1), val, 0)))
        return rc;
    return flush_for(va, flags);
}
