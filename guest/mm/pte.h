/*
 * Page-table entries and the split of a virtual address (x86-64, 4 levels).
 *
 *   63      48 47     39 38     30 29     21 20     12 11           0
 *   +---------+---------+---------+---------+---------+--------------+
 *   | sign    | L4 idx  | L3 idx  | L2 idx  | L1 idx  | page offset  |
 *   +---------+---------+---------+---------+---------+--------------+
 *
 * An entry (any level):
 *
 *   63  62      52 51                 12 11  9 8 7 6 5 4 3 2 1 0
 *   +--+----------+---------------------+-----+-+-+-+-+-+-+-+-+-+
 *   |NX| avail    | MFN                 |avail|G|S|D|A|C|T|U|W|P|
 *   +--+----------+---------------------+-----+-+-+-+-+-+-+-+-+-+
 *       bit 52 belongs to Xen in L1s     S = PAT (L1) / PSE (L2, L3)
 *
 * The PV rules on top (pv-abi.md §8.2, §8.3): no PSE, PWT, PCD or G above L1;
 * the hypervisor sets US (and bit 52 on kernel L1 mappings) itself.
 */
#ifndef GUEST_MM_PTE_H
#define GUEST_MM_PTE_H

#include <stdint.h>

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PT_ENTRIES      512

#define PTE_P           (1UL << 0)
#define PTE_RW          (1UL << 1)
#define PTE_US          (1UL << 2)
#define PTE_PWT         (1UL << 3)
#define PTE_PCD         (1UL << 4)
#define PTE_A           (1UL << 5)
#define PTE_D           (1UL << 6)
#define PTE_PSE         (1UL << 7)   /* in L2 and L3 entries */
#define PTE_PAT         (1UL << 7)   /* in L1 entries */
#define PTE_G           (1UL << 8)
#define PTE_XEN_KERNEL  (1UL << 52)  /* set by Xen on kernel (US=0) L1 mappings */
#define PTE_NX          (1UL << 63)
#define PTE_MFN_MASK    0x000ffffffffff000UL

/* The entry mapping machine frame mfn with flags. */
static inline uint64_t pte_make(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

/* The machine frame an entry points to. */
static inline unsigned long pte_mfn(uint64_t pte)
{
    return (pte & PTE_MFN_MASK) >> PAGE_SHIFT;
}

/* Index into the level-`level` table (1..4) for va. */
static inline unsigned int pt_index(unsigned long va, int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* The first VA covered by L4 slot `slot` (sign-extended from bit 47). */
static inline unsigned long l4_slot_va(unsigned int slot)
{
    unsigned long va = (unsigned long)slot << 39;

    return slot >= 256 ? va | 0xffff000000000000UL : va;
}

#endif
