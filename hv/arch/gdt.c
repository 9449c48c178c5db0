/*
 * The GDT and the TSS.
 *
 * Guest-visible selectors follow the PV ABI (pv-abi.md §9.1): the guest's
 * own GDT entries (set_gdt, later) use pages 0-13; page 14 (entries 7168 on,
 * selectors 0xe000 on) is reserved for the hypervisor:
 *
 *   0xe008  hv code, 64-bit, DPL 0       SYSCALL loads CS = 0xe008, SS = 0xe010
 *   0xe010  hv data, DPL 0
 *   0xe023  guest code, 32-bit, DPL 3    SYSRET loads CS = 0xe023 + 16 = 0xe033,
 *   0xe02b  guest data/stack, DPL 3                   SS = 0xe023 + 8  = 0xe02b
 *   0xe033  guest code, 64-bit, DPL 3
 *   0xe040  TSS (16 bytes)
 *
 * The TSS gives RSP0 (the hypervisor stack for entries from the guest), one
 * IST stack each for #DF, NMI and #MC, and an I/O bitmap over ports 0-0xff
 * that lets the guest reach the QEMU exit port once it has set IOPL >= 1.
 */
#include <stdint.h>
#include "arch/gdt.h"
#include "arch/x86.h"
#include "lib/string.h"

#define GDT_ENTRIES     (15 * 512)
#define IOBITMAP_PORTS  256

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

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(4096)));
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

    gdt[sel >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
                    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[(sel >> 3) + 1] = base >> 32;
}

/* Builds the GDT and TSS and loads GDTR, the segment registers and TR. */
void gdt_init(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };

    gdt[HV_CS >> 3] = flat_descriptor(0x9b, 0xa);        /* P, DPL0, code, L, G */
    gdt[HV_DS >> 3] = flat_descriptor(0x93, 0xc);        /* P, DPL0, data, D, G */
    gdt[0xe023 >> 3] = flat_descriptor(0xfb, 0xc);       /* P, DPL3, code32 */
    gdt[0xe02b >> 3] = flat_descriptor(0xf3, 0xc);       /* P, DPL3, data */
    gdt[0xe033 >> 3] = flat_descriptor(0xfb, 0xa);       /* P, DPL3, code64 */

    tss.rsp[0] = (uint64_t)hv_stack_top;
    tss.ist[IST_DF - 1] = (uint64_t)ist_df_top;
    tss.ist[IST_NMI - 1] = (uint64_t)ist_nmi_top;
    tss.ist[IST_MC - 1] = (uint64_t)ist_mc_top;
    tss.iomap_base = __builtin_offsetof(struct tss, iobitmap);
    memset(tss.iobitmap, 0xff, sizeof(tss.iobitmap));
    set_tss_descriptor(HV_TSS, &tss);

    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
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
                     : : "m"(gdtr), "i"(HV_CS), "i"(HV_DS), "r"(HV_TSS) : "rax", "memory");
}

/* Allows (allow != 0) or denies guest access to I/O port port (< 256). */
void tss_allow_port(unsigned port, int allow)
{
    if (allow)
        tss.iobitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
    else
        tss.iobitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}
