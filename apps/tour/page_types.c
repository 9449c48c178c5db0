/*
 * Step 3: page types and the invariant.  A frame is a page table of one
 * level or something the guest may write, never both at once: the
 * hypervisor refuses a writable mapping of a table and a table made of a
 * frame that is mapped writable, and the same frame is fine either way once
 * it is plain memory again.
 */
#include "abi/errno.h"
#include "apps/tour/tour.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"
#include "mm/scratch.h"

/* Step 3: one fresh frame, pinned as an L1 and mapped writable in turn;
 * frees it at the end. */
void tour_page_types(void)
{
    unsigned long pfn = tour_frame(0), mfn = pfn_to_mfn(pfn);

    tour_say("Every machine frame has a type (none, writable, L1..L4, descriptor page) and a");
    tour_say("count of references of that type; the type may change only at count 0.  So a");
    tour_say("frame in use as a page table cannot be mapped writable, and a frame mapped");
    tour_say("writable cannot become a page table: the guest never writes a live table.");
    tour_say("A fresh, empty frame: MFN 0x%lx (PFN 0x%lx).", mfn, pfn);
    if (pfn == INVALID_PFN)
        return;
    tour_expect_rc("pin it as an L1 (MMUEXT_PIN_L1_TABLE)",
                   mmu_batch_ext_now(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    tour_say("It is now an L1: validated, type count 1 held by the pin.");
    tour_expect_rc("map the pinned L1 writable (update_va_mapping, RW)",
                   scratch_map(TOUR_SLOT_PROBE, mfn, PTE_RW), -XEN_EBUSY);
    tour_expect_rc("map it read-only: reading a table is fine",
                   scratch_map(TOUR_SLOT_PROBE, mfn, 0), 0);
    tour_expect_rc("unmap it", scratch_unmap(TOUR_SLOT_PROBE), 0);
    tour_expect_rc("unpin it (MMUEXT_UNPIN_TABLE)",
                   mmu_batch_ext_now(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
    tour_say("Type count 0: plain memory again.  The other way round:");
    tour_expect_rc("map it writable", scratch_map(TOUR_SLOT_PROBE, mfn, PTE_RW), 0);
    tour_expect_rc("pin it as an L1 while it is mapped writable",
                   mmu_batch_ext_now(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
    tour_expect_rc("unmap it", scratch_unmap(TOUR_SLOT_PROBE), 0);
    tour_expect_rc("pin it as an L1 now", mmu_batch_ext_now(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    tour_expect_rc("and unpin it", mmu_batch_ext_now(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
    tour_check("pfn_free", pfn_free(pfn) == 0);
}
