/*
 * Address spaces: a lower half of its own, the kernel's upper half shared.
 *
 *   L4 of an address space                      every address space
 *   +-----------+                               shares these
 *   | 0 .. 255  | --> its own L3s --> L2s --> L1s --> its frames
 *   |-----------|
 *   | 256 .. 271| the hypervisor's (it fills them at validation)
 *   |-----------|
 *   | 272 .. 511| = the bootstrap L4's entries: slot 511 --> B3 (kva.h) <--+
 *   +-----------+                                                         |
 *                   the kernel's own address space (the bootstrap L4) ----+
 *
 * Because the kernel runs from the upper half, switching address space
 * (MMUEXT_NEW_BASEPTR) changes only what the lower half maps.
 *
 * Life of an address space (the table states are those of pt_build.h):
 *
 *   aspace_create   an L4, plain: mappings are plain stores into its tables
 *   aspace_switch   seals it and pins it if it is to be pinned ("late pin",
 *                   at first use), then NEW_BASEPTR; from then on mappings
 *                   change by queued hypercalls
 *   aspace_fork     a new, pinned address space sharing the parent's frames
 *                   copy-on-write (aspace_fork.c)
 *   aspace_destroy  unpins ("early unpin"), then takes the plain tree apart
 *                   and gives every frame back
 *
 * A mapping that is writable for the address space but whose frame is
 * shared after a fork is kept read-only with PTE_COW set; the first write
 * faults and aspace_cow_fault() gives the writer its own copy (cow.c).
 */
#ifndef GUEST_MM_ASPACE_H
#define GUEST_MM_ASPACE_H

#include <stdint.h>
#include "mm/kva.h"

/* An available bit of L1 entries (pte.h): writable once unshared. */
#define PTE_COW             (1UL << 9)

/* aspace flags */
#define ASPACE_SEALED       1u      /* tables read-only, changed by hypercall */
#define ASPACE_PINNED       2u      /* the L4 is pinned */
#define ASPACE_KERNEL       4u      /* the bootstrap L4: never mapped into or destroyed */

/* How aspace_fork builds the child (the benchmarks compare them). */
enum aspace_strategy {
    ASPACE_PER_PTE,         /* live tables, one hypercall per entry */
    ASPACE_MMU_UPDATE,      /* live tables, entries in mmu_update batches */
    ASPACE_MULTICALL,       /* live tables, everything in multicalls */
    ASPACE_LATE_PIN,        /* plain tables filled by stores, sealed and pinned at the end */
    ASPACE_NR_STRATEGIES
};

struct aspace {
    unsigned long l4;       /* PFN of the L4 */
    unsigned int flags;
    int keep_pinned;        /* pin at first switch and keep it pinned */
};

/* The kernel's own address space (the bootstrap L4; empty lower half). */
struct aspace *aspace_kernel(void);

/* The address space in CR3. */
struct aspace *aspace_current(void);

/* A new address space with an empty lower half, plain, to be pinned at
 * first switch.  Returns NULL if memory runs out (nothing taken) or the
 * kernel is linked in the lower half (hello-low: no room for address
 * spaces). */
struct aspace *aspace_create(void);

/* Maps npages pages from va (page-aligned, in the lower half): page i maps
 * pfns[i % nr_pfns], writable if writable is set, and takes a mapping
 * count on it (frame_ref.h).  With pfns NULL, each page gets a fresh
 * zeroed frame instead.  Refuses (-1, nothing changed) a range that is
 * partly mapped or outside the lower half; -1 also if frames run out (what
 * was mapped stays mapped).  Returns 0 once every update is done. */
int aspace_map(struct aspace *as, unsigned long va, unsigned long npages,
               const unsigned long *pfns, unsigned long nr_pfns, int writable);

/* Unmaps npages pages from va; pages not mapped are skipped.  Each frame
 * loses a mapping count (and is freed at 0) once the TLB is flushed.
 * Returns 0, or -1 for a range outside the lower half. */
int aspace_unmap(struct aspace *as, unsigned long va, unsigned long npages);

/* The L1 entry mapping va in as, or 0 if none (no table or not present). */
uint64_t aspace_lookup(const struct aspace *as, unsigned long va);

/* Makes as the current address space: seals it if it is plain, pins it if
 * it is to be pinned, NEW_BASEPTR.  Returns 0 or the hypercall's error. */
long aspace_switch(struct aspace *as);

/* Chooses whether as stays pinned (the default) or is validated at every
 * switch to it and devalidated at every switch away.  Pins or unpins now
 * if as is sealed.  Returns 0 or the hypercall's error. */
long aspace_set_pinned(struct aspace *as, int pinned);

/* Duplicates the lower half of parent into a new address space, pinned:
 * every writable mapping of parent becomes read-only copy-on-write in both,
 * and every frame gains a mapping count.  Builds the child with strategy
 * s; the batch limit is the one in force (mmu_batch.h).  Returns the child,
 * or NULL (nothing changed) if memory runs out. */
struct aspace *aspace_fork(struct aspace *parent, enum aspace_strategy s);

/* Unpins as (early unpin), frees its tables and drops the mapping count of
 * every frame it maps.  Returns 0, or -1 if as is the current or the
 * kernel's address space (nothing done). */
int aspace_destroy(struct aspace *as);

/* The copy-on-write fault: a write (error code with PFEC_PRESENT and
 * PFEC_WRITE) to va in the current address space, where the entry has
 * PTE_COW.  Copies the frame if it is still shared, else just makes the
 * entry writable.  Returns 1 if it was such a fault and is resolved, else 0
 * (a real fault). */
int aspace_cow_fault(unsigned long va, unsigned int error_code);

/* Installs aspace_cow_fault() as the #PF handler (trap.h), in front of
 * whatever handler was there.  Returns 0, or -1 if traps are unavailable. */
int aspace_cow_install(void);

/* Fills the upper half of the new L4 at l4 (a PFN): the hypervisor's slots
 * empty (it fills them), the kernel's from the bootstrap L4, and slot
 * LINEAR_L4_SLOT pointing back at l4, read-only (kva.h). */
void aspace_l4_upper(unsigned long l4);

/* The L1 entry that maps va (lower half) in the current address space,
 * read through its linear self-map: one load.  Only for a va whose tables
 * are all present (a write fault on a present page, say), and never in the
 * kernel's own address space, which has no self-map. */
static inline uint64_t aspace_pte_current(unsigned long va)
{
    return *(const volatile uint64_t *)(LINEAR_PT_BASE + (va >> 12) * 8);
}

#endif
