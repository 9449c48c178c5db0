/*
 * The pages under the kernel heap (kva.h): the heap area is mapped from its
 * start up to kheap_mapped(), with frames from the frame allocator, and
 * reads as zero wherever malloc has not written.  guest/lib/heap.c moves
 * newlib's break inside it and asks for more or fewer pages.
 *
 *   KHEAP_BASE          KHEAP_BASE + kheap_mapped()
 *   | mapped, writable   |  not mapped ...
 *   +--------------------+------------------
 *
 * mm_init maps the first KHEAP_FIRST bytes, so that the frames the first
 * printf's buffers need are taken at start of day, not in the middle of
 * whatever first prints.
 */
#ifndef GUEST_MM_KHEAP_H
#define GUEST_MM_KHEAP_H

#include <stddef.h>

#define KHEAP_FIRST (64UL << 10)

/* Bytes mapped from KHEAP_BASE. */
size_t kheap_mapped(void);

/* Maps fresh, zeroed frames from kheap_mapped() up to end (rounded up to a
 * page).  Returns 0, or -1 if the area or the frames ran out (what was
 * mapped stays mapped). */
int kheap_grow(size_t end);

/* Unmaps everything from end (rounded up to a page) on and frees the
 * frames, after one flush of the queue and the TLB. */
void kheap_shrink(size_t end);

#endif
