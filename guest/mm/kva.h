/*
 * The kernel's half of the virtual address space, and what lives where.
 *
 * Everything the kernel maps for itself hangs below L4 slot 511, whose L3
 * (B3) the domain builder made for the image.  Every address space's L4
 * points its slot 511 at that same B3, so whatever the kernel adds below it
 * (a new L2 in B3, a new L1, an entry) is visible in every address space at
 * once: the kernel half is shared by construction, and no L4 ever needs an
 * update when the kernel grows.
 *
 *   L4[511] --> B3 (the builder's L3, shared by every L4)
 *               |
 *     B3[0..255]    0xffffff8000000000  frame map: PFN p at FMAP_BASE + p * 4 KiB
 *               |                       (fmap.h; up to 256 GiB of guest memory)
 *     B3[256..383]  0xffffffc000000000  kernel heap behind malloc (kmap.h, heap.c)
 *               |
 *     B3[510]       0xffffffff80000000  the image and the bootstrap region (region.h)
 *
 * The lower half, L4 slots 0-255, belongs to the address spaces (aspace.h);
 * slots 256-271 are the hypervisor's.  Slot 510 of every address space's
 * L4 (not the bootstrap L4's) points back at that L4, read-only: through
 * it, the L1 entry that maps a lower-half va can be read at
 *
 *   LINEAR_PT_BASE + (va >> 12) * 8      (aspace_pte_current, aspace.h)
 *
 *   L4[510] --> the L4 itself, walked as an L3 --> the L3 as an L2 -->
 *               the L2 as an L1 --> the L1 frame, as a page of data
 */
#ifndef GUEST_MM_KVA_H
#define GUEST_MM_KVA_H

#define LOWER_HALF_END      0x0000800000000000UL  /* the address spaces' half */
#define KVA_L4_SLOT         511
#define LINEAR_L4_SLOT      510
#define LINEAR_PT_BASE      0xffffff0000000000UL
#define FMAP_BASE           0xffffff8000000000UL
#define FMAP_L3_FIRST       0
#define FMAP_L3_COUNT       256
#define KHEAP_BASE          0xffffffc000000000UL
#define KHEAP_L3_FIRST      256
#define KHEAP_L3_COUNT      128
#define KHEAP_MAX_BYTES     ((unsigned long)KHEAP_L3_COUNT << 30)

#endif
