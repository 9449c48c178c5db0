/*
 * Writable page tables (pv-abi.md §8.7), on pvx and on Xen 4.17.
 *
 * With VMASST_TYPE_writable_pagetables on, the guest kernel may write an
 * entry of one of its L1 tables with an ordinary instruction, although the
 * table is mapped read-only: the write faults, and the hypervisor checks
 * the new entry like an mmu_update and emulates the instruction.  This test
 * writes one entry of a bootstrap L1 (the one behind a scratch VA) with each
 * instruction kernels use for that: an 8-byte and a 4-byte mov, a mov of an
 * immediate, xchg, and lock cmpxchg that succeeds and one that fails.  After
 * each, it reads the entry back and, where it maps a frame, reads the frame
 * through the VA.  A hypervisor that emulated the wrong width, merged a
 * half-entry wrongly, skipped the checks or lost the compare of cmpxchg
 * fails here.  Refused writes become page faults, which need a trap table
 * (not covered until the guest has one).
 */
#include <stdio.h>
#include "kernel/hypercall.h"
#include "abi/layout.h"
#include "mm/mm.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"
#include "tests/guest/lib/test.h"

#define SLOT 2          /* the scratch VA whose L1 entry is written */
#define FILL 3          /* the scratch VA used to fill the target frames */
#define MAGIC_A 0x4141414141414141UL
#define MAGIC_B 0x4242424242424242UL

/* Returns a frame of ours whose first word is magic (filled through FILL). */
static unsigned long frame_with(uint64_t magic)
{
    unsigned long mfn = pfn_to_mfn(pfn_alloc());

    scratch_map(FILL, mfn, PTE_P | PTE_RW);
    *(volatile uint64_t *)scratch_va(FILL) = magic;
    scratch_unmap(FILL);
    return mfn;
}

/* Invalidates the TLB entry of va. */
static void invlpg(unsigned long va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL };

    op.arg1.linear_addr = va;
    hypercall_mmuext_op(&op, 1, 0, DOMID_SELF);
}

/* Reads the first word mapped at the slot's VA. */
static uint64_t through_slot(void)
{
    invlpg(scratch_va(SLOT));
    return *(volatile uint64_t *)scratch_va(SLOT);
}

int main(void)
{
    volatile uint64_t *entry;
    unsigned long a, b;
    uint64_t ma, old;
    unsigned char zf;

    if (mm_init() != 0 || pt_entry_maddr(pt_bootstrap_l4_mfn(), scratch_va(SLOT), 1, &ma) != 0) {
        test_check("find the scratch slot's L1 entry", -1, 0);
        return test_finish();
    }
    entry = (volatile uint64_t *)(region_pfn_va(mfn_to_pfn(ma >> PAGE_SHIFT)) + (ma & 4095));
    a = frame_with(MAGIC_A);
    b = frame_with(MAGIC_B);
    test_check("vm_assist(enable, writable_pagetables)",
               hypercall_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0);

    *entry = pte_make(a, PTE_P | PTE_RW);                   /* REX.W 89 /r */
    test_check("8-byte mov: entry maps frame A", pte_mfn(*entry), a);
    test_check("8-byte mov: entry is present and writable", *entry & (PTE_P | PTE_RW), PTE_P | PTE_RW);
    test_check("8-byte mov: the VA reads frame A", through_slot(), MAGIC_A);

    *(volatile uint32_t *)entry = (uint32_t)pte_make(a, PTE_P);     /* 89 /r, low half */
    test_check("4-byte mov: RW cleared, frame kept", (pte_mfn(*entry) == a) && !(*entry & PTE_RW), 1);

    old = *entry;
    __asm__ volatile("lock cmpxchgq %2, (%3); setz %1"
                     : "+a"(old), "=q"(zf) : "r"(pte_make(b, PTE_P | PTE_RW)), "r"(entry)
                     : "memory");
    test_check("cmpxchg with the right old value: ZF set", zf, 1);
    test_check("cmpxchg with the right old value: entry maps frame B", pte_mfn(*entry), b);
    test_check("cmpxchg: the VA reads frame B", through_slot(), MAGIC_B);

    old = pte_make(a, PTE_P);
    __asm__ volatile("lock cmpxchgq %2, (%3); setz %1"
                     : "+a"(old), "=q"(zf) : "r"(pte_make(a, PTE_P | PTE_RW)), "r"(entry)
                     : "memory");
    test_check("cmpxchg with a stale old value: ZF clear", zf, 0);
    test_check("cmpxchg with a stale old value: rax gets the entry", pte_mfn(old), b);
    test_check("cmpxchg with a stale old value: entry unchanged", pte_mfn(*entry), b);

    old = pte_make(a, PTE_P | PTE_RW);
    __asm__ volatile("xchgq %0, (%1)" : "+r"(old) : "r"(entry) : "memory");
    test_check("xchg: the register gets the old entry (frame B)", pte_mfn(old), b);
    test_check("xchg: entry maps frame A", pte_mfn(*entry), a);
    test_check("xchg: the VA reads frame A", through_slot(), MAGIC_A);

    __asm__ volatile("movq $0, (%0)" : : "r"(entry) : "memory");   /* REX.W C7 /0 */
    test_check("mov of an immediate 0: entry cleared", *entry, 0);

    test_check("vm_assist(disable, writable_pagetables)",
               hypercall_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    test_check("put the slot's own frame back", scratch_unmap(SLOT), 0);
    return test_finish();
}
