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
#include "mm/guest_access.h"
#include "mm/guest_walk.h"
#include "mm/hv_pagetable.h"
#include "mm/page_type.h"
#include "mm/pt_update.h"
#include "mm/pte_rules.h"
#include "mm/tlb.h"
#include "abi/mmu.h"

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
    uint64_t *entry;
    long rc;

    (void)a4, (void)a5;
    if (!guest_va_ok(va) || !(entry = guest_l1_entry(va)) ||
        !frame_is_table(virt_to_maddr(entry) >> 12, FT_L1))
        return -XEN_EINVAL;
    if ((rc = pt_update_l1(entry, val, 0)))
        return rc;
    return flush_for(va, flags);
}
