/*
 * Changing L1 entries of live page tables:
 *
 *   mmu_update_single      one mmu_update per entry, the entry mapping a
 *                          scratch VA alternately to two frames (so every
 *                          call moves references: the slow path)
 *   mmu_update_batched     512 entries per call: a pinned L1 whose 512
 *                          entries are mapped to 512 frames and cleared
 *                          again, per entry
 *   update_va_mapping      one call per entry, the same scratch VA, with an
 *                          INVLPG of that VA
 */
#include "apps/bench/bench.h"
#include "abi/layout.h"
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/scratch.h"

#define SINGLE_CALLS 2000
#define BATCH_ROUNDS 20

/* Returns an MFN of the guest's that may be mapped (contents do not matter). */
static unsigned long data_frame(void)
{
    unsigned long pfn = pfn_alloc();

    if (pfn == INVALID_PFN)
        bench_fail("pfn_alloc", -1);
    return pfn_to_mfn(pfn);
}

/* One mmu_update per entry. */
static void single(unsigned long a, unsigned long b)
{
    struct mmu_update req;
    uint64_t maddr, t0;
    long rc;

    if ((rc = pt_entry_maddr(pt_bootstrap_l4_mfn(), scratch_va(1), 1, &maddr)))
        bench_fail("pt_entry_maddr", rc);
    req.ptr = maddr | MMU_NORMAL_PT_UPDATE;
    t0 = bench_tsc();
    for (int i = 0; i < SINGLE_CALLS; i++) {
        req.val = pte_make(i & 1 ? a : b, PTE_P | PTE_RW);
        hypercall_mmu_update(&req, 1, 0, DOMID_SELF);
    }
    bench_report("mmu_update_single", bench_tsc() - t0, 1, SINGLE_CALLS);
    if ((rc = scratch_unmap(1)))
        bench_fail("scratch_unmap", rc);
}

/* 512 entries per call, into a pinned L1 of our own. */
static void batched(void)
{
    static struct mmu_update map[512], unmap[512];
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE };
    unsigned long l1 = bench_frame();
    uint64_t t0;
    long rc;

    pin.arg1.mfn = l1;
    if ((rc = hypercall_mmuext_op(&pin, 1, 0, DOMID_SELF)))
        bench_fail("pin L1", rc);
    for (int i = 0; i < 512; i++) {
        map[i].ptr = unmap[i].ptr = ((uint64_t)l1 << PAGE_SHIFT) + 8 * i;
        map[i].val = pte_make(data_frame(), PTE_P | PTE_RW);
        unmap[i].val = 0;
    }
    t0 = bench_tsc();
    for (int r = 0; r < BATCH_ROUNDS; r++) {
        hypercall_mmu_update(map, 512, 0, DOMID_SELF);
        hypercall_mmu_update(unmap, 512, 0, DOMID_SELF);
    }
    bench_report("mmu_update_batched_per_pte", bench_tsc() - t0, 1, BATCH_ROUNDS * 2 * 512);
    pin.cmd = MMUEXT_UNPIN_TABLE;
    if ((rc = hypercall_mmuext_op(&pin, 1, 0, DOMID_SELF)))
        bench_fail("unpin L1", rc);
}

/* One update_va_mapping per entry, with INVLPG. */
static void uva(unsigned long a, unsigned long b)
{
    unsigned long va = scratch_va(1);
    uint64_t t0 = bench_tsc();
    long rc;

    for (int i = 0; i < SINGLE_CALLS; i++)
        hypercall_update_va_mapping(va, pte_make(i & 1 ? a : b, PTE_P | PTE_RW), UVMF_INVLPG);
    bench_report("update_va_mapping", bench_tsc() - t0, 1, SINGLE_CALLS);
    if ((rc = scratch_unmap(1)))
        bench_fail("scratch_unmap", rc);
}

/* The three ways of changing L1 entries. */
void bench_mmu_update(void)
{
    unsigned long a = data_frame(), b = data_frame();

    single(a, b);
    batched();
    uva(a, b);
}
