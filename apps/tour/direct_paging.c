/*
 * Steps 1, 2 and 10: direct paging.  The guest's page tables hold machine
 * frame numbers; the P2M (the guest's) and the M2P (the hypervisor's, the
 * guest may correct its own entries) translate between its pseudo-physical
 * numbering and those.
 */
#include <stddef.h>
#include "abi/errno.h"
#include "abi/layout.h"
#include "apps/tour/tour.h"
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"

#define SHOWN_PFNS  4
#define FAKE_PFN    7UL         /* what step 10 writes into the M2P for a while */

/* A word of .data for step 2 to find through the tables: "pvx tour". */
static volatile uint64_t tour_marker = 0x72756f7420787670UL;

/* Step 1: the two tables, and that they agree on every frame. */
void tour_p2m_m2p(void)
{
    unsigned long n = p2m_nr_pages(), disagree = 0, lowest = ~0UL;

    tour_say("The guest numbers its memory 0..nr_pages-1 (PFNs); the hypervisor gave it");
    tour_say("machine frames (MFNs) from anywhere.  The guest keeps PFN -> MFN (the P2M, its");
    tour_say("own array); the hypervisor keeps MFN -> PFN (the M2P, read-only at");
    tour_say("0xffff800000000000).  Page tables hold MFNs: that is direct paging.");
    for (unsigned long pfn = 0; pfn < SHOWN_PFNS; pfn++)
        tour_say("PFN 0x%lx -> P2M -> MFN 0x%lx -> M2P -> PFN 0x%lx", pfn, pfn_to_mfn(pfn),
                 mfn_to_pfn(pfn_to_mfn(pfn)));
    for (unsigned long pfn = 0; pfn < n; pfn++) {
        disagree += mfn_to_pfn(pfn_to_mfn(pfn)) != pfn;
        if (pfn_to_mfn(pfn) < lowest)
            lowest = pfn_to_mfn(pfn);
    }
    tour_say("%lu pages, on machine frames 0x%lx to 0x%lx: the hypervisor's choice, not ours", n,
             lowest, p2m_max_mfn());
    tour_expect_hex("PFNs whose M2P entry does not lead back to them", disagree, 0);
}

/* Step 2: the four entries from CR3 down to a word of .data, read back. */
void tour_walk(void)
{
    unsigned long va = (unsigned long)&tour_marker, root = pt_bootstrap_l4_mfn();
    unsigned long want = pfn_to_mfn(region_va_pfn(va));
    uint64_t maddr = 0, entry = 0;

    tour_say("The CPU walks the guest's own tables: CR3 -> L4 -> L3 -> L2 -> L1 -> frame,");
    tour_say("9 bits of the VA per level.  Every entry below is read back from the tables.");
    tour_say("VA 0x%lx (a word of .data) splits into L4 %u, L3 %u, L2 %u, L1 %u, offset 0x%lx",
             va, pt_index(va, 4), pt_index(va, 3), pt_index(va, 2), pt_index(va, 1),
             va & (PAGE_SIZE - 1));
    tour_say("CR3 holds the bootstrap L4: MFN 0x%lx (PFN 0x%lx)", root, mfn_to_pfn(root));
    for (int level = 4; level >= 1; level--) {
        if (!tour_check("find the entry", pt_entry_maddr(root, va, level, &maddr) == 0))
            return;
        entry = pt_read_entry(maddr);
        tour_say("L%d[%3u] at machine address 0x%09lx = 0x%016lx -> MFN 0x%lx", level,
                 pt_index(va, level), (unsigned long)maddr, (unsigned long)entry, pte_mfn(entry));
    }
    tour_say("The L1 entry's low bits: P=%d RW=%d US=%d, bit 52=%d (the kernel runs in ring 3,",
             (int)(entry & PTE_P), !!(entry & PTE_RW), !!(entry & PTE_US),
             !!(entry & PTE_XEN_KERNEL));
    tour_say("so the hypervisor sets US on its mappings and marks kernel ones with bit 52)");
    tour_expect_hex("the L1 entry's MFN is P2M[PFN of the VA]", pte_mfn(entry), want);
    tour_expect_hex("the word read through that MFN", scratch_peek(pte_mfn(entry),
                    (va & (PAGE_SIZE - 1)) / 8), tour_marker);
}

/* MMU_MACHPHYS_UPDATE of frame mfn to pfn: one mmu_update request. */
static long m2p_set(unsigned long mfn, unsigned long pfn)
{
    struct mmu_update req = { .ptr = ((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
                              .val = pfn };

    return hypercall_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/* Step 10: rewrite one of our M2P entries, read it back, restore it. */
void tour_m2p_update(void)
{
    unsigned long pfn = tour_frame(0), mfn = pfn_to_mfn(pfn);
    unsigned long hv_mfn = pte_mfn(scratch_peek(pt_bootstrap_l4_mfn(), FIRST_HV_L4_SLOT));

    tour_say("The M2P is the hypervisor's table, mapped read-only, but the entries of the");
    tour_say("guest's own frames are the guest's to set: mmu_update with MMU_MACHPHYS_UPDATE");
    tour_say("(a guest that moves a page to another PFN says so).  Frame MFN 0x%lx is PFN 0x%lx.",
             mfn, pfn);
    if (pfn == INVALID_PFN)
        return;
    tour_expect_rc("MMU_MACHPHYS_UPDATE: M2P[MFN] = 7", m2p_set(mfn, FAKE_PFN), 0);
    tour_expect_hex("the M2P entry read back", mfn_to_pfn(mfn), FAKE_PFN);
    tour_say("Now the P2M says PFN 0x%lx -> MFN 0x%lx but the M2P says PFN 0x%lx: the guest's",
             pfn, mfn, mfn_to_pfn(mfn));
    tour_say("test for \"one of our frames\" (the two agree) fails until it is put back.");
    tour_expect_hex("mfn_is_ours while they disagree", mfn_is_ours(mfn), 0);
    tour_expect_rc("MMU_MACHPHYS_UPDATE: put the PFN back", m2p_set(mfn, pfn), 0);
    tour_expect_hex("the M2P entry read back", mfn_to_pfn(mfn), pfn);
    tour_expect_hex("mfn_is_ours again", mfn_is_ours(mfn), 1);
    tour_check("pfn_free", pfn_free(pfn) == 0);
    tour_say("Frames that are not the guest's stay out of reach, such as the hypervisor's L3");
    tour_say("behind L4 slot 256 (the M2P's own table), MFN 0x%lx:", hv_mfn);
    tour_expect_rc("MMU_MACHPHYS_UPDATE of the hypervisor's frame", m2p_set(hv_mfn, FAKE_PFN),
                   -XEN_EINVAL);
}
