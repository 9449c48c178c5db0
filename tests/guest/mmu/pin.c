/*
 * Pinning and the page-type state machine (pv-abi.md §3.2, §8.1).
 *
 * A pin is one extra type reference plus a flag: it validates the table on
 * the first reference, refuses to nest, and on unpin devalidates the table
 * if nothing else holds it.  The bugs these cases catch: a hypervisor that
 * lets a frame be a page table while it is mapped writable (or the other way
 * round), that pins the same frame at two levels, that counts a double pin or
 * a double unpin instead of refusing it, that validates the guest's values in
 * the hypervisor's own L4 slots, or that devalidates the live L4 when its pin
 * is dropped while CR3 still holds it.
 */
#include "tests/guest/mmu/mmu_test.h"

/* Pins and unpins a zeroed frame at every level; checks double pin/unpin. */
static void pin_each_level(void)
{
    static const char *const pin_name[] = {
        "", "pin L1 of a zeroed frame", "pin L2 of a zeroed frame",
        "pin L3 of a zeroed frame", "pin L4 of a zeroed frame",
    };
    unsigned long f = frame_new();

    for (int level = 1; level <= 4; level++) {
        test_check(pin_name[level], pin(level, f), 0);
        if (level == 1)
            test_check("pin L1 twice -EINVAL", pin(1, f), -XEN_EINVAL);
        test_check("unpin", unpin(f), 0);
    }
    test_check("unpin an unpinned frame -EINVAL", unpin(f), -XEN_EINVAL);
    test_check("zeroed frame reusable after four pins", frame_release(f), 0);
}

/* A frame that is a table at one level cannot be one at another, or writable. */
static void pin_type_conflicts(void)
{
    unsigned long f = frame_new();

    test_check("pin L2", pin(2, f), 0);
    test_check("pin the L2 as L1 (wrong level) -EINVAL", pin(1, f), -XEN_EINVAL);
    test_check("pin the L2 as L3 (wrong level) -EINVAL", pin(3, f), -XEN_EINVAL);
    test_check("map the pinned L2 writable -EBUSY", scratch_map(SLOT_A, f, PTE_RW), -XEN_EBUSY);
    test_check("map the pinned L2 read-only", scratch_map(SLOT_A, f, 0), 0);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    test_check("unpin the L2", unpin(f), 0);

    test_check("map a frame writable", scratch_map(SLOT_A, f, PTE_RW), 0);
    test_check("pin L1 of a frame mapped writable -EINVAL", pin(1, f), -XEN_EINVAL);
    test_check("remap it read-only", scratch_map(SLOT_A, f, 0), 0);
    test_check("pin L1 once it is read-only", pin(1, f), 0);
    test_check("unpin it", unpin(f), 0);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    test_check("frame reusable", frame_release(f), 0);
}

/* Validation looks at the contents: an entry that cannot be taken fails the pin. */
static void pin_validates_contents(void)
{
    unsigned long table = frame_new(), data = frame_new();

    frame_set_entry(table, 0, pte_make(data, PTE_KERNEL_RW));
    test_check("pin L1 mapping a data frame writable", pin(1, table), 0);
    test_check("that data frame cannot become an L1 (-EINVAL)", pin(1, data), -XEN_EINVAL);
    test_check("unpin the L1", unpin(table), 0);
    test_check("data frame can become an L1 now", pin(1, data), 0);
    test_check("unpin the data frame", unpin(data), 0);

    test_check("pin L2 of the data frame", pin(2, data), 0);
    test_check("pin as L2 a table whose entry points at a pinned L2 -EINVAL",
               pin(2, table), -XEN_EINVAL);
    test_check("unpin the pinned L2", unpin(data), 0);

    frame_set_entry(table, 0, pte_make(table, PTE_KERNEL_RW));
    test_check("pin L1 that maps itself writable -EBUSY (Xen: the L1 entry's error)",
               pin(1, table), -XEN_EBUSY);
    frame_set_entry(table, 0, pte_make(table, PTE_KERNEL_RO));
    test_check("pin L1 that maps itself read-only", pin(1, table), 0);
    test_check("unpin it", unpin(table), 0);

    frame_set_entry(table, 0, pte_make(data, PTE_TABLE | PTE_PSE));
    test_check("pin L2 with a PSE (2 MiB) entry -EINVAL", pin(2, table), -XEN_EINVAL);
    frame_set_entry(table, 0, pte_make(foreign_mfn, PTE_KERNEL_RO));
    test_check("pin L1 mapping a frame that is not ours -EBUSY", pin(1, table), -XEN_EBUSY);
    frame_set_entry(table, 0, 0);
    test_check("table frame reusable", frame_release(table), 0);
    test_check("data frame reusable", frame_release(data), 0);
}

/* Pins of the live L4, and of an L4 with junk in the hypervisor's slots. */
static void pin_live_and_hv_slots(void)
{
    unsigned long l4 = frame_new(), top;

    test_check("pin the bootstrap L4 again -EINVAL", pin(4, boot_l4), -XEN_EINVAL);
    test_check("unpin the bootstrap L4 while it is CR3", unpin(boot_l4), 0);
    test_check("still running on it: re-pin it", pin(4, boot_l4), 0);

    frame_set_entry(l4, 260, pte_make(foreign_mfn, PTE_TABLE));
    test_check("pin L4 with junk in hypervisor slot 260 (ignored)", pin(4, l4), 0);
    top = frame_entry(l4, 260);
    test_check("the hypervisor replaced slot 260", top != pte_make(foreign_mfn, PTE_TABLE), 1);
    test_check("unpin it", unpin(l4), 0);
    test_check("frame reusable", frame_release(l4), 0);
}

/* The pin group. */
void test_pin(void)
{
    group("pin: MMUEXT_PIN_Ln_TABLE / UNPIN and page types");
    pin_each_level();
    pin_type_conflicts();
    pin_validates_contents();
    pin_live_and_hv_slots();
}
