/*
 * MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE (pv-abi.md §3.2).
 *
 * The hypervisor writes a whole frame on the guest's behalf, so it must take
 * the same writable type the guest would need: a page table may not be
 * cleared or overwritten this way, or the guest could plant entries that
 * were never validated.  The positive cases check the bytes really changed.
 * (Clearing and copying frames that are not ours: foreign.c.)
 */
#include "tests/guest/mmu/mmu_test.h"

/* Clears and copies between plain frames; refuses page tables and foreign frames. */
void test_mmuext_pages(void)
{
    unsigned long src = frame_new_filled(0x5a), dst = frame_new_filled(0xaa);
    unsigned long table = frame_new();

    group("mmuext_op: CLEAR_PAGE and COPY_PAGE");
    test_check("COPY_PAGE", mmuext1(MMUEXT_COPY_PAGE, dst, src), 0);
    test_check("copy: first byte", frame_byte(dst, 0), 0x5a);
    test_check("copy: last byte", frame_byte(dst, PAGE_SIZE - 1), 0x5a);
    test_check("CLEAR_PAGE", mmuext1(MMUEXT_CLEAR_PAGE, dst, 0), 0);
    test_check("clear: first byte", frame_byte(dst, 0), 0);
    test_check("clear: last byte", frame_byte(dst, PAGE_SIZE - 1), 0);
    test_check("map the destination writable", scratch_map(SLOT_A, dst, PTE_RW), 0);
    test_check("COPY_PAGE to a frame mapped writable", mmuext1(MMUEXT_COPY_PAGE, dst, src), 0);
    test_check("  seen through the mapping", *(volatile uint8_t *)scratch_va(SLOT_A), 0x5a);
    test_check("  unmap it", scratch_unmap(SLOT_A), 0);

    test_check("pin an L1", pin(1, table), 0);
    test_check("CLEAR_PAGE of a pinned L1 -EINVAL", mmuext1(MMUEXT_CLEAR_PAGE, table, 0),
               -XEN_EINVAL);
    test_check("COPY_PAGE onto a pinned L1 -EINVAL", mmuext1(MMUEXT_COPY_PAGE, table, src),
               -XEN_EINVAL);
    test_check("COPY_PAGE from a pinned L1", mmuext1(MMUEXT_COPY_PAGE, dst, table), 0);
    test_check("  copied its zeroes", frame_byte(dst, 0), 0);
    test_check("unpin it", unpin(table), 0);
    test_check("source frame reusable", frame_release(src), 0);
    test_check("destination frame reusable", frame_release(dst), 0);
    test_check("table frame reusable", frame_release(table), 0);
}
