/*
 * The copy-on-write fault (aspace.h).
 *
 * After a fork, a page both sides may write is mapped read-only with PTE_COW
 * in both.  The first write to it faults (#PF, present + write), and:
 *
 *   frame still shared (frame_refs > 1)      frame no longer shared
 *   mmuext COPY_PAGE F -> F'                  update_va_mapping(va, F | RW,
 *   update_va_mapping(va, F' | RW, INVLPG)        INVLPG)
 *   F' gets the mapping count, F loses one
 *
 * The copy is made by the hypervisor (MMUEXT_COPY_PAGE), so the new frame
 * never needs a mapping of its own; the INVLPG drops the read-only
 * translation.  The handler runs with events masked, on the kernel stack.
 * It first flushes the update queue if anything is queued (so its own
 * update comes after them), then makes its hypercall directly rather than
 * through the queue: a fault is one lone update, and this is its hot path.
 */
#include <stddef.h>
#include "kernel/hypercall.h"
#include "kernel/shared_info.h"
#include "kernel/trap.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_build.h"

static trap_handler_t cow_next_handler;
static int cow_installed;

/* Copies frame from_mfn into to_mfn and maps it at va with pte; returns 0
 * or the first error.  Two hypercalls: for two operations that is cheaper
 * than a multicall, whose entries cost more to fill and to run. */
static long cow_copy_and_map(unsigned long va, unsigned long from_mfn, unsigned long to_mfn,
                             uint64_t pte)
{
    struct mmuext_op copy = { .cmd = MMUEXT_COPY_PAGE, .arg1.mfn = to_mfn,
                              .arg2.src_mfn = from_mfn };
    long rc = hypercall_mmuext_op(&copy, 1, NULL, DOMID_SELF);

    return rc ? rc : hypercall_update_va_mapping(va, pte, UVMF_INVLPG);
}

/* Resolves a write fault on a PTE_COW entry of the current address space. */
int aspace_cow_fault(unsigned long va, unsigned int error_code)
{
    uint64_t entry, flags;
    unsigned long pfn, copy;

    if ((error_code & (PFEC_PRESENT | PFEC_WRITE)) != (PFEC_PRESENT | PFEC_WRITE))
        return 0;
    if (va >= LOWER_HALF_END)
        return 0;
    entry = aspace_pte_current(va);     /* present: the fault says so */
    if (!(entry & PTE_COW) || (entry & PTE_RW))
        return 0;
    if (mmu_batch_pending() && mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        return 0;
    va &= ~(PAGE_SIZE - 1);
    pfn = pt_entry_pfn(entry);
    flags = ((entry & ~PTE_MFN_MASK) & ~PTE_COW) | PTE_RW | PTE_D;
    if (frame_refs(pfn) == 1)       /* the same frame, now writable */
        return hypercall_update_va_mapping(va, (entry & ~PTE_COW) | PTE_RW | PTE_D,
                                           UVMF_INVLPG) == 0;
    copy = pfn_alloc();
    if (copy == INVALID_PFN)
        return 0;
    if (cow_copy_and_map(va, pfn_to_mfn(pfn), pfn_to_mfn(copy), pte_make(pfn_to_mfn(copy), flags))) {
        pfn_free(copy);
        return 0;
    }
    frame_ref_get(copy);
    frame_ref_put(pfn);
    return 1;
}

/* The #PF handler: ours, or the one before us, or a crash report. */
static int cow_trap(struct trap_frame *frame)
{
    if (aspace_cow_fault(this_vcpu->cr2, (unsigned int)frame->error_code))
        return 1;
    return cow_next_handler != NULL ? cow_next_handler(frame) : 0;
}

/* Needs traps and shared_info (for cr2); installs once. */
int aspace_cow_install(void)
{
    if (traps_unavailable() != NULL || shared_info_unavailable() != NULL)
        return -1;
    if (!cow_installed) {
        cow_next_handler = trap_set_handler(TRAP_PF, cow_trap);
        cow_installed = 1;
    }
    return 0;
}
