/*
 * The hypervisor's own page tables: the boot L4 (hv/boot/head.S) and what is
 * added to it (the M2P in slot 256, the GDT and LDT areas in slot 258).
 * Its slots 257-271 are the hypervisor's part of every guest L4: page-table
 * validation copies them in (mm/pt_validate.c), and slot 256 when the L4
 * becomes the kernel base.
 */
#ifndef HV_MM_HV_PAGETABLE_H
#define HV_MM_HV_PAGETABLE_H

#include <stdint.h>

#define PTE_ADDR_MASK   0x000ffffffffff000UL
#define PTE_NX          (1UL << 63)

/* Returns the hypervisor's L4 (through the direct map). */
uint64_t *hv_l4(void);

/* Maps the 4 KiB frame at machine address ma at va in the hypervisor's L4
 * with leaf flags leaf and flags upper for new intermediate tables, and
 * returns the L1 entry it wrote.  Panics if a table cannot be allocated. */
uint64_t *hv_map_page(uint64_t va, uint64_t ma, uint64_t leaf, uint64_t upper);

/* Returns the L1..L4 index of va for level (1..4). */
static inline unsigned pt_index(uint64_t va, int level)
{
    return (va >> (12 + 9 * (level - 1))) & 511;
}

#endif
