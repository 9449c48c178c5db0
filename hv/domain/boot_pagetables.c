/*
 * The bootstrap page tables (pv-abi.md §5.3).  They map [v_start, v_end)
 * with 4 KiB pages, PFN i at v_start + i * 4096:
 *
 *        L4 (pt page 0)        L3              L2              L1
 *   va: [47:39] ---------> [38:30] -------> [29:21] -------> [20:12] --> frame
 *
 * Upper entries are P|RW|US|A|D.  L1 entries are P|RW|US|A plus bit 52 (a
 * kernel mapping, as Xen marks it), with RW clear for the page-table frames
 * themselves.  Page-table frames come from the region's page-table part in
 * the order the walk needs them (L4 first).
 *
 * This file only writes the entries.  The builder then references the L4
 * as the base and as a pin, which validates the whole tree with the same
 * code as any guest-built table, so the frame table is right by
 * construction.
 */
#include "domain/builder.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "mm/pte_rules.h"
#include "arch/x86.h"

#define UPPER_FLAGS      (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define L1_FLAGS         (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_GUEST_KERNEL)

struct pt_builder {
    const struct boot_layout *l;
    uint64_t (*pfn_to_mfn)(uint64_t pfn);
    uint64_t next_pt;           /* index of the next unused page-table frame */
};

/* Returns the MFN of guest virtual address va in the region. */
static uint64_t va_to_mfn(struct pt_builder *b, uint64_t va)
{
    return b->pfn_to_mfn((va - b->l->v_start) >> PAGE_SHIFT);
}

/* Returns the table below entry *e, taking the next page-table frame if
 * the entry is empty. */
static uint64_t *next_level(struct pt_builder *b, uint64_t *e)
{
    if (!(*e & PTE_P))
        *e = (va_to_mfn(b, b->l->pt + b->next_pt++ * PAGE_SIZE) << PAGE_SHIFT) | UPPER_FLAGS;
    return maddr_to_virt(*e & PTE_MFN_MASK);
}

/* Maps one page of the region, read-only if it is a page-table frame. */
static void map_page(struct pt_builder *b, uint64_t *l4, uint64_t va)
{
    uint64_t *t = l4;
    int is_pt = va >= b->l->pt && va < b->l->pt + b->l->nr_pt_frames * PAGE_SIZE;

    for (int level = 4; level > 1; level--)
        t = next_level(b, &t[pt_index(va, level)]);
    t[pt_index(va, 1)] = (va_to_mfn(b, va) << PAGE_SHIFT) |
                         (is_pt ? L1_FLAGS & ~(uint64_t)PTE_RW : L1_FLAGS);
}

/* Writes the tables; returns the L4's MFN. */
uint64_t boot_pagetables_build(const struct boot_layout *l, uint64_t (*pfn_to_mfn)(uint64_t pfn))
{
    struct pt_builder b = { .l = l, .pfn_to_mfn = pfn_to_mfn, .next_pt = 1 };
    uint64_t l4_mfn = va_to_mfn(&b, l->pt);

    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE)
        map_page(&b, mfn_to_virt(l4_mfn), va);
    return l4_mfn;
}
