/*
 * The bootstrap region of a PV guest (pv-abi.md §5.2), in guest virtual
 * addresses.  It starts at VIRT_BASE and maps PFN 0, 1, 2, ... in order:
 *
 *   v_start  +--------------------+  PFN 0
 *            | kernel image       |  PT_LOAD segments, BSS zeroed
 *   p2m      +--------------------+
 *            | P2M list           |  mfn_list[pfn], 8 bytes per guest page
 *   si       +--------------------+
 *            | start_info         |  rsi at entry
 *   pt       +--------------------+
 *            | page tables        |  L4 first, mapped read-only
 *   stack    +--------------------+
 *            | stack (1 page)     |  rsp = top at entry
 *            +--------------------+
 *            | padding            |  >= 512 KiB, zeroed
 *   v_end    +--------------------+  4 MiB aligned
 *
 * Every page of [v_start, v_end) is mapped and backed by guest memory.
 */
#ifndef HV_DOMAIN_BOOT_LAYOUT_H
#define HV_DOMAIN_BOOT_LAYOUT_H

#include <stdint.h>

struct boot_layout {
    uint64_t v_start, v_end;
    uint64_t p2m, start_info, pt, stack;    /* start of each part */
    uint64_t nr_pt_frames;
};

#define LAYOUT_NO_MEMORY  (-1)  /* the region needs more than nr_pages pages */
#define LAYOUT_NO_SPACE   (-2)  /* it would leave the guest's address space */

/* Lays out the region for a kernel occupying [v_start, kend) in a guest of
 * nr_pages pages.  Returns 0, LAYOUT_NO_MEMORY, or LAYOUT_NO_SPACE when the
 * region would run past the top of the address space, become
 * non-canonical or reach the hypervisor's range. */
int boot_layout_compute(uint64_t v_start, uint64_t kend, uint64_t nr_pages, struct boot_layout *l);

/* Returns how many page-table frames (L4, L3, L2, L1) map [start, end). */
uint64_t boot_layout_count_tables(uint64_t start, uint64_t end);

#endif
