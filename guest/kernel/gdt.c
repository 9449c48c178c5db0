/* Our own GDT page (gdt.h). */
#include <string.h>
#include "abi/errno.h"
#include "kernel/gdt.h"
#include "kernel/hypercall_kernel.h"
#include "mm/p2m.h"
#include "mm/pte.h"
#include "mm/region.h"

static uint64_t gdt_page[GDT_FRAME_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static int gdt_loaded;

/* The page's frame, found through the bootstrap region and the P2M. */
unsigned long gdt_frame_mfn(void)
{
    return pfn_to_mfn(region_va_pfn((unsigned long)gdt_page));
}

/* Remaps the page read-only or writable (the builder's flags otherwise). */
static long gdt_map(int writable)
{
    uint64_t flags = PTE_P | PTE_A | PTE_D | (writable ? PTE_RW : 0);

    return hypercall_update_va_mapping((unsigned long)gdt_page, pte_make(gdt_frame_mfn(), flags),
                                       UVMF_INVLPG);
}

/* Unload a loaded page first, fill it while writable, then read-only, then
 * set_gdt; undo the mapping on failure. */
long gdt_load(const uint64_t *descs, unsigned int n)
{
    unsigned long frame;
    long rc;

    if (bootstrap_region.v_end == 0)
        return -XEN_ENODEV;
    if (n > GDT_FRAME_ENTRIES)
        return -XEN_EINVAL;
    if (gdt_loaded && (rc = gdt_unload()) != 0)
        return rc;
    memset(gdt_page, 0, sizeof(gdt_page));
    memcpy(gdt_page, descs, n * sizeof(*descs));
    frame = gdt_frame_mfn();
    rc = gdt_map(0);
    if (rc == 0)
        rc = hypercall_set_gdt(&frame, n);
    if (rc != 0)
        gdt_map(1);
    gdt_loaded = rc == 0;
    return rc;
}

/* set_gdt with no entries releases the frame; then it may be writable. */
long gdt_unload(void)
{
    unsigned long frame = gdt_frame_mfn();
    long rc = hypercall_set_gdt(&frame, 0);

    if (rc != 0)
        return rc;
    gdt_loaded = 0;
    return gdt_map(1);
}

/* The machine address of the slot is frame << 12 + index * 8. */
long gdt_update(unsigned int index, uint64_t desc)
{
    uint64_t ma = ((uint64_t)gdt_frame_mfn() << PAGE_SHIFT) + index * sizeof(uint64_t);

    return hypercall_update_descriptor(ma, desc);
}

/* A plain read: the page stays readable while loaded. */
uint64_t gdt_entry(unsigned int index)
{
    return ((volatile uint64_t *)gdt_page)[index % GDT_FRAME_ENTRIES];
}
