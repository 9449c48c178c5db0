/*
 * update_va_mapping: one L1 entry, found through the current page tables,
 * and an optional flush (pv-abi.md §3.3).
 *
 * Every UVMF form is tried by moving a mapping from frame 'A' to frame 'B'
 * and back, reading through the VA after each move: the TLB is primed with
 * the old translation first, so a flush that does not happen shows up as a
 * stale read (UVMF_NONE promises no flush, so that case flushes itself).
 * The negative cases catch a hypervisor that walks into an L1 that does not
 * exist, accepts a VA in its own range or a non-canonical one, or lets the
 * call map a page-table page (the bootstrap L4 at pt_base) writable.
 */
#include "kernel/start.h"
#include "tests/guest/mmu/mmu_test.h"

#define HV_VA           0xffff830000000000UL
#define NON_CANONICAL   0x0000800000000000UL

static unsigned long one_vcpu_mask = 1;
static unsigned long no_vcpu_mask;

struct uvm_form {
    const char *name;
    unsigned long flags;
};

/* Remaps va from 'A' to 'B' and back with flags; checks results and reads. */
static void uvm_remap(const struct uvm_form *form)
{
    unsigned long va = sandbox_va(0);
    long rc;

    read_va(va);
    rc = hypercall_update_va_mapping(va, pte_make(sb.data[1], PTE_KERNEL_RO), form->flags);
    if ((form->flags & UVMF_FLUSHTYPE_MASK) == UVMF_NONE)
        mmuext1(MMUEXT_INVLPG_LOCAL, va, 0);
    test_check(form->name, rc, 0);
    test_check("  reads the new frame", read_va(va), 'B');
    rc = hypercall_update_va_mapping(va, pte_make(sb.data[0], PTE_KERNEL_RO), form->flags);
    if ((form->flags & UVMF_FLUSHTYPE_MASK) == UVMF_NONE)
        mmuext1(MMUEXT_INVLPG_LOCAL, va, 0);
    test_check("  and back", rc, 0);
    test_check("  reads the old frame", read_va(va), 'A');
}

/* Every flush type with every selector. */
static void uvm_flags(void)
{
    const struct uvm_form forms[] = {
        { "UVMF_NONE (flushed by INVLPG_LOCAL after)", UVMF_NONE },
        { "UVMF_TLB_FLUSH|UVMF_LOCAL", UVMF_TLB_FLUSH | UVMF_LOCAL },
        { "UVMF_INVLPG|UVMF_LOCAL", UVMF_INVLPG | UVMF_LOCAL },
        { "UVMF_TLB_FLUSH|UVMF_ALL", UVMF_TLB_FLUSH | UVMF_ALL },
        { "UVMF_INVLPG|UVMF_ALL", UVMF_INVLPG | UVMF_ALL },
        { "UVMF_TLB_FLUSH|UVMF_MULTI, vcpumask {0}",
          UVMF_TLB_FLUSH | UVMF_MULTI | (unsigned long)&one_vcpu_mask },
        { "UVMF_INVLPG|UVMF_MULTI, vcpumask {0}",
          UVMF_INVLPG | UVMF_MULTI | (unsigned long)&one_vcpu_mask },
    };

    for (unsigned int i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        uvm_remap(&forms[i]);
    test_check("UVMF_INVLPG|UVMF_MULTI, empty vcpumask",
               hypercall_update_va_mapping(sandbox_va(0), pte_make(sb.data[0], PTE_KERNEL_RO),
                                           UVMF_INVLPG | (unsigned long)&no_vcpu_mask), 0);
    test_check("flush type 3 (both bits): accepted, Xen flushes nothing",
               hypercall_update_va_mapping(sandbox_va(0), pte_make(sb.data[0], PTE_KERNEL_RO),
                                           UVMF_FLUSHTYPE_MASK), 0);
}

/* Entries the call must refuse, or VAs it cannot reach. */
static void uvm_refusals(void)
{
    unsigned long pt_va = guest_start_info->pt_base;
    uint64_t maddr;

    test_check("VA without an L1 (empty L4 slot) -EINVAL",
               hypercall_update_va_mapping(l4_slot_va(EMPTY_SLOT),
                                           pte_make(sb.data[0], PTE_KERNEL_RO), UVMF_INVLPG),
               -XEN_EINVAL);
    test_check("VA in the hypervisor's range -EINVAL",
               hypercall_update_va_mapping(HV_VA, 0, UVMF_INVLPG), -XEN_EINVAL);
    test_check("non-canonical VA -EINVAL",
               hypercall_update_va_mapping(NON_CANONICAL, 0, UVMF_INVLPG), -XEN_EINVAL);
    test_check("map the bootstrap L4 (at pt_base) writable -EBUSY",
               hypercall_update_va_mapping(pt_va, pte_make(boot_l4, PTE_KERNEL_RW), UVMF_INVLPG),
               -XEN_EBUSY);
    test_check("pt_base still mapped read-only",
               pt_entry_maddr(boot_l4, pt_va, 1, &maddr) == 0 &&
               (pt_read_entry(maddr) & (PTE_P | PTE_RW)) == PTE_P, 1);
    test_check("map the sandbox L1 writable -EBUSY",
               hypercall_update_va_mapping(sandbox_va(1), pte_make(sb.l1, PTE_KERNEL_RW),
                                           UVMF_INVLPG), -XEN_EBUSY);
    test_check("map a frame that is not ours -EBUSY",
               hypercall_update_va_mapping(sandbox_va(1), pte_make(foreign_mfn, PTE_KERNEL_RO),
                                           UVMF_INVLPG), -XEN_EBUSY);
    test_check("unmap (entry 0)", hypercall_update_va_mapping(sandbox_va(0), 0, UVMF_INVLPG), 0);
    test_check("entry is empty", frame_entry(sb.l1, 0), 0);
    test_check("map it again",
               hypercall_update_va_mapping(sandbox_va(0), pte_make(sb.data[0], PTE_KERNEL_RO),
                                           UVMF_INVLPG), 0);
    test_check("reads 'A' again", read_va(sandbox_va(0)), 'A');
}

/* The update_va_mapping group. */
void test_update_va_mapping(void)
{
    group("update_va_mapping: flush forms and refusals");
    uvm_flags();
    uvm_refusals();
}
