/*
 * Scratch mappings: a few fixed VAs at which the guest can map any frame it
 * may map, to read or write it.
 *
 * The VAs are pages of the bootstrap region's padding (region.h), so the
 * builder's own L1 tables already cover them and update_va_mapping works on
 * them from the first instruction, on Xen and on pvx alike.  Unmapping puts
 * the padding frame back, so a slot's frame counts end where they started.
 *
 *   ... padding ... | slot 0 | ... | slot 7 | peek | edge page |  v_end
 *
 * The last page of the region (the "edge page") is left alone: it is mapped
 * and the page after it is not, which tests of partly readable arguments use.
 */
#ifndef GUEST_MM_SCRATCH_H
#define GUEST_MM_SCRATCH_H

#include <stdint.h>

#define SCRATCH_NR 8

/* Records what each slot maps at start.  Returns 0, or -1 if the padding is
 * too small (it never is: it is at least 512 KiB). */
int scratch_init(void);

/* The VA of slot (0 .. SCRATCH_NR - 1). */
unsigned long scratch_va(unsigned int slot);

/* The last mapped page of the bootstrap region; the next page is unmapped. */
unsigned long scratch_edge_va(void);

/* Maps mfn at slot, read-only, or writable if flags has PTE_RW (other PTE
 * bits in flags are passed through).  Returns update_va_mapping's result:
 * 0, or -errno with the slot unchanged. */
long scratch_map(unsigned int slot, unsigned long mfn, uint64_t flags);

/* Puts the slot's own padding frame back.  Returns 0 or -errno. */
long scratch_unmap(unsigned int slot);

/* Reads 8-byte word `index` of frame mfn: directly if the bootstrap region
 * maps it, else through a private read-only slot.  Returns ~0 if the frame
 * cannot be mapped. */
uint64_t scratch_peek(unsigned long mfn, unsigned int index);

#endif
