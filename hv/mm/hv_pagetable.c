/* Adding mappings to the hypervisor's own page tables (see mm/hv_pagetable.h). */
#include "mm/hv_pagetable.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "arch/machine.h"
#include "arch/x86.h"
#include "lib/string.h"

extern uint64_t hv_boot_l4[];

/* Returns the boot L4 through the direct map (hv.ld defines hv_boot_l4). */
uint64_t *hv_l4(void)
{
    return hv_boot_l4;
}

/* Returns the table that entry e points to, allocating a zeroed hypervisor
 * frame (entry flags upper) if it is not present. */
static uint64_t *next_table(uint64_t *e, uint64_t upper)
{
    if (!(*e & PTE_P)) {
        uint64_t mfn = frame_alloc(FRAME_HV);

        if (!mfn)
            panic("out of memory for the hypervisor's page tables");
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        *e = (mfn << PAGE_SHIFT) | upper;
    }
    return maddr_to_virt(*e & PTE_ADDR_MASK);
}

/* Maps one 4 KiB page at va in the hypervisor's L4; returns its L1 entry. */
uint64_t *hv_map_page(uint64_t va, uint64_t ma, uint64_t leaf, uint64_t upper)
{
    uint64_t *t = hv_l4();

    for (int level = 4; level > 1; level--)
        t = next_table(&t[pt_index(va, level)], upper);
    t[pt_index(va, 1)] = ma | leaf;
    return &t[pt_index(va, 1)];
}
