/*
 * Walking the guest's current kernel page tables from the hypervisor:
 *
 *   va: L4 index | L3 index | L2 index | L1 index | offset
 *       dom0.l4_mfn -> L3 -> L2 -> L1 -> entry
 *
 * Used by update_va_mapping (the L1 entry to change), writable page tables
 * (the mapping a faulting write went through) and the LDT (the frames at
 * the guest's LDT address).  Validation refuses large pages, so the walk
 * stops at any upper entry that is not present or has PSE set.
 */
#ifndef HV_MM_GUEST_WALK_H
#define HV_MM_GUEST_WALK_H

#include <stdint.h>

/* Returns the hypervisor's pointer to the L1 entry that maps guest address
 * va in the current kernel tables, or NULL if an upper entry on the way is
 * not present. */
uint64_t *guest_l1_entry(uint64_t va);

#endif
