/*
 * Page-table walks in software: which entry maps a VA.
 *
 *   root (L4 MFN) --[L4 idx]--> L3 --[L3 idx]--> L2 --[L2 idx]--> L1 --[L1 idx]--> page
 *
 * Entries are changed by machine address (mmu_update's ptr), so the walk
 * returns the machine address of the entry, not a pointer to it.
 */
#ifndef GUEST_MM_PT_WALK_H
#define GUEST_MM_PT_WALK_H

#include <stdint.h>

/* The MFN of the bootstrap L4 (start_info.pt_base). */
unsigned long pt_bootstrap_l4_mfn(void);

/* Stores in *maddr the machine address of the level-`level` (1..4) entry
 * for va in the tree rooted at L4 root_mfn.  Returns 0, or -1 (leaving
 * *maddr alone) if a table above that level is not present. */
int pt_entry_maddr(unsigned long root_mfn, unsigned long va, int level, uint64_t *maddr);

/* Reads the entry at machine address maddr (any frame we may map). */
uint64_t pt_read_entry(uint64_t maddr);

#endif
