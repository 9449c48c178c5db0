/*
 * What a guest may put in a page-table entry, level by level (pv-abi.md
 * §8.2-8.3), as pure functions: no frame table, no hardware.
 *
 *   63  62..52  51........12  11..9  8  7    6  5  4   3   2  1  0
 *   NX  avail   frame number  avail  G  PS/  D  A  PCD PWT US RW P
 *                                          PAT
 *
 *   level  refused flags (a present entry)       adjusted when stored
 *   L1     none of the cache bits for the        US=0 -> US=1 + bit 52 ("kernel");
 *          initial domain (it has I/O rights)    a user entry (bit 52 clear) gets G
 *   L2     PWT PCD PSE G                         US=1
 *   L3     PWT PCD PSE G                         US=1
 *   L4     PWT PCD PSE G                         US=1, A=1
 */
#ifndef HV_MM_PTE_RULES_H
#define HV_MM_PTE_RULES_H

#include <stdint.h>
#include "arch/x86.h"

#define PTE_MFN_MASK      0x000ffffffffff000UL
#define PTE_NX_BIT        (1UL << 63)
#define PTE_GUEST_KERNEL  (1UL << 52)
#define PTE_UPPER_REFUSED (PTE_PWT | PTE_PCD | PTE_PSE | PTE_G)

/* Returns the machine frame an entry points to. */
static inline uint64_t pte_mfn(uint64_t e)
{
    return (e & PTE_MFN_MASK) >> PAGE_SHIFT;
}

/* Returns 1 if a present entry at level (1-4) uses no refused flag. */
static inline int pte_flags_ok(uint64_t e, int level)
{
    return level == 1 || !(e & PTE_UPPER_REFUSED);
}

/* Returns e with the adjustments the hypervisor makes before storing a
 * present entry at level (1-4): the guest kernel runs in ring 3, so every
 * mapping it uses must be a user mapping. */
static inline uint64_t pte_adjust(uint64_t e, int level)
{
    if (!(e & PTE_P))
        return e;
    if (level == 1) {
        if (!(e & PTE_US))
            e |= PTE_US | PTE_GUEST_KERNEL;
        else if (!(e & PTE_GUEST_KERNEL))
            e |= PTE_G;
        return e;
    }
    return e | PTE_US | (level == 4 ? PTE_A : 0);
}

/* Returns 1 if old and new are both present and map the same frame with
 * the same cache bits: at most RW, NX, G, US, A, D or the available bits
 * differ. */
static inline int pte_same_frame(uint64_t old, uint64_t new)
{
    const uint64_t keep = PTE_MFN_MASK | PTE_P | PTE_PWT | PTE_PCD | PTE_PAT;

    return (old & PTE_P) && (new & PTE_P) && ((old ^ new) & keep) == 0;
}

/* Returns 1 if changing a present entry from old to new needs no reference
 * work: the same frame and the same RW bit as well. */
static inline int pte_same_refs(uint64_t old, uint64_t new)
{
    return pte_same_frame(old, new) && !((old ^ new) & PTE_RW);
}

#endif
