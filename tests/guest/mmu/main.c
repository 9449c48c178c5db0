/*
 * PV MMU conformance: mmu_update, update_va_mapping, mmuext_op, multicall and
 * vm_assist, on pvx and on Xen 4.17 (pv-abi.md §3.1-3.4, §3.9, §8).
 *
 * The PV MMU is where a hypervisor keeps its most important promise: a guest
 * that writes machine frame numbers into its own page tables still cannot
 * reach a frame that is not its own, and cannot write a page table except
 * through a check.  Each case below either does something legitimate and
 * checks that it worked (the mapping really changed, the copy really
 * copied), or tries to break an invariant and checks for Xen's exact error.
 * The expected values are what Xen 4.17 returns; where Xen departs from our
 * reading of the ABI the case says so.  Each case cleans up after itself, so
 * at the end every frame the suite touched must be plain memory again and
 * the bootstrap L4 still pinned: the audit at the end checks both.
 *
 * This file: start, the guest/mm self-checks, the order of the groups, the
 * audit.  The groups are in the other files, one topic each.
 */
#include <stdio.h>
#include <string.h>
#include "kernel/start.h"
#include "mm/mm.h"
#include "tests/guest/mmu/mmu_test.h"

/* Finds the highest MFN below our highest one that is not ours: a frame of
 * the hypervisor's or nobody's.  The M2P alone cannot tell: shared_info is
 * ours but in no P2M (and pvx allocates it near the guest's frames), so it
 * is skipped by name.  0 if there is none. */
static unsigned long find_foreign_mfn(void)
{
    unsigned long shared_info_mfn = guest_start_info->shared_info >> PAGE_SHIFT;

    for (unsigned long mfn = p2m_max_mfn(); mfn > 0; mfn--)
        if (!mfn_is_ours(mfn) && mfn != shared_info_mfn)
            return mfn;
    return 0;
}

/* Checks the guest's own view of memory against what the hypervisor built. */
void test_basics(void)
{
    const struct bootstrap_region *r = &bootstrap_region;
    unsigned long mismatches = 0, free_before = pfn_nr_free();
    unsigned long a, b;
    uint64_t maddr = 0;

    group("basics: guest/mm against the builder's page tables");
    for (unsigned long pfn = 0; pfn < p2m_nr_pages(); pfn++)
        mismatches += mfn_to_pfn(pfn_to_mfn(pfn)) != pfn;
    test_check("m2p[p2m[pfn]] == pfn for every pfn", mismatches, 0);
    test_check("region: last page (v_end - 4096) is mapped",
               pt_entry_maddr(boot_l4, r->v_end - PAGE_SIZE, 1, &maddr) == 0 &&
               (pt_read_entry(maddr) & PTE_P), 1);
    test_check("region: v_end is not mapped",
               pt_entry_maddr(boot_l4, r->v_end, 1, &maddr) != 0 ||
               !(pt_read_entry(maddr) & PTE_P), 1);
    test_check("region: the stack page maps the PFN after the page tables",
               pt_entry_maddr(boot_l4, r->stack_end - PAGE_SIZE, 1, &maddr) == 0 &&
               pte_mfn(pt_read_entry(maddr)) ==
               pfn_to_mfn(region_va_pfn(r->stack_end - PAGE_SIZE)), 1);
    test_check("foreign_mfn: a frame the M2P says is not ours", foreign_mfn != 0, 1);

    a = pfn_alloc();
    b = pfn_alloc();
    test_check("pfn_alloc: two distinct PFNs past the region",
               a != b && a >= region_nr_pfns() && b >= region_nr_pfns(), 1);
    test_check("pfn_alloc: free count drops by 2", free_before - pfn_nr_free(), 2);
    test_check("pfn_free: both back", pfn_free(a) == 0 && pfn_free(b) == 0, 1);
    test_check("pfn_free: twice refused", pfn_free(a), -1);
    test_check("pfn_free: a region PFN refused", pfn_free(0), -1);
    test_check("pfn_alloc: free count restored", pfn_nr_free(), free_before);

    a = frame_new_filled('s');
    test_check("scratch: map a frame writable", scratch_map(SLOT_A, a, PTE_RW), 0);
    *(volatile char *)scratch_va(SLOT_A) = 'w';
    test_check("scratch: map it again read-only", scratch_map(SLOT_B, a, 0), 0);
    test_check("scratch: the read-only view sees the write",
               *(volatile char *)scratch_va(SLOT_B), 'w');
    test_check("scratch: unmap the writable view", scratch_unmap(SLOT_A), 0);
    test_check("scratch: unmap the read-only view", scratch_unmap(SLOT_B), 0);
    test_check("scratch: frame back to plain memory", frame_release(a), 0);
}

/* Runs every group in the bootstrap address space, then audits. */
int main(int argc, char **argv)
{
    unsigned long free_at_start;
    long rc;

    if (mm_init() != 0) {
        test_check("mm_init", -1, 0);
        return test_finish();
    }
    boot_l4 = pt_bootstrap_l4_mfn();
    foreign_mfn = find_foreign_mfn();
    free_at_start = pfn_nr_free();
    printf("mmu: region 0x%lx-0x%lx, %lu pages, L4 mfn 0x%lx, foreign mfn 0x%lx, %s\n",
           bootstrap_region.v_start, bootstrap_region.v_end, p2m_nr_pages(), boot_l4,
           foreign_mfn, test_on_pvx() ? "pvx" : "xen");

    test_basics();
    rc = sandbox_create();
    test_check("sandbox: hook a fresh L3/L2/L1 chain into the L4", rc, 0);
    if (rc != 0) {
        printf("mmu: no sandbox, so no further cases (a read through it would fault)\n");
        return test_finish();
    }
    test_check("sandbox: reads through it", read_va(SANDBOX_VA), 'A');
    test_pin();
    test_mmu_update();
    test_mmu_update_bits();
    test_mmu_update_batch();
    test_foreign();
    test_hv_frames(argc > 1 && strcmp(argv[1], "sweep") == 0);
    test_update_va_mapping();
    test_mmuext();
    test_mmuext_pages();
    test_multicall();
    test_vm_assist();
    test_pointers();
    test_tree();

    group("audit: everything back where it started");
    test_check("sandbox: unhook and release every frame", sandbox_destroy(), 0);
    test_check("audit: every frame used is plain memory again", audit_frames(), 0);
    test_check("audit: the bootstrap L4 is still pinned (pin again -EINVAL)",
               pin(4, boot_l4), -XEN_EINVAL);
    test_check("audit: the allocator got every frame back", pfn_nr_free(), free_at_start);
    return test_finish();
}
