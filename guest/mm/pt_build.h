/*
 * Building and dropping the page tables of an address space.
 *
 * A table frame of ours lives in one of two states, and the frame map
 * (fmap.h) shows which:
 *
 *        pt_tables_new              pt_seal              pin / NEW_BASEPTR
 *   free -------------> plain ------------------> sealed ------------------> live
 *        alias RW       ordinary stores,          alias RO; entries          validated by
 *                       no hypercall per entry    by hypercall only          the hypervisor
 *     ^                                                                        |
 *     |  pt_release_add: alias removed,            unpin + switch away         |
 *     +---- TLB flushed, frame freed <------ (sealed, no longer validated) <---+
 *
 * "Late pin": fill a whole tree while it is plain, seal it and pin its root
 * in one batch: the hypervisor validates it all in one pass.  "Early unpin":
 * unpin (and switch away) first, so the tree is plain memory again and can
 * be read and freed with no hypercall per entry.
 *
 * pt_write() picks the right way to change an entry: a store while the
 * table is plain, a queued mmu_update (mmu_batch.h) once it is sealed.
 */
#ifndef GUEST_MM_PT_BUILD_H
#define GUEST_MM_PT_BUILD_H

#include <stdint.h>
#include "mm/fmap.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"

#define PT_RELEASE_BATCH 64

/* Frames on their way back to the allocator (pt_release_add). */
struct pt_release {
    unsigned long pfns[PT_RELEASE_BATCH];
    unsigned int n;
};

/* Takes n frames and maps each writable in the frame map (one flush).  The
 * contents are not cleared.  Returns 0, or -1 with nothing taken. */
int pt_tables_new(unsigned long n, unsigned long *pfns);

/* Queues the read-only remap of a plain table's frame-map alias. */
static inline void pt_seal(unsigned long pfn)
{
    fmap_set(pfn, PTE_P);
}

/* The entries of table pfn, for reading (and writing, while plain). */
static inline uint64_t *pt_entries(unsigned long pfn)
{
    return fmap_va(pfn);
}

/* The table an upper-level entry points to, as a PFN. */
static inline unsigned long pt_entry_pfn(uint64_t entry)
{
    return mfn_to_pfn(pte_mfn(entry));
}

/* Sets entry index of table pfn: by store if !sealed, else queued. */
static inline void pt_write(int sealed, unsigned long pfn, unsigned int index, uint64_t val)
{
    if (sealed)
        mmu_batch_pte(pte_make(pfn_to_mfn(pfn), 0) + index * sizeof(uint64_t), val);
    else
        pt_entries(pfn)[index] = val;
}

/* Queues the removal of the alias of table pfn (no longer referenced by the
 * hypervisor) and frees it with the next batch: every PT_RELEASE_BATCH
 * frames, one flush with a TLB flush, then the frames go back. */
void pt_release_add(struct pt_release *r, unsigned long pfn);

/* Releases what r still holds. */
void pt_release_finish(struct pt_release *r);

/* Calls visit(ctx, pfn, level) for every table of the lower half (L4 slots
 * 0-255) of the tree rooted at L4 l4_pfn, children before their parent and
 * the L4 itself last: the order in which a tree can be taken apart. */
void pt_visit_tables(unsigned long l4_pfn, void (*visit)(void *ctx, unsigned long pfn, int level),
                     void *ctx);

#endif
