/*
 * mmu_update: what one request may and may not write (pv-abi.md §3.1, §7,
 * §8.1-8.4).
 *
 * Each request names an entry by machine address; the hypervisor checks the
 * new value at the level of the table holding it.  The bugs these cases
 * catch: a writable mapping of a page-table page (the guest could then write
 * entries unchecked), a write into the hypervisor's L4 slots, a writable
 * self-map of an L4, a missing US/bit-52/G adjustment, a broken M2P update,
 * a wrong command decode, a PRESERVE_AD that loses A/D, and foreigndom
 * handling.  (Frames that are not ours: foreign.c; flag bits: mmu_update_bits.c.)
 */
#include "tests/guest/mmu/mmu_test.h"

/* An L1 entry moved to another frame and back; what the hypervisor stores. */
static void mmu_l1_entries(void)
{
    uint64_t e;

    test_check("L1: present entry to another frame",
               mmu1(sandbox_l1e(0), pte_make(sb.data[1], PTE_KERNEL_RO)), 0);
    flush_local();
    test_check("L1: reads the new frame", read_va(sandbox_va(0)), 'B');
    test_check("L1: and back", mmu1(sandbox_l1e(0), pte_make(sb.data[0], PTE_KERNEL_RO)), 0);
    flush_local();
    test_check("L1: reads the old frame", read_va(sandbox_va(0)), 'A');

    e = frame_entry(sb.l1, 0);
    test_check("L1: kernel entry stored with US and bit 52 added",
               e & (PTE_US | PTE_XEN_KERNEL | PTE_G), PTE_US | PTE_XEN_KERNEL);
    test_check("L1: user entry (US=1)",
               mmu1(sandbox_l1e(1), pte_make(sb.data[1], PTE_KERNEL_RO | PTE_US)), 0);
    e = frame_entry(sb.l1, 1);
    test_check("L1: user entry stored with G added, no bit 52",
               e & (PTE_US | PTE_XEN_KERNEL | PTE_G), PTE_US | PTE_G);
    test_check("L1: clear it", mmu1(sandbox_l1e(1), 0), 0);
    test_check("L2: entry stored with US added", frame_entry(sb.l2, 0) & PTE_US, PTE_US);
    test_check("L4: entry stored with US and A added",
               frame_entry(boot_l4, SANDBOX_SLOT) & (PTE_US | PTE_A), PTE_US | PTE_A);
}

/* Mappings the hypervisor must refuse, and their read-only twins it allows. */
static void mmu_forbidden_mappings(void)
{
    test_check("map the live L4 writable -EBUSY",
               mmu1(sandbox_l1e(1), pte_make(boot_l4, PTE_KERNEL_RW)), -XEN_EBUSY);
    test_check("map the sandbox L1 writable through itself -EBUSY",
               mmu1(sandbox_l1e(1), pte_make(sb.l1, PTE_KERNEL_RW)), -XEN_EBUSY);
    test_check("map the live L4 read-only",
               mmu1(sandbox_l1e(1), pte_make(boot_l4, PTE_KERNEL_RO)), 0);
    flush_local();
    test_check("read the L4 through it: our sandbox entry",
               ((volatile uint64_t *)sandbox_va(1))[SANDBOX_SLOT] ==
               frame_entry(boot_l4, SANDBOX_SLOT), 1);
    test_check("unmap it", mmu1(sandbox_l1e(1), 0), 0);
}

/* The VA at which an L4 that maps itself in `slot` shows its own frame:
 * the same index at all four levels walks L4 -> L4 -> L4 -> L4. */
static unsigned long self_map_va(unsigned long slot)
{
    return l4_slot_va(slot) | slot << 30 | slot << 21 | slot << 12;
}

/* The hypervisor's L4 slots and self-maps of the L4. */
static void mmu_l4_rules(void)
{
    uint64_t m2p_entry = frame_entry(boot_l4, FIRST_HV_L4_SLOT);
    uint64_t spare = entry_maddr(boot_l4, SPARE_SLOT);

    test_check("L4 slot 256 (M2P) rewritten with its own value -EINVAL",
               mmu1(entry_maddr(boot_l4, 256), m2p_entry), -XEN_EINVAL);
    test_check("L4 slot 256 cleared -EINVAL", mmu1(entry_maddr(boot_l4, 256), 0), -XEN_EINVAL);
    test_check("L4 slot 260 pointed at our L3 -EINVAL",
               mmu1(entry_maddr(boot_l4, 260), pte_make(sb.l3, PTE_TABLE)), -XEN_EINVAL);
    test_check("L4 slot 271 pointed at our L3 -EINVAL",
               mmu1(entry_maddr(boot_l4, 271), pte_make(sb.l3, PTE_TABLE)), -XEN_EINVAL);
    test_check("M2P still mapped after the refusals", frame_entry(boot_l4, 256), m2p_entry);

    test_check("L4 writable self-map -EINVAL", mmu1(spare, pte_make(boot_l4, PTE_TABLE)),
               -XEN_EINVAL);
    test_check("L4 read-only self-map", mmu1(spare, pte_make(boot_l4, PTE_P | PTE_A)), 0);
    flush_local();
    test_check("read the L4 through the self-map",
               ((volatile uint64_t *)self_map_va(SPARE_SLOT))[SANDBOX_SLOT] ==
               frame_entry(boot_l4, SANDBOX_SLOT), 1);
    test_check("remove the self-map", mmu1(spare, 0), 0);
    flush_local();
}

/* MMU_MACHPHYS_UPDATE on our frame (other frames: foreign.c). */
static void mmu_machphys(void)
{
    unsigned long mfn = sb.data[1], pfn = mfn_to_pfn(mfn);
    uint64_t ptr = (uint64_t)mfn << PAGE_SHIFT;

    test_check("MACHPHYS_UPDATE our frame to pfn 7",
               mmu1_cmd(ptr, MMU_MACHPHYS_UPDATE, 7), 0);
    test_check("the M2P says 7", mfn_to_pfn(mfn), 7);
    test_check("MACHPHYS_UPDATE it back", mmu1_cmd(ptr, MMU_MACHPHYS_UPDATE, pfn), 0);
    test_check("the M2P says the old pfn", mfn_to_pfn(mfn), pfn);
}

/* Command decoding: ptr & 7. */
static void mmu_commands(void)
{
    static const char *const bad_name[] = {
        "command 4 -ENOSYS", "command 5 -ENOSYS", "command 6 -ENOSYS", "command 7 -ENOSYS",
    };
    uint64_t e1 = sandbox_l1e(1);

    for (unsigned int cmd = 4; cmd <= 7; cmd++)
        test_check(bad_name[cmd - 4], mmu1_cmd(e1, cmd, pte_make(sb.data[1], PTE_KERNEL_RO)),
                   -XEN_ENOSYS);
    test_check("entry untouched by bad commands", frame_entry(sb.l1, 1), 0);
    test_check("NO_TRANSLATE writes like a normal update",
               mmu1_cmd(e1, MMU_PT_UPDATE_NO_TRANSLATE, pte_make(sb.data[1], PTE_KERNEL_RO)), 0);
    test_check("NO_TRANSLATE entry in place", pte_mfn(frame_entry(sb.l1, 1)), sb.data[1]);
    test_check("set A and D", mmu1(e1, pte_make(sb.data[1], PTE_KERNEL_RO | PTE_D)), 0);
    test_check("PRESERVE_AD with A and D clear in the new value",
               mmu1_cmd(e1, MMU_PT_UPDATE_PRESERVE_AD, pte_make(sb.data[0], PTE_P)), 0);
    test_check("PRESERVE_AD kept A and D, took the new frame",
               (frame_entry(sb.l1, 1) & (PTE_A | PTE_D)) == (PTE_A | PTE_D) &&
               pte_mfn(frame_entry(sb.l1, 1)) == sb.data[0], 1);
    test_check("clear it", mmu1(e1, 0), 0);
    flush_local();
}

/* Writes into frames that are not page tables are plain writes. */
static void mmu_plain_frames(void)
{
    unsigned long f = frame_new();

    test_check("update into an untyped frame", mmu1(entry_maddr(f, 3), 0x1234567), 0);
    test_check("the frame holds the value", frame_entry(f, 3), 0x1234567);
    test_check("map it writable", scratch_map(SLOT_A, f, PTE_RW), 0);
    test_check("update into a writable-typed frame", mmu1(entry_maddr(f, 4), 0xabcdef), 0);
    test_check("seen through the mapping", ((volatile uint64_t *)scratch_va(SLOT_A))[4], 0xabcdef);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    test_check("frame reusable", frame_release(f), 0);
}

/* foreigndom: DOMID_SELF names us; our own numeric id does not (Xen refuses
 * "itself as a foreign domain"). */
static void mmu_foreigndom(void)
{
    struct mmu_update req = { sandbox_l1e(1), pte_make(sb.data[1], PTE_KERNEL_RO) };

    test_check("foreigndom DOMID_SELF", hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    test_check("foreigndom 0 (our own id, not DOMID_SELF) -ESRCH",
               hypercall_mmu_update(&req, 1, NULL, 0), -XEN_ESRCH);
    test_check("foreigndom of an unknown domain -ESRCH",
               hypercall_mmu_update(&req, 1, NULL, DOMID_UNKNOWN), -XEN_ESRCH);
    test_check("page-table owner (bits 31:16) unknown -ESRCH",
               hypercall_mmu_update(&req, 1, NULL, (DOMID_UNKNOWN + 1) << 16 | DOMID_SELF),
               -XEN_ESRCH);
    test_check("foreigndom DOMID_IO mapping our RAM (Xen allows it)",
               hypercall_mmu_update(&req, 1, NULL, DOMID_IO), 0);
    test_check("clear it", mmu1(sandbox_l1e(1), 0), 0);
}

/* The mmu_update group. */
void test_mmu_update(void)
{
    group("mmu_update: single requests");
    mmu_l1_entries();
    mmu_forbidden_mappings();
    mmu_l4_rules();
    mmu_machphys();
    mmu_commands();
    mmu_plain_frames();
    mmu_foreigndom();
}
