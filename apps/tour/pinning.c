/*
 * Steps 7-9: one address space through its life, with the guest's aspace
 * API (guest/mm/aspace.h): built as plain memory and pinned late (7),
 * switched to unpinned and pinned to show what the pin saves (8), and torn
 * down after an early unpin (9).
 *
 *   L4 (new) --[0]--> L3 --[0]--> L2 --[2]--> L1 --[0..255]--> frame D (read-only)
 *      \--[511]--> the kernel's L3, shared with the bootstrap L4
 *
 * Tree snapshots of the trace (one at each L4 pin and base-pointer load):
 * step 7 pins and loads once and switches back (3), step 8 loads, switches
 * back, pins, loads and switches back (5).  docs/pv-mmu.md counts on these.
 */
#include <stddef.h>
#include "abi/errno.h"
#include "apps/tour/tour.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pt_build.h"
#include "mm/pte.h"
#include "mm/scratch.h"

#define TOUR_VA     0x400000UL      /* L4 0, L3 0, L2 2, L1 0 */
#define TOUR_PAGES  256
#define MAGIC_D     0x4444444444444444UL

static struct aspace *space;        /* the address space of steps 7-9 */
static unsigned long data_pfn;      /* frame D, held by the tour too */
static unsigned long table_pfn[5];  /* [level]: the tables of TOUR_VA */

/* Prints how many operations and hypercalls the guest's MMU code used since
 * the counters were reset, and returns the hypercalls. */
static unsigned long batch_report(const char *what)
{
    const struct mmu_batch_stats *s = mmu_batch_stats();

    tour_say("%s: %lu queued operations, hypercalls: %lu", what, s->ops, s->hypercalls);
    return s->hypercalls;
}

/* Reads the last page of the range, which must show frame D. */
static void read_through(void)
{
    tour_expect_hex("the word at the range's last page, read through the new tables",
                    *(volatile uint64_t *)(TOUR_VA + (TOUR_PAGES - 1) * PAGE_SIZE), MAGIC_D);
}

/* Tries to map the L1 of the range writable: -EBUSY while it is validated
 * (it is a page table), 0 when it is plain memory.  Unmaps it again. */
static void probe_l1(const char *what, long want)
{
    tour_expect_rc(what, scratch_map(TOUR_SLOT_PROBE, pfn_to_mfn(table_pfn[1]), PTE_RW), want);
    tour_check("scratch_unmap", scratch_unmap(TOUR_SLOT_PROBE) == 0);
}

/* Switches to `to`, timed; reports the cost under `what` and adds it to
 * *total.  Returns aspace_switch's result. */
static long timed_switch(struct aspace *to, const char *what, uint64_t *total)
{
    uint64_t before = tour_ticks();
    long rc = aspace_switch(to);
    uint64_t ticks = tour_ticks() - before;

    tour_expect_rc(what, rc, 0);
    tour_cost(what, ticks, 1, 1);
    *total += tour_per_op(ticks, 1, 1);
    return rc;
}

/* Step 7: tables filled by stores, then one batch seals, pins and switches. */
void tour_late_pin(void)
{
    uint64_t ticks = 0;

    tour_say("Tables nothing references are plain memory: the guest fills them with ordinary");
    tour_say("stores, no hypercall per entry.  Then it maps them read-only and pins the root");
    tour_say("once (\"late pin\"): the hypervisor validates the whole tree in one pass.");
    data_pfn = tour_frame(MAGIC_D);
    if (data_pfn == INVALID_PFN)
        return;
    frame_ref_get(data_pfn);
    mmu_batch_stats_reset();
    space = aspace_create();
    if (!tour_check("aspace_create: a new address space", space != NULL))
        return;
    tour_expect_rc("aspace_map: 256 pages of frame D from VA 0x400000, read-only",
                   aspace_map(space, TOUR_VA, TOUR_PAGES, &data_pfn, 1, 0), 0);
    table_pfn[4] = space->l4;
    for (int level = 4; level > 1; level--)
        table_pfn[level - 1] = pt_entry_pfn(pt_entries(table_pfn[level])[pt_index(TOUR_VA, level)]);
    tour_say("new tables: L4 MFN 0x%lx, L3 MFN 0x%lx, L2 MFN 0x%lx, L1 MFN 0x%lx; D MFN 0x%lx",
             pfn_to_mfn(table_pfn[4]), pfn_to_mfn(table_pfn[3]), pfn_to_mfn(table_pfn[2]),
             pfn_to_mfn(table_pfn[1]), pfn_to_mfn(data_pfn));
    tour_check("the build took a hypercall per table frame at most, none per entry",
               batch_report("building it (the tables' own mappings)") <= 4);
    mmu_batch_stats_reset();
    if (timed_switch(space, "seal (4 tables read-only) + PIN_L4 + NEW_BASEPTR", &ticks) != 0)
        return;
    tour_check("all three in one hypercall (a multicall)", batch_report("the switch") == 1);
    read_through();
    probe_l1("its L1 is a table now: map it writable", -XEN_EBUSY);
    tour_expect_rc("switch back to the kernel's tables", aspace_switch(aspace_kernel()), 0);
    probe_l1("still validated (the pin holds it): map the L1 writable", -XEN_EBUSY);
}

/* Step 8: the same switch unpinned (validate, devalidate) and pinned. */
void tour_pin_saves(void)
{
    uint64_t before, pin_ticks, unpinned = 0, pinned = 0;

    tour_say("A table stays validated only while something references it as a table.  An");
    tour_say("unpinned L4 is held by CR3 alone: every NEW_BASEPTR to it validates the whole");
    tour_say("tree, every switch away devalidates it.  A pin keeps it validated in between.");
    if (!tour_check("step 7 made the address space", space != NULL))
        return;
    tour_expect_rc("unpin it (aspace_set_pinned 0)", aspace_set_pinned(space, 0), 0);
    probe_l1("nothing holds the tree: its L1 maps writable", 0);
    if (timed_switch(space, "NEW_BASEPTR to the unpinned L4 (validates 4 tables)", &unpinned) != 0)
        return;
    read_through();
    timed_switch(aspace_kernel(), "NEW_BASEPTR back (devalidates them)", &unpinned);
    before = tour_ticks();
    tour_expect_rc("pin it again (aspace_set_pinned 1)", aspace_set_pinned(space, 1), 0);
    pin_ticks = tour_ticks() - before;
    tour_cost("the pin: one validation, paid once", pin_ticks, 1, 1);
    if (timed_switch(space, "NEW_BASEPTR to the pinned L4 (nothing to validate)", &pinned) != 0)
        return;
    read_through();
    timed_switch(aspace_kernel(), "NEW_BASEPTR back (it stays validated)", &pinned);
    tour_say("A round trip to the address space and back: %lu unpinned, %lu pinned.  The pin",
             (unsigned long)unpinned, (unsigned long)pinned);
    tour_say("saves %ld on every round trip: one validation and one devalidation of the tree.",
             (long)(unpinned - pinned));
}

/* Step 9: unpin first, then the tree is plain memory: read and freed. */
void tour_early_unpin(void)
{
    uint64_t before, ticks;
    long rc;

    tour_say("To tear an address space down, switch away and unpin it first (\"early unpin\"):");
    tour_say("the hypervisor devalidates the tree in one pass, and the guest then reads it and");
    tour_say("frees its frames as plain memory, with no hypercall per entry.");
    if (!tour_check("step 7 made the address space", space != NULL))
        return;
    mmu_batch_stats_reset();
    before = tour_ticks();
    rc = aspace_destroy(space);
    ticks = tour_ticks() - before;
    tour_expect_rc("aspace_destroy: unpin, walk, free 4 tables and 256 mappings", rc, 0);
    tour_cost("the whole teardown", ticks, 1, 1);
    tour_check("a few hypercalls, none per entry", batch_report("the teardown") <= 4);
    space = NULL;
    tour_expect_hex("frame D's mapping count (only the tour's hold left)", frame_refs(data_pfn), 1);
    probe_l1("the old L1 frame is plain memory: map it writable", 0);
    tour_expect_hex("drop the tour's hold on D (frees it)", frame_ref_put(data_pfn), 0);
}
