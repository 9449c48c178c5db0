/*
 * mmu_update batches: count, pdone and the preemption bit (pv-abi.md §1.4).
 *
 * A batch stops at its first failing request and reports how many went
 * through in *pdone; bit 31 of count means "continuation" and makes the
 * hypervisor add to *pdone instead of starting from zero.  A guest may pass
 * that bit itself, so a hypervisor that never preempts must still honour it.
 * The bugs these cases catch: a done count that is off by one at an error, a
 * batch that runs on past an error, a count of 2^31 taken as 2 billion
 * requests, and a long batch that is cut short or repeated by a preemption
 * (which the guest must never see).
 */
#include "tests/guest/mmu/mmu_test.h"

#define LONG_BATCH 4096

static struct mmu_update long_batch[LONG_BATCH];

/* Counts of 0 and 2^31, with and without pdone. */
static void batch_counts(void)
{
    struct mmu_update req = { sandbox_l1e(1), pte_make(sb.data[1], PTE_KERNEL_RO) };
    unsigned int done = 99;

    test_check("count 0", hypercall_mmu_update(&req, 0, &done, DOMID_SELF), 0);
    test_check("count 0: pdone = 0", done, 0);
    test_check("count 0: nothing written", frame_entry(sb.l1, 1), 0);
    done = 7;
    test_check("count 2^31 (continuation of nothing) with pdone",
               hypercall_mmu_update(&req, MMU_UPDATE_PREEMPTED, &done, DOMID_SELF), 0);
    test_check("count 2^31: pdone keeps its 7", done, 7);
    test_check("count 2^31 without pdone",
               hypercall_mmu_update(&req, MMU_UPDATE_PREEMPTED, NULL, DOMID_SELF), 0);
    test_check("count 2^31: nothing written", frame_entry(sb.l1, 1), 0);
    test_check("count 2^31, NULL list: returns foreigndom (Xen's internal form)",
               hypercall_mmu_update(NULL, MMU_UPDATE_PREEMPTED, NULL, DOMID_SELF), DOMID_SELF);
    done = 5;
    test_check("count 2^31 + 1 with pdone 5",
               hypercall_mmu_update(&req, MMU_UPDATE_PREEMPTED | 1, &done, DOMID_SELF), 0);
    test_check("count 2^31 + 1: pdone 6", done, 6);
    test_check("count 2^31 + 1: the request was done", pte_mfn(frame_entry(sb.l1, 1)),
               sb.data[1]);
    test_check("clear it", mmu1(sandbox_l1e(1), 0), 0);
}

/* A batch with a bad request in the middle stops there. */
static void batch_stops_at_error(void)
{
    struct mmu_update reqs[3] = {
        { sandbox_l1e(1), pte_make(sb.data[1], PTE_KERNEL_RO) },
        { sandbox_l1e(2) | 5, pte_make(sb.data[1], PTE_KERNEL_RO) },
        { sandbox_l1e(3), pte_make(sb.data[1], PTE_KERNEL_RO) },
    };
    unsigned int done = 99;

    test_check("batch good, bad command, good -ENOSYS",
               hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), -XEN_ENOSYS);
    test_check("batch: pdone 1", done, 1);
    test_check("batch: first request done", pte_mfn(frame_entry(sb.l1, 1)), sb.data[1]);
    test_check("batch: third request not done", frame_entry(sb.l1, 3), 0);
    reqs[1].ptr = sandbox_l1e(2);
    reqs[1].val = pte_make(foreign_mfn, PTE_KERNEL_RO);
    done = 99;
    test_check("batch good, foreign frame, good -EBUSY",
               hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), -XEN_EBUSY);
    test_check("batch: pdone 1 again", done, 1);
    test_check("clear entry 1", mmu1(sandbox_l1e(1), 0), 0);
}

/* 4096 updates in one call: eight passes over entries 1..512 of the sandbox
 * L1, mapping and unmapping, so the table ends as it started. */
static void batch_long(void)
{
    unsigned int done = 0, left = 0;

    for (unsigned int i = 0; i < LONG_BATCH; i++) {
        unsigned int pass = i / 511, index = 1 + i % 511;

        long_batch[i].ptr = sandbox_l1e(index);
        long_batch[i].val = pass % 2 == 0 ? pte_make(sb.data[index % 2], PTE_KERNEL_RO) : 0;
    }
    /* 4096 = 8 * 511 + 8: the last 8 requests map, so clear them at the end. */
    for (unsigned int i = LONG_BATCH - 8; i < LONG_BATCH; i++)
        long_batch[i].val = 0;
    test_check("4096 updates in one call",
               hypercall_mmu_update(long_batch, LONG_BATCH, &done, DOMID_SELF), 0);
    test_check("4096 updates: pdone 4096", done, LONG_BATCH);
    for (unsigned int index = 1; index < PT_ENTRIES; index++)
        left += frame_entry(sb.l1, index) != 0;
    test_check("4096 updates: sandbox L1 back to one entry", left, 0);
    flush_local();
}

/* The batch group. */
void test_mmu_update_batch(void)
{
    group("mmu_update: batches, pdone, preemption bit");
    batch_counts();
    batch_stops_at_error();
    batch_long();
}
