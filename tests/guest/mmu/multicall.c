/*
 * multicall: a batch of hypercalls in one entry (pv-abi.md §3.4).
 *
 * A failing entry must not stop the batch, each entry's result must be its
 * own call's, and the multicall itself returns 0.  A multicall entry may not
 * be a multicall (-EINVAL in its result).  The bugs these cases catch: a
 * batch cut short at the first error, results written to the wrong entry or
 * not at all, a nested multicall that recurses, and a sub-call whose wild
 * pointer is reported as the batch's error instead of the entry's.
 */
#include "tests/guest/mmu/mmu_test.h"

#define JUNK_RESULT 0x5555

static struct multicall_entry calls[8];

/* Fills entry i with op and up to three arguments; presets a junk result. */
static void set_call(unsigned int i, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2,
                     uint64_t a3)
{
    calls[i] = (struct multicall_entry){ .op = op, .result = JUNK_RESULT,
                                         .args = { a0, a1, a2, a3, 0, 0 } };
}

/* One batch of good and bad entries of every kind. */
static void multicall_mixed(void)
{
    static struct mmuext_op bad_op = { .cmd = 14 };
    static struct mmu_update bad_req;

    bad_req.ptr = sandbox_l1e(2) | 5;
    set_call(0, HC_update_va_mapping, sandbox_va(0), pte_make(sb.data[1], PTE_KERNEL_RO),
             UVMF_INVLPG, 0);
    set_call(1, HC_mmuext_op, (uint64_t)&bad_op, 1, 0, DOMID_SELF);
    set_call(2, HC_xen_version, 0, 0, 0, 0);
    set_call(3, HC_mmu_update, (uint64_t)&bad_req, 1, 0, DOMID_SELF);
    set_call(4, HC_multicall, (uint64_t)&calls[2], 1, 0, 0);
    set_call(5, 99, 0, 0, 0, 0);
    set_call(6, HC_mmu_update, 0x0000800000000000UL, 1, 0, DOMID_SELF);
    set_call(7, HC_update_va_mapping, sandbox_va(1), pte_make(sb.data[1], PTE_KERNEL_RO),
             UVMF_INVLPG, 0);

    test_check("multicall of 8 good and bad entries", hypercall_multicall(calls, 8), 0);
    test_check("  [0] update_va_mapping", calls[0].result, 0);
    test_check("  [1] mmuext_op bad command -ENOSYS", calls[1].result, -XEN_ENOSYS);
    test_check("  [2] xen_version 4.17", calls[2].result, 0x40011);
    test_check("  [3] mmu_update bad command -ENOSYS", calls[3].result, -XEN_ENOSYS);
    test_check("  [4] nested multicall -EINVAL", calls[4].result, -XEN_EINVAL);
    test_check("  [5] hypercall 99 -ENOSYS", calls[5].result, -XEN_ENOSYS);
    test_check("  [6] mmu_update of a wild list -EFAULT", calls[6].result, -XEN_EFAULT);
    test_check("  [7] update_va_mapping after all that", calls[7].result, 0);
    test_check("  entry 0's mapping took effect", read_va(sandbox_va(0)), 'B');
    test_check("  entry 7's mapping took effect", read_va(sandbox_va(1)), 'B');
    test_check("put entry 0 back",
               hypercall_update_va_mapping(sandbox_va(0), pte_make(sb.data[0], PTE_KERNEL_RO),
                                           UVMF_INVLPG), 0);
    test_check("clear entry 1", hypercall_update_va_mapping(sandbox_va(1), 0, UVMF_INVLPG), 0);
}

/* Pins and unpins in one batch: the entries see each other's effects. */
static void multicall_in_order(void)
{
    static struct mmuext_op ops[2];
    unsigned long f = frame_new();

    ops[0] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = f };
    ops[1] = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = f };
    set_call(0, HC_mmuext_op, (uint64_t)&ops[0], 1, 0, DOMID_SELF);
    set_call(1, HC_mmuext_op, (uint64_t)&ops[0], 1, 0, DOMID_SELF);
    set_call(2, HC_mmuext_op, (uint64_t)&ops[1], 1, 0, DOMID_SELF);
    set_call(3, HC_mmuext_op, (uint64_t)&ops[1], 1, 0, DOMID_SELF);
    test_check("multicall pin, pin, unpin, unpin", hypercall_multicall(calls, 4), 0);
    test_check("  [0] pin", calls[0].result, 0);
    test_check("  [1] pin again -EINVAL", calls[1].result, -XEN_EINVAL);
    test_check("  [2] unpin", calls[2].result, 0);
    test_check("  [3] unpin again -EINVAL", calls[3].result, -XEN_EINVAL);
    test_check("  frame reusable", frame_release(f), 0);
    set_call(0, HC_xen_version, 0, 0, 0, 0);
    test_check("multicall of 0 entries", hypercall_multicall(calls, 0), 0);
    test_check("  touched no entry", calls[0].result, JUNK_RESULT);
}

/* The multicall group. */
void test_multicall(void)
{
    group("multicall: mixed batches and nesting");
    multicall_mixed();
    multicall_in_order();
}
