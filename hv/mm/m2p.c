/* The M2P table (see mm/m2p.h). */
#include "mm/m2p.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/hv_pagetable.h"
#include "arch/machine.h"
#include "arch/x86.h"
#include "abi/layout.h"

static uint64_t *m2p;

/* Allocates, fills and maps the M2P.  The L4 entry of slot 256 has RW clear,
 * which makes the whole window read-only for the guest. */
void m2p_init(void)
{
    uint64_t pages = (frame_max_mfn() * 8 + 4095) >> 12;
    uint64_t first = frame_alloc_range(pages);

    if (!first)
        panic("no room for the M2P table (%lu frames)", pages);
    m2p = mfn_to_virt(first);
    for (uint64_t i = 0; i < pages * 512; i++)
        m2p[i] = INVALID_M2P_ENTRY;
    for (uint64_t i = 0; i < pages; i++)
        hv_map_page(MACH2PHYS_VIRT_START + i * PAGE_SIZE, (first + i) << PAGE_SHIFT,
                    PTE_P | PTE_US | PTE_A | PTE_NX, PTE_P | PTE_RW | PTE_US | PTE_A);
    hv_l4()[pt_index(MACH2PHYS_VIRT_START, 4)] &= ~(uint64_t)PTE_RW;
}

/* Records m2p[mfn] = pfn. */
void m2p_set(uint64_t mfn, uint64_t pfn)
{
    m2p[mfn] = pfn;
}
