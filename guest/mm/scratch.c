/* Scratch mappings in the bootstrap region's padding (scratch.h). */
#include "abi/mmu.h"
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"

#define SCRATCH_PEEK    SCRATCH_NR          /* the private slot of scratch_peek */
#define SCRATCH_PAGES   (SCRATCH_NR + 2)    /* the slots, peek and the edge page */

/* The padding frame each slot maps when nothing else is mapped there. */
static unsigned long scratch_home_mfn[SCRATCH_NR + 1];

/* The VA of any slot, the private one included. */
static unsigned long scratch_slot_va(unsigned int slot)
{
    return bootstrap_region.v_end - (SCRATCH_PAGES - slot) * PAGE_SIZE;
}

/* Checks the slots fit in the padding and notes their own frames. */
int scratch_init(void)
{
    if (scratch_slot_va(0) < bootstrap_region.stack_end)
        return -1;
    for (unsigned int slot = 0; slot <= SCRATCH_PEEK; slot++)
        scratch_home_mfn[slot] = pfn_to_mfn(region_va_pfn(scratch_slot_va(slot)));
    return 0;
}

/* The VA of a public slot. */
unsigned long scratch_va(unsigned int slot)
{
    return scratch_slot_va(slot);
}

/* The last page of the region. */
unsigned long scratch_edge_va(void)
{
    return bootstrap_region.v_end - PAGE_SIZE;
}

/* One update_va_mapping of the slot, flushing just that VA. */
long scratch_map(unsigned int slot, unsigned long mfn, uint64_t flags)
{
    return hypercall_update_va_mapping(scratch_slot_va(slot),
                                       pte_make(mfn, PTE_P | PTE_A | flags), UVMF_INVLPG);
}

/* Maps the slot's padding frame back, writable as the builder had it. */
long scratch_unmap(unsigned int slot)
{
    return scratch_map(slot, scratch_home_mfn[slot], PTE_RW);
}

/* Reads one word of a frame, mapping it read-only if the region does not. */
uint64_t scratch_peek(unsigned long mfn, unsigned int index)
{
    unsigned long va = 0;
    uint64_t word;

    if (mfn <= p2m_max_mfn() && mfn_is_ours(mfn))
        va = region_pfn_va(mfn_to_pfn(mfn));
    if (va != 0)
        return ((const volatile uint64_t *)va)[index];
    if (scratch_map(SCRATCH_PEEK, mfn, 0) != 0)
        return ~0ULL;
    word = ((const volatile uint64_t *)scratch_slot_va(SCRATCH_PEEK))[index];
    scratch_unmap(SCRATCH_PEEK);
    return word;
}
