/*
 * Wild guest pointers in the batched MMU calls (pv-abi.md §1.2, §1.4, §3).
 *
 * Every list, pdone and vcpumask pointer is read or written by the
 * hypervisor on the guest's behalf.  A pointer that is non-canonical, inside
 * the hypervisor's range or simply unmapped must give -EFAULT and nothing
 * else: the hypervisor must neither fault itself nor read its own memory as
 * if it were the guest's.  A list that becomes unreadable half-way is the
 * subtle case: the requests before the hole are done and counted, the rest
 * are not.  The edge page (the last mapped page of the bootstrap region,
 * followed by an unmapped one) provides that hole.
 */
#include <string.h>
#include "tests/guest/mmu/mmu_test.h"

#define NON_CANONICAL   0x0000800000000000UL
#define HV_RANGE        0xffff830000000000UL
#define UNMAPPED        0x0000000000001000UL

/* mmu_update lists and pdone. */
static void pointers_mmu_update(void)
{
    struct mmu_update req = { sandbox_l1e(1), pte_make(sb.data[1], PTE_KERNEL_RO) };
    struct mmu_update *edge = (struct mmu_update *)(scratch_edge_va() + PAGE_SIZE) - 1;
    unsigned int done = 99;

    test_check("mmu_update, non-canonical list -EFAULT",
               hypercall_mmu_update((void *)NON_CANONICAL, 1, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone untouched (Xen checks the range before anything)", done, 99);
    test_check("mmu_update, list in the hypervisor's range -EFAULT",
               hypercall_mmu_update((void *)HV_RANGE, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    test_check("mmu_update, unmapped list -EFAULT",
               hypercall_mmu_update((void *)UNMAPPED, 1, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone 0", done, 0);
    *edge = req;
    done = 99;
    test_check("mmu_update, list running into an unmapped page -EFAULT",
               hypercall_mmu_update(edge, 2, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone 1", done, 1);
    test_check("  the readable request was done", pte_mfn(frame_entry(sb.l1, 1)), sb.data[1]);
    test_check("  clear it", mmu1(sandbox_l1e(1), 0), 0);
    test_check("mmu_update, non-canonical pdone (update done, pdone ignored)",
               hypercall_mmu_update(&req, 1, (unsigned int *)NON_CANONICAL, DOMID_SELF), 0);
    test_check("  the request was done", pte_mfn(frame_entry(sb.l1, 1)), sb.data[1]);
    test_check("  clear it", mmu1(sandbox_l1e(1), 0), 0);
}

/* mmuext_op lists, pdone and vcpumasks (-EINVAL for the MULTI flushes);
 * update_va_mapping's vcpumask (-EFAULT, after the update is done). */
static void pointers_mmuext(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    struct mmuext_op *edge = (struct mmuext_op *)(scratch_edge_va() + PAGE_SIZE) - 1;
    unsigned int done = 99;

    test_check("mmuext_op, non-canonical list -EFAULT",
               hypercall_mmuext_op((void *)NON_CANONICAL, 1, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone untouched", done, 99);
    test_check("mmuext_op, unmapped list -EFAULT",
               hypercall_mmuext_op((void *)UNMAPPED, 1, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone 0", done, 0);
    test_check("mmuext_op, list in the hypervisor's range -EFAULT",
               hypercall_mmuext_op((void *)HV_RANGE, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    *edge = op;
    done = 99;
    test_check("mmuext_op, list running into an unmapped page -EFAULT",
               hypercall_mmuext_op(edge, 2, &done, DOMID_SELF), -XEN_EFAULT);
    test_check("  pdone 1", done, 1);
    test_check("mmuext_op, non-canonical pdone (pdone ignored)",
               hypercall_mmuext_op(&op, 1, (unsigned int *)NON_CANONICAL, DOMID_SELF), 0);
    test_check("TLB_FLUSH_MULTI, non-canonical vcpumask -EINVAL",
               mmuext1(MMUEXT_TLB_FLUSH_MULTI, 0, NON_CANONICAL), -XEN_EINVAL);
    test_check("INVLPG_MULTI, unmapped vcpumask -EINVAL",
               mmuext1(MMUEXT_INVLPG_MULTI, sandbox_va(0), UNMAPPED), -XEN_EINVAL);
    test_check("update_va_mapping, non-canonical vcpumask -EFAULT",
               hypercall_update_va_mapping(sandbox_va(1), pte_make(sb.data[1], PTE_KERNEL_RO),
                                           UVMF_INVLPG | NON_CANONICAL), -XEN_EFAULT);
    test_check("  the update itself was done", pte_mfn(frame_entry(sb.l1, 1)), sb.data[1]);
    test_check("  clear it", hypercall_update_va_mapping(sandbox_va(1), 0, UVMF_INVLPG), 0);
}

/* multicall lists. */
static void pointers_multicall(void)
{
    struct multicall_entry *edge = (struct multicall_entry *)(scratch_edge_va() + PAGE_SIZE) - 1;

    test_check("multicall, non-canonical list -EFAULT",
               hypercall_multicall((void *)NON_CANONICAL, 1), -XEN_EFAULT);
    test_check("multicall, list in the hypervisor's range -EFAULT",
               hypercall_multicall((void *)HV_RANGE, 1), -XEN_EFAULT);
    memset(edge, 0, sizeof(*edge));
    edge->op = HC_xen_version;
    edge->result = 0x5555;
    test_check("multicall, list running into an unmapped page -EFAULT",
               hypercall_multicall(edge, 2), -XEN_EFAULT);
    test_check("  the readable entry ran", edge->result, 0x40011);
}

/* The pointer group. */
void test_pointers(void)
{
    group("pointers: wild lists, pdone and vcpumasks");
    pointers_mmu_update();
    pointers_mmuext();
    pointers_multicall();
}
