/*
 * Mapping into a live address space (the current one: sealed and pinned,
 * so tables are made and entries written by checked, queued updates), and
 * unmapping from it.  A live map that forgot to seal a new table fails in
 * the hypervisor; one that forgot to flush reads nothing; an unmap that
 * freed a frame before the TLB flush, or did not free it at all, shows in
 * the free count.  And faults that are not copy-on-write must still reach
 * the next handler with their own error code: a write to a read-only page
 * that was never shared, and a write to an unmapped page.
 */
#include "tests/guest/aspace/aspace_test.h"
#include "tests/guest/lib/trap_probe.h"

#define VA_LIVE     0x7000000UL             /* L2 index 56 of L3 0 */
#define VA_RO       0x7200000UL             /* the next L1 */
#define VA_NONE     0x7400000UL             /* never mapped */

/* Writes one byte at VA_RO / VA_NONE under a probe, returning through 2:. */
static void write_ro_probe(void)
{
    probe_arm();
    PROBE("", "movb $1, 0x7200000", "");
    probe_expect("map: write to a read-only page that is not copy-on-write: #PF",
                 TRAP_PF, probe_fault_rip, PFEC_PRESENT | PFEC_WRITE);
    test_check("map: ... at that address (cr2)", probe.cr2, VA_RO);
}

static void write_none_probe(void)
{
    probe_arm();
    PROBE("", "movb $1, 0x7400000", "");
    probe_expect("map: write to an unmapped page: #PF", TRAP_PF, probe_fault_rip, PFEC_WRITE);
}

void test_map(void)
{
    struct aspace *as;
    unsigned long free_before = pfn_nr_free(), free_live, ro = pfn_alloc();
    int zero = 1;

    frame_ref_get(ro);
    test_check("map: copy-on-write handler in front of the probe's",
               aspace_cow_install(), 0);
    as = aspace_with(VA_LOW, 1);
    if (as == NULL || aspace_switch(as) != 0)
        return;
    test_check("map: 4 pages into the live address space (new L2, L1)",
               aspace_map(as, VA_LIVE, 4, NULL, 0, 1), 0);
    for (int i = 0; i < 4; i++)
        zero &= peek(VA_LIVE + i * PAGE_SIZE + 7) == 0;
    test_check("map: fresh pages read as zero", zero, 1);
    poke(VA_LIVE + 3 * PAGE_SIZE, 'L');
    test_check("map: and take writes", peek(VA_LIVE + 3 * PAGE_SIZE), 'L');
    free_live = pfn_nr_free();
    test_check("map: unmap them (live, TLB flushed)", aspace_unmap(as, VA_LIVE, 4), 0);
    test_check("map: their 4 frames are free again", pfn_nr_free() - free_live, 4);
    test_check("map: nothing mapped there any more", aspace_lookup(as, VA_LIVE), 0);
    test_check("map: map again into the existing tables", aspace_map(as, VA_LIVE, 4, NULL, 0, 1), 0);
    test_check("map: the page reads as zero (a fresh frame)", peek(VA_LIVE + 3 * PAGE_SIZE), 0);
    test_check("map: one frame read-only at two pages",
               aspace_map(as, VA_RO, 2, &ro, 1, 0), 0);
    test_check("map: its count is ours + 2 mappings", frame_refs(ro), 3);
    write_ro_probe();
    write_none_probe();
    test_check("map: the read-only entry is unchanged",
               aspace_lookup(as, VA_RO) & (PTE_RW | PTE_COW), 0);
    aspace_switch(aspace_kernel());
    test_check("map: destroy", aspace_destroy(as), 0);
    test_check("map: the read-only frame is ours alone again", frame_refs(ro), 1);
    frame_ref_put(ro);
    test_check("map: every frame back", pfn_nr_free(), free_before);
}
