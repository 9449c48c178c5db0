/*
 * mmuext_op: flushes, LDT, base pointers, command decoding (pv-abi.md §3.2,
 * §8.5, §8.6).
 *
 * The flushes have no result but 0; what matters is that every form is
 * accepted (a guest cannot fall back if one is missing) and that an address
 * outside the guest's range is ignored, not trusted.  NEW_BASEPTR is the
 * dangerous one: it must validate the new root completely before CR3 points
 * at it, and leave the old root in place when it cannot.  The batch cases
 * catch a hypervisor that runs on past a failing operation or miscounts it.
 */
#include "tests/guest/mmu/mmu_test.h"

#define HV_VA           0xffff830000000000UL

static unsigned long one_vcpu_mask = 1;

/* Every flush command. */
static void ext_flushes(void)
{
    unsigned long mask = (unsigned long)&one_vcpu_mask;

    test_check("TLB_FLUSH_LOCAL", mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
    test_check("TLB_FLUSH_MULTI, vcpumask {0}", mmuext1(MMUEXT_TLB_FLUSH_MULTI, 0, mask), 0);
    test_check("TLB_FLUSH_ALL", mmuext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
    test_check("INVLPG_LOCAL", mmuext1(MMUEXT_INVLPG_LOCAL, sandbox_va(0), 0), 0);
    test_check("INVLPG_MULTI, vcpumask {0}",
               mmuext1(MMUEXT_INVLPG_MULTI, sandbox_va(0), mask), 0);
    test_check("INVLPG_ALL", mmuext1(MMUEXT_INVLPG_ALL, sandbox_va(0), 0), 0);
    test_check("INVLPG_LOCAL of a hypervisor VA (ignored)",
               mmuext1(MMUEXT_INVLPG_LOCAL, HV_VA, 0), 0);
    test_check("INVLPG_MULTI of a hypervisor VA (ignored)",
               mmuext1(MMUEXT_INVLPG_MULTI, HV_VA, mask), 0);
    test_check("INVLPG_ALL of a hypervisor VA (ignored)",
               mmuext1(MMUEXT_INVLPG_ALL, HV_VA, 0), 0);
    test_check("FLUSH_CACHE (dom0 may)", mmuext1(MMUEXT_FLUSH_CACHE, 0, 0), 0);
    test_check("FLUSH_CACHE_GLOBAL (dom0 may)", mmuext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0), 0);
}

/* SET_LDT, the superpage commands and unknown commands. */
static void ext_misc_commands(void)
{
    test_check("SET_LDT with 0 entries", mmuext1(MMUEXT_SET_LDT, 0, 0), 0);
    test_check("SET_LDT with 8193 entries -EINVAL",
               mmuext1(MMUEXT_SET_LDT, sandbox_va(0), 8193), -XEN_EINVAL);
    test_check("SET_LDT at an unaligned address -EINVAL",
               mmuext1(MMUEXT_SET_LDT, sandbox_va(0) + 8, 1), -XEN_EINVAL);
    test_check("SET_LDT in the hypervisor's range -EINVAL",
               mmuext1(MMUEXT_SET_LDT, HV_VA, 1), -XEN_EINVAL);
    test_check("SET_LDT with 0 entries again", mmuext1(MMUEXT_SET_LDT, 0, 0), 0);
    test_check("MARK_SUPER -EOPNOTSUPP", mmuext1(MMUEXT_MARK_SUPER, sb.data[0], 0),
               -XEN_EOPNOTSUPP);
    test_check("UNMARK_SUPER -EOPNOTSUPP", mmuext1(MMUEXT_UNMARK_SUPER, sb.data[0], 0),
               -XEN_EOPNOTSUPP);
    test_check("command 14 (unused) -ENOSYS", mmuext1(14, 0, 0), -XEN_ENOSYS);
    test_check("command 21 -ENOSYS", mmuext1(21, 0, 0), -XEN_ENOSYS);
    test_check("command 0xffffffff -ENOSYS", mmuext1(0xffffffffu, 0, 0), -XEN_ENOSYS);
}

/* NEW_BASEPTR to roots that cannot be, and NEW_USER_BASEPTR. */
static void ext_base_pointers(void)
{
    unsigned long l4 = frame_new(), data = frame_new();

    test_check("NEW_BASEPTR to the current root (reload)",
               mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
    test_check("map a frame writable", scratch_map(SLOT_A, l4, PTE_RW), 0);
    test_check("NEW_BASEPTR to a frame mapped writable -EINVAL",
               mmuext1(MMUEXT_NEW_BASEPTR, l4, 0), -XEN_EINVAL);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    test_check("map another frame writable", scratch_map(SLOT_A, data, PTE_RW), 0);
    frame_set_entry(l4, 0, pte_make(data, PTE_TABLE));
    test_check("NEW_BASEPTR to an L4 whose L3 is mapped writable -EINVAL",
               mmuext1(MMUEXT_NEW_BASEPTR, l4, 0), -XEN_EINVAL);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    frame_set_entry(l4, 0, pte_make(l4, PTE_TABLE));
    test_check("NEW_BASEPTR to an L4 with a writable self-map -EINVAL",
               mmuext1(MMUEXT_NEW_BASEPTR, l4, 0), -XEN_EINVAL);
    test_check("NEW_BASEPTR to a frame that is not ours -EINVAL",
               mmuext1(MMUEXT_NEW_BASEPTR, foreign_mfn, 0), -XEN_EINVAL);
    test_check("NEW_BASEPTR to the hypervisor's M2P L3 -EINVAL",
               mmuext1(MMUEXT_NEW_BASEPTR, pte_mfn(frame_entry(boot_l4, FIRST_HV_L4_SLOT)), 0),
               -XEN_EINVAL);
    test_check("still on the bootstrap tables", read_va(sandbox_va(0)), 'A');
    test_check("NEW_USER_BASEPTR to the bootstrap L4",
               mmuext1(MMUEXT_NEW_USER_BASEPTR, boot_l4, 0), 0);
    test_check("NEW_USER_BASEPTR to none (0)", mmuext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
    test_check("map the first frame writable again", scratch_map(SLOT_A, l4, PTE_RW), 0);
    test_check("NEW_USER_BASEPTR to a frame mapped writable -EINVAL",
               mmuext1(MMUEXT_NEW_USER_BASEPTR, l4, 0), -XEN_EINVAL);
    test_check("unmap it", scratch_unmap(SLOT_A), 0);
    frame_set_entry(l4, 0, 0);
    test_check("root frame reusable", frame_release(l4), 0);
    test_check("data frame reusable", frame_release(data), 0);
}

/* Batches: counts, an error in the middle, foreigndom. */
static void ext_batches(void)
{
    struct mmuext_op ops[3] = {
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
        { .cmd = 14 },
        { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = sb.data[1] },
    };
    unsigned int done = 99;

    test_check("count 0", hypercall_mmuext_op(ops, 0, &done, DOMID_SELF), 0);
    test_check("count 0: pdone 0", done, 0);
    done = 7;
    test_check("count 2^31 with pdone",
               hypercall_mmuext_op(ops, MMU_UPDATE_PREEMPTED, &done, DOMID_SELF), 0);
    test_check("count 2^31: pdone keeps its 7", done, 7);
    done = 99;
    test_check("batch flush, bad command, pin -ENOSYS",
               hypercall_mmuext_op(ops, 3, &done, DOMID_SELF), -XEN_ENOSYS);
    test_check("batch: pdone 1", done, 1);
    test_check("batch: the pin after the error was not done", unpin(sb.data[1]), -XEN_EINVAL);
    test_check("foreigndom of an unknown domain -ESRCH",
               hypercall_mmuext_op(ops, 1, NULL, DOMID_UNKNOWN), -XEN_ESRCH);
    test_check("foreigndom 0 (our own id, not DOMID_SELF) -ESRCH",
               hypercall_mmuext_op(ops, 1, NULL, 0), -XEN_ESRCH);
    test_check("foreigndom DOMID_SELF", hypercall_mmuext_op(ops, 1, NULL, DOMID_SELF), 0);
}

/* The mmuext group. */
void test_mmuext(void)
{
    group("mmuext_op: flushes, LDT, base pointers, batches");
    ext_flushes();
    ext_misc_commands();
    ext_base_pointers();
    ext_batches();
}
