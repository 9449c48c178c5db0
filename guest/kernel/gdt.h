/*
 * Our own GDT (pv-abi.md §3.6).  The guest never needs one to run (the
 * hypervisor's reserved page has the flat selectors 0xe023/0xe02b/0xe033),
 * but it may load segments of its own from one: set_gdt takes frames the
 * guest owns, which must have no writable mapping left, and checks (and
 * may rewrite: DPL 0-2 become 3) every descriptor in them.
 *
 *   63      56 55 54 53 52 51  48 47 46 45 44 43  40 39          16 15        0
 *   +---------+--+--+--+--+------+--+-----+--+------+--------------+-----------+
 *   |base 31:24|G |DB|L |AV|lim19:16|P | DPL |S | type | base 23:0    | limit 15:0|
 *   +---------+--+--+--+--+------+--+-----+--+------+--------------+-----------+
 *
 * The GDT is one page of .bss (512 descriptors), selectors 8 * index | RPL.
 */
#ifndef GUEST_KERNEL_GDT_H
#define GUEST_KERNEL_GDT_H

#include <stdint.h>

#define GDT_FRAME_ENTRIES 512

#define DESC_TYPE_DATA_RW   0x3     /* read/write data, accessed */
#define DESC_TYPE_CODE_RX   0xb     /* execute/read code, accessed */

/* A code or data descriptor (S = 1) with a 32-bit base, a 20-bit limit in
 * 4 KiB units (G = 1, D/B = 1) and the given type, DPL and P bit. */
static inline uint64_t gdt_descriptor(uint32_t base, uint32_t limit, unsigned int type,
                                      unsigned int dpl, int present)
{
    return (limit & 0xffffULL) | ((uint64_t)(base & 0xffffff) << 16) | ((uint64_t)type << 40) |
           (1ULL << 44) | ((uint64_t)(dpl & 3) << 45) | ((uint64_t)(present ? 1 : 0) << 47) |
           ((uint64_t)((limit >> 16) & 0xf) << 48) | (3ULL << 54) | ((uint64_t)(base >> 24) << 56);
}

/* Copies n (<= 512) descriptors into the GDT page (zeroing the rest),
 * maps it read-only and loads it with set_gdt (unloading it first if it
 * was loaded: see gdt_unload).  Returns 0, or -errno with
 * the page writable again (-ENODEV if guest/mm is not initialised). */
long gdt_load(const uint64_t *descs, unsigned int n);

/* Drops our GDT (set_gdt with 0 entries) and maps the page writable again.
 * No segment register may hold one of its selectors.  0 or -errno. */
long gdt_unload(void);

/* Rewrites descriptor index of the loaded GDT with update_descriptor.
 * 0 or -errno. */
long gdt_update(unsigned int index, uint64_t desc);

/* Descriptor index as the page holds it now (after any fix-up). */
uint64_t gdt_entry(unsigned int index);

/* The MFN of the GDT page. */
unsigned long gdt_frame_mfn(void);

#endif
