/*
 * The shared_info page (pv-abi.md §4.2): event channel bitmaps, the wall
 * clock and one vcpu_info per vCPU (upcall pending/mask, cr2, time).  It is
 * not part of our pseudo-physical memory: start_info gives its machine
 * address and we map it ourselves, read-write, over a page of .bss
 * (shared_info_page, a VA fixed at link time).
 */
#ifndef GUEST_KERNEL_SHARED_INFO_H
#define GUEST_KERNEL_SHARED_INFO_H

#include "abi/shared_info.h"

/* The mapped page, or NULL if mapping it failed. */
extern struct shared_info *shared_info;

/* vcpu_info of vCPU 0 (the only one we run).  Until shared_info is mapped
 * it points at a private copy with events masked, so code that reads the
 * mask or the pending flag needs no special case. */
extern struct vcpu_info *this_vcpu;

/* Maps start_info.shared_info at shared_info_page with update_va_mapping.
 * Prints one line and leaves shared_info NULL if that fails. */
void shared_info_init(void);

/* NULL when shared_info is mapped, else why not. */
const char *shared_info_unavailable(void);

#endif
