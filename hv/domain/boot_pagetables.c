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
 * the order the walk needs them (L4 first).  Slots 256-271 of the L4 are the
 * hypervisor's.
 *
 * Frame table bookkeeping, the same as the validation rules would produce:
 *   table at level n < 4: type Ln, validated, 1 type and 1 general reference
 *                         from its parent entry
 *   L4:                   type L4, validated and pinned, 2 type and 2 general
 *                         references (CR3 and the pin)
 *   each L1 mapping:      1 general reference on the mapped frame, and if RW
 *                         1 writable type reference
 */
#include "domain/builder.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/hv_pagetable.h"
#include "arch/x86.h"
#include "lib/string.h"
#include "abi/layout.h"

#define PTE_GUEST_KERNEL (1UL << 52)
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

/* Returns the table below entry *e, taking the next page-table frame as a
 * table of type level - 1 if the entry is empty. */
static uint64_t *next_level(struct pt_builder *b, uint64_t *e, int level)
{
    if (!(*e & PTE_P)) {
        uint64_t mfn = va_to_mfn(b, b->l->pt + b->next_pt++ * PAGE_SIZE);
        struct frame *f = frame_of(mfn);

        *e = (mfn << PAGE_SHIFT) | UPPER_FLAGS;
        f->type = (uint8_t)(FT_L1 + level - 2);
        f->flags = FRAME_VALIDATED;
        f->type_count = 1;
        f->count++;
    }
    return maddr_to_virt(*e & PTE_ADDR_MASK);
}

/* Maps one page of the region, read-only if it is a page-table frame. */
static void map_page(struct pt_builder *b, uint64_t *l4, uint64_t va)
{
    uint64_t *t = l4, mfn = va_to_mfn(b, va);
    int is_pt = va >= b->l->pt && va < b->l->pt + b->l->nr_pt_frames * PAGE_SIZE;
    struct frame *f = frame_of(mfn);

    for (int level = 4; level > 1; level--)
        t = next_level(b, &t[pt_index(va, level)], level);
    t[pt_index(va, 1)] = (mfn << PAGE_SHIFT) | (is_pt ? L1_FLAGS & ~(uint64_t)PTE_RW : L1_FLAGS);
    f->count++;
    if (!is_pt) {
        f->type = FT_WRITABLE;
        f->type_count++;
    }
}

/* Builds the tables; returns the L4's MFN. */
uint64_t boot_pagetables_build(const struct boot_layout *l, uint64_t (*pfn_to_mfn)(uint64_t pfn))
{
    struct pt_builder b = { .l = l, .pfn_to_mfn = pfn_to_mfn, .next_pt = 1 };
    uint64_t l4_mfn = va_to_mfn(&b, l->pt);
    uint64_t *l4 = mfn_to_virt(l4_mfn);
    struct frame *f = frame_of(l4_mfn);

    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE)
        map_page(&b, l4, va);
    memcpy(&l4[FIRST_HV_L4_SLOT], &hv_l4()[FIRST_HV_L4_SLOT],
           (LAST_HV_L4_SLOT - FIRST_HV_L4_SLOT + 1) * sizeof(uint64_t));
    f->type = FT_L4;
    f->flags = FRAME_VALIDATED | FRAME_PINNED;
    f->type_count = 2;
    f->count += 2;
    return l4_mfn;
}
