/*
 * Machine frames: who owns each one and what it is used as.
 *
 * The frame table has one struct frame per machine frame (MFN).  The PV MMU
 * rules (pv-abi.md §8.1) live on top of it:
 *
 *   owner       FRAME_FREE, FRAME_HV, or the domain id (0 for the guest)
 *   count       general references: mappings, CR3, pins, parent entries
 *   type        none, writable, L1..L4 page table, segment descriptor page
 *   type_count  references of that type; the type may change only at 0
 *   flags       FRAME_VALIDATED, FRAME_PINNED
 *
 *              get type T (count 0)               put (count -> 0)
 *   +-------+ -------------------------> +-----+ -------------------> +-------------+
 *   | none  |    validate if a table     |  T  |  devalidate tables   | T, count 0, |
 *   +-------+                            +-----+                      | not valid   |
 *                                          | get T again: count++     +-------------+
 *                                          | get U != T: refused
 *
 * The frame allocator hands out free frames (and zeroes nothing; callers do).
 */
#ifndef HV_MM_FRAME_H
#define HV_MM_FRAME_H

#include <stdint.h>
#include "boot/boot_info.h"

#define FRAME_FREE      0xffff
#define FRAME_HV        0x7ff2      /* DOMID_XEN: the hypervisor's own */

enum frame_type {
    FT_NONE, FT_L1, FT_L2, FT_L3, FT_L4, FT_SEG_DESC, FT_WRITABLE,
};

/* Returns 1 for the four page-table types. */
static inline int frame_type_is_table(unsigned type)
{
    return type >= FT_L1 && type <= FT_L4;
}

#define FRAME_VALIDATED 0x1
#define FRAME_PINNED    0x2

struct frame {
    uint16_t owner;
    uint8_t type;           /* enum frame_type */
    uint8_t flags;          /* FRAME_VALIDATED | FRAME_PINNED */
    uint32_t type_count;
    uint32_t count;
    uint32_t flush_epoch;   /* tlb_flush_epoch when type_count last fell to 0 */
};

extern struct frame *frame_table;
extern uint64_t frame_limit;        /* one past the highest managed MFN */
extern uint64_t frame_guest_lo;     /* every frame ever given to a domain is in */
extern uint64_t frame_guest_hi;     /* [frame_guest_lo, frame_guest_hi) */

/* Sets up the allocator over the RAM the boot loader reported, keeping out
 * the first MiB, the hypervisor image, the boot info and the module. */
void frame_alloc_init(const struct boot_info *bi);

/* Allocates the frame table (one entry per frame up to frame_max_mfn()) and
 * records every frame in use so far as the hypervisor's.  Panics if memory
 * runs out. */
void frame_table_init(void);

/* Allocates the highest free frame for owner; returns its MFN, or 0 when no
 * frame is free. */
uint64_t frame_alloc(uint16_t owner);

/* Allocates n contiguous frames for the hypervisor; returns the first MFN, or
 * 0 when no run that long is free. */
uint64_t frame_alloc_range(uint64_t n);

/* Returns the number of free frames. */
uint64_t frame_free_count(void);

/* Returns one past the highest machine frame pvx manages. */
static inline uint64_t frame_max_mfn(void)
{
    return frame_limit;
}

/* Returns the frame table entry of mfn (which must be below frame_max_mfn()). */
static inline struct frame *frame_of(uint64_t mfn)
{
    return &frame_table[mfn];
}

#endif
