/*
 * The GDT and the TSS.
 *
 * The GDT is a 16-page virtual area of the hypervisor's (GDT_AREA, L4 slot
 * 258): pages 0-13 map the guest's own descriptor frames (set_gdt,
 * hypercall/descriptors.c) or an empty page, page 14 is the hypervisor's
 * reserved page (entries 7168 on, selectors 0xe000 on, pv-abi.md §3.6, §9.1),
 * page 15 is empty:
 *
 *   0xe008  hv code, 64-bit, DPL 0       SYSCALL loads CS = 0xe008, SS = 0xe010
 *   0xe010  hv data, DPL 0
 *   0xe023  guest code, 32-bit, DPL 3    SYSRET loads CS = 0xe023 + 16 = 0xe033,
 *   0xe02b  guest data/stack, DPL 3                   SS = 0xe023 + 8  = 0xe02b
 *   0xe033  guest code, 64-bit, DPL 3
 *   0xe040  TSS (16 bytes)
 *   0xe050  LDT (16 bytes; the guest's LDT pages, mapped in LDT_AREA)
 *
 * The TSS gives RSP0 (the hypervisor stack for entries from the guest), one
 * IST stack each for #DF, NMI and #MC, and an I/O bitmap over ports 0-0xff
 * that lets the guest reach the QEMU exit port once it has set IOPL >= 1.
 */
#include <stdint.h>
#include "arch/gdt.h"
#include "arch/x86.h"
#include "lib/string.h"
#include "arch/io.h"
#include "mm/directmap.h"
#include "mm/hv_pagetable.h"

#define IOBITMAP_PORTS  256
#define RESERVED_PAGE   14

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
    uint8_t iobitmap[IOBITMAP_PORTS / 8 + 1];   /* a set bit denies the port */
} __attribute__((packed));

static uint64_t reserved[512] __attribute__((aligned(4096)));    /* GDT page 14 */
static uint64_t empty_page[512] __attribute__((aligned(4096)));  /* no descriptors */

/* The slot of selector sel in the reserved page. */
#define GDT_SLOT(sel) reserved[((sel) >> 3) - 512 * RESERVED_PAGE]
static struct tss tss __attribute__((aligned(64)));

extern char hv_stack_top[], ist_df_top[], ist_nmi_top[], ist_mc_top[];

/* Returns a flat code or data descriptor with the given access byte and
 * flags nibble (L/D/G). */
static uint64_t flat_descriptor(uint8_t access, uint8_t flags)
{
    return 0xffffULL | ((uint64_t)access << 40) | (0xfULL << 48) | ((uint64_t)flags << 52);
}

/* Writes the 16-byte available-TSS descriptor at selector sel. */
static void set_tss_descriptor(uint16_t sel, const struct tss *t)
{
    uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

    GDT_SLOT(sel) = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
                    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    GDT_SLOT(sel + 8) = base >> 32;
}

/* Loads GDTR with base and the full 16-page limit. */
static void load_gdtr(uint64_t base)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = { 16 * 4096 - 1, base };

    __asm__ volatile("lgdt %0" : : "m"(gdtr));
}

/* Builds the reserved page and the TSS and loads GDTR (for now pointing so
 * that the reserved page sits where page 14 belongs; gdt_area_init moves
 * it to the real area), the segment registers and TR. */
void gdt_init(void)
{
    GDT_SLOT(HV_CS) = flat_descriptor(0x9b, 0xa);        /* P, DPL0, code, L, G */
    GDT_SLOT(HV_DS) = flat_descriptor(0x93, 0xc);        /* P, DPL0, data, D, G */
    GDT_SLOT(0xe023) = flat_descriptor(0xfb, 0xc);       /* P, DPL3, code32 */
    GDT_SLOT(0xe02b) = flat_descriptor(0xf3, 0xc);       /* P, DPL3, data */
    GDT_SLOT(0xe033) = flat_descriptor(0xfb, 0xa);       /* P, DPL3, code64 */

    tss.rsp[0] = (uint64_t)hv_stack_top;
    tss.ist[IST_DF - 1] = (uint64_t)ist_df_top;
    tss.ist[IST_NMI - 1] = (uint64_t)ist_nmi_top;
    tss.ist[IST_MC - 1] = (uint64_t)ist_mc_top;
    tss.iomap_base = __builtin_offsetof(struct tss, iobitmap);
    memset(tss.iobitmap, 0xff, sizeof(tss.iobitmap));
    set_tss_descriptor(HV_TSS, &tss);

    load_gdtr((uint64_t)reserved - RESERVED_PAGE * 4096UL);
    __asm__ volatile("pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movl %2, %%eax\n\t"
                     "movl %%eax, %%ss\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%fs\n\t"
                     "movl %%eax, %%gs\n\t"
                     "ltr %w3"
                     : : "m"(reserved), "i"(HV_CS), "i"(HV_DS), "r"(HV_TSS) : "rax", "memory");
}

/* Maps the GDT area (every guest page empty, page 14 the reserved page) and
 * moves GDTR to it.  Needs the frame allocator; must run before the first
 * guest L4 is validated, which copies the area's L4 slot. */
void gdt_area_init(void)
{
    for (unsigned page = 0; page < 16; page++)
        gdt_map_page(page, page == RESERVED_PAGE ? virt_to_maddr(reserved) : virt_to_maddr(empty_page));
    load_gdtr(GDT_AREA);
}

/* Maps machine page ma as page `page` of the GDT area and flushes it. */
void gdt_map_page(unsigned page, uint64_t ma)
{
    hv_map_page(GDT_AREA + page * 4096UL, ma, PTE_P | PTE_RW | PTE_NX, PTE_P | PTE_RW);
    invlpg(GDT_AREA + page * 4096UL);
}

/* Maps machine page ma as page `page` of the LDT area and flushes it. */
void ldt_map_page(unsigned page, uint64_t ma)
{
    hv_map_page(LDT_AREA + page * 4096UL, ma, PTE_P | PTE_RW | PTE_NX, PTE_P | PTE_RW);
    invlpg(LDT_AREA + page * 4096UL);
}

/* Loads LDTR with an LDT of ents descriptors in the LDT area (0: none). */
void ldt_load(uint32_t ents)
{
    uint64_t base = LDT_AREA, limit = ents * 8UL - 1;

    if (!ents) {
        __asm__ volatile("lldt %w0" : : "r"(0));
        return;
    }
    GDT_SLOT(HV_LDT) = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x82ULL << 40) |
                       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    GDT_SLOT(HV_LDT + 8) = base >> 32;
    __asm__ volatile("lldt %w0" : : "r"(HV_LDT));
}

/* Returns the machine address of the page that stands for "no guest page". */
uint64_t gdt_empty_page(void)
{
    return virt_to_maddr(empty_page);
}

/* Allows (allow != 0) or denies guest access to I/O port port (< 256). */
void tss_allow_port(unsigned port, int allow)
{
    if (allow)
        tss.iobitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
    else
        tss.iobitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}
