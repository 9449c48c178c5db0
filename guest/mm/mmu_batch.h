/*
 * Batching of page-table updates: the guest's "lazy MMU".
 *
 * A change to a live page table (one the hypervisor has validated: pinned,
 * or reachable from CR3) can only be made by hypercall, and a hypercall is a
 * trip into the hypervisor and back.  So the MMU code does not call the
 * hypervisor for each entry: it queues the changes here and they go out
 * together, at the latest when the queue holds `limit` operations (a FULL
 * flush) or when the code reaches a point where it needs them done: before
 * it reads a mapping back, frees a frame, switches address space or returns
 * to its caller (an EXPLICIT flush).
 *
 *   queued                       flushed as (MMU_BATCH_MULTICALL)
 *   pte  L1[3] of T = ...   --+
 *   pte  L1[4] of T = ...     +-> multicall [ mmu_update(3 entries),
 *   pte  alias of T = RO    --+              mmuext_op(PIN_L4, TLB_FLUSH),
 *   ext  PIN_L4_TABLE L4    --+              update_va_mapping(va, pte) ]
 *   ext  TLB_FLUSH_LOCAL    --+
 *   va   va = pte, INVLPG   ----
 *
 * Consecutive operations of one kind share one entry of the multicall, so a
 * run of entry writes is one mmu_update with many requests.  The mode picks
 * how far batching goes (for the benchmarks to compare strategies):
 *
 *   MMU_BATCH_DIRECT      no queue: every operation is its own hypercall
 *   MMU_BATCH_MMU_UPDATE  a queue of one kind at a time: entry writes go out
 *                         as one mmu_update, mmuext ops as one mmuext_op;
 *                         a change of kind flushes (a KIND flush), and an
 *                         update_va_mapping is issued on its own
 *   MMU_BATCH_MULTICALL   everything queued goes out as one multicall (or as
 *                         the one hypercall it holds, if it holds only one)
 *
 * Every flush is counted with its reason and its size (the operations it
 * carried), so benchmarks can show how well the batching worked.
 *
 * Errors: a failing operation does not stop the ones queued after it from
 * being issued (the hypervisor runs every multicall entry); the first error
 * is kept and returned by the next mmu_batch_flush().
 */
#ifndef GUEST_MM_MMU_BATCH_H
#define GUEST_MM_MMU_BATCH_H

#include <stdint.h>
#include "abi/mmu.h"

enum mmu_batch_mode { MMU_BATCH_DIRECT, MMU_BATCH_MMU_UPDATE, MMU_BATCH_MULTICALL };

enum mmu_flush_reason { MMU_FLUSH_FULL, MMU_FLUSH_EXPLICIT, MMU_FLUSH_KIND, MMU_FLUSH_NR };

#define MMU_BATCH_MAX       512     /* the largest limit */
#define MMU_BATCH_BUCKETS   10      /* batch sizes 1, 2-3, 4-7, ..., 256-511, 512 */

struct mmu_batch_stats {
    unsigned long ops;                          /* operations queued or issued */
    unsigned long hypercalls;                   /* hypercalls made for them */
    unsigned long flushes[MMU_FLUSH_NR];        /* queue flushes by reason */
    unsigned long sizes[MMU_BATCH_BUCKETS];     /* flushes by log2 of their size */
};

/* Flushes what is queued, then batches in `mode` with at most `limit`
 * operations per batch (clamped to 1..MMU_BATCH_MAX).  Returns the flush's
 * result.  The default is MMU_BATCH_MULTICALL with MMU_BATCH_MAX. */
long mmu_batch_set_mode(enum mmu_batch_mode mode, unsigned int limit);

/* The current mode and limit. */
enum mmu_batch_mode mmu_batch_mode(void);
unsigned int mmu_batch_limit(void);

/* The fast path of mmu_batch_pte (owned by mmu_batch.c): while the queue
 * ends with a run of entry writes that may grow, next is where the next
 * request goes and room how many more fit before the batch is full.  The
 * requests written here are counted when mmu_batch.c next looks. */
struct mmu_batch_fast {
    struct mmu_update *next;
    unsigned int room;
};
extern struct mmu_batch_fast mmu_batch_fast;

/* mmu_batch_pte when the fast path cannot take it. */
void mmu_batch_pte_slow(uint64_t maddr, uint64_t val);

/* Queues mmu_update(MMU_NORMAL_PT_UPDATE) of the entry at machine address
 * maddr with val: a few stores while the last run has room; the request
 * that fills the batch goes the slow way, which issues it. */
static inline void mmu_batch_pte(uint64_t maddr, uint64_t val)
{
    struct mmu_batch_fast *fast = &mmu_batch_fast;

    if (fast->room > 1) {
        fast->next->ptr = maddr | MMU_NORMAL_PT_UPDATE;
        fast->next->val = val;
        fast->next++;
        fast->room--;
    } else {
        mmu_batch_pte_slow(maddr, val);
    }
}

/* Queues update_va_mapping(va, pte, uvmf). */
void mmu_batch_va(unsigned long va, uint64_t pte, unsigned long uvmf);

/* Queues mmuext_op cmd with arg1 (an MFN or a linear address) and arg2. */
void mmu_batch_ext(unsigned int cmd, uint64_t arg1, uint64_t arg2);

/* One mmuext op now: a single hypercall if nothing is queued, else queued
 * behind the rest and flushed with it.  Returns its (or the flush's)
 * result.  For lone operations such as a switch of address space. */
long mmu_batch_ext_now(unsigned int cmd, uint64_t arg1, uint64_t arg2);

/* Issues everything queued, counting the flush under `why`.  Returns 0, or
 * the first error since the last flush (also of operations issued directly). */
long mmu_batch_flush(enum mmu_flush_reason why);

/* Number of operations queued and not yet issued. */
unsigned int mmu_batch_pending(void);

/* The counters, and setting them back to zero. */
const struct mmu_batch_stats *mmu_batch_stats(void);
void mmu_batch_stats_reset(void);

/* Prints the counters in one line: "mmu_batch: <label> ops N hypercalls N
 * flushes full N explicit N kind N sizes 1-1:N 2-3:N ... 512:N" (buckets
 * that are empty are left out). */
void mmu_batch_stats_print(const char *label);

#endif
