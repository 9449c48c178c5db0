/*
 * The hypervisor's own mappings, made tight once at boot (mm/hv_protect.h).
 *
 * head.S maps the first 4 GiB twice with 2 MiB pages, writable and
 * executable: an identity map (L4 slot 0, only for the switch to 64-bit
 * code) and the direct map (slot 257), in which the image is linked.
 * hv_image_protect leaves
 *
 *   slot 0        nothing
 *   slot 257      the 2 MiB page holding the image, in 4 KiB pages:
 *                   .boot (multiboot header, 32-bit start)   R  NX
 *                   .text                                    R  X
 *                   .rodata (with the fixup tables, the trace's
 *                     call table and RO_AFTER_BOOT data)     R  NX
 *                   guard page under each stack              not present
 *                   .boot.bss, .data, .bss, other frames     RW NX
 *                 every other 2 MiB page                     RW NX
 *
 * and hv_check_wx walks every table reachable from the hypervisor's L4 (the
 * same hypervisor slots every guest L4 carries) and refuses a leaf that is
 * both writable and executable: writable when RW is set at every level,
 * executable when NX is set at none.
 */
#include "mm/hv_protect.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"
#include "arch/io.h"
#include "arch/x86.h"
#include "lib/printf.h"

#define IMAGE_PAGES 512             /* the first 2 MiB, in 4 KiB pages */

extern char hv_image_start[], hv_boot_text_end[], hv_text_start[], hv_text_end[],
    hv_rodata_end[];
extern char hv_stack_guard[], ist_df_guard[], ist_nmi_guard[], ist_mc_guard[];

static const struct {
    const char *name;
    const char *guard;
} stacks[] = {
    { "hypervisor", hv_stack_guard }, { "#DF IST", ist_df_guard },
    { "NMI IST", ist_nmi_guard }, { "#MC IST", ist_mc_guard },
};

static uint64_t image_l1[IMAGE_PAGES] __attribute__((aligned(4096)));

/* Returns 1 if the hypervisor virtual address va lies in [start, end). */
static int in(uint64_t va, const char *start, const char *end)
{
    return va >= (uint64_t)start && va < (uint64_t)end;
}

/* Returns the 4 KiB leaf entry for the image page at hypervisor address va. */
static uint64_t image_page_entry(uint64_t va)
{
    uint64_t ma = virt_to_maddr((void *)va);

    for (unsigned i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
        if (va == (uint64_t)stacks[i].guard)
            return 0;
    if (in(va, hv_text_start, hv_text_end))
        return ma | PTE_P;
    if (in(va, hv_image_start, hv_boot_text_end) || in(va, hv_text_end, hv_rodata_end))
        return ma | PTE_P | PTE_NX;
    return ma | PTE_P | PTE_RW | PTE_NX;
}

/* See mm/hv_protect.h. */
void hv_image_protect(void)
{
    uint64_t *l4 = hv_l4(), *l3 = maddr_to_virt(l4[DIRECTMAP_L4_SLOT] & PTE_ADDR_MASK);

    for (unsigned i = 0; i < IMAGE_PAGES; i++)
        image_l1[i] = image_page_entry(DIRECTMAP_BASE + i * (uint64_t)PAGE_SIZE);
    for (unsigned i = 0; i < DIRECTMAP_SIZE >> 30; i++) {
        uint64_t *l2 = maddr_to_virt(l3[i] & PTE_ADDR_MASK);

        for (unsigned j = 0; j < 512; j++)
            l2[j] |= PTE_NX;
    }
    ((uint64_t *)maddr_to_virt(l3[0] & PTE_ADDR_MASK))[0] = virt_to_maddr(image_l1) | PTE_P | PTE_RW;
    l4[0] = 0;
    flush_tlb_global();
}

/* Checks the table at ma of the given level (4..1), reached through entries
 * whose RW and NX bits were ANDed into rw and ORed into nx, for the address
 * range starting at va.  Counts leaves in *leaves; returns 0, or -1 with the
 * first writable and executable leaf described in err. */
static int check_table(uint64_t ma, int level, uint64_t va, uint64_t rw, uint64_t nx,
                       unsigned long *leaves, char *err, size_t errlen)
{
    const uint64_t *t = maddr_to_virt(ma);

    for (unsigned i = 0; i < 512; i++) {
        uint64_t e = t[i], eva = va | (uint64_t)i << (12 + 9 * (level - 1));
        uint64_t erw = rw & e, enx = nx | (e & PTE_NX);

        if (level == 4)
            eva = (eva & (1UL << 47)) ? eva | 0xffff000000000000UL : eva;
        if (!(e & PTE_P))
            continue;
        if (level > 1 && !(level < 4 && (e & PTE_PSE))) {
            if (check_table(e & PTE_ADDR_MASK, level - 1, eva, erw, enx, leaves, err, errlen))
                return -1;
            continue;
        }
        ++*leaves;
        if ((erw & PTE_RW) && !enx) {
            snprintf(err, errlen, "writable and executable hypervisor mapping at 0x%lx "
                     "(L%d entry 0x%lx)", eva, level, e);
            return -1;
        }
    }
    return 0;
}

/* See mm/hv_protect.h. */
long hv_check_wx(char *err, size_t errlen)
{
    unsigned long leaves = 0;

    if (check_table(virt_to_maddr(hv_l4()), 4, 0, PTE_RW, 0, &leaves, err, errlen))
        return -1;
    return (long)leaves;
}

/* See mm/hv_protect.h. */
const char *hv_stack_guard_name(uint64_t va)
{
    for (unsigned i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
        if (in(va, stacks[i].guard, stacks[i].guard + PAGE_SIZE))
            return stacks[i].name;
    return 0;
}
