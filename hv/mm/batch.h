/*
 * Running a batched MMU hypercall (mmu_update, mmuext_op) with the "pdone"
 * protocol of pv-abi.md §1.4:
 *
 *   count bit 31 set  -> a continued batch: clear it, and read the total done
 *                        so far from *pdone (if pdone is not NULL)
 *   before each op    -> but the first: stop if preemption is due, write the
 *                        total to *pdone and continue the call from this op
 *   at the end        -> *pdone = that total + the ops done this time
 *
 * so *pdone always ends up counting every op that completed, across
 * continuations; an error stops the batch at the failing op.  A list that
 * is not all in guest space fails at once with -EFAULT.  batch_run is
 * inline so that each hypercall gets its own copy with the op size and the
 * op function known: this loop is what the batched benchmarks measure.
 */
#ifndef HV_MM_BATCH_H
#define HV_MM_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include "hypercall/continuation.h"
#include "mm/guest_access.h"
#include "abi/layout.h"
#include "abi/mmu.h"

struct batch {
    uint32_t n;             /* ops in this invocation */
    uint32_t before;        /* the running total at entry */
};

/* The rare cases of batch_begin and batch_end (mm/batch.c): a foreigndom
 * other than DOMID_SELF, and reading and writing *pdone. */
long batch_check_foreigndom(uint64_t foreigndom);
uint32_t batch_read_done(uint64_t pdone);
void batch_write_done(uint64_t pdone, uint32_t total);

/* Writes the total to *pdone, if the guest gave one (a wild pdone is
 * ignored, as on Xen); returns rc. */
static inline long batch_end(const struct batch *b, uint64_t pdone, uint32_t done, long rc)
{
    if (pdone)
        batch_write_done(pdone, b->before + done);
    return rc;
}

/* Checks foreigndom (as on Xen, only DOMID_SELF names the caller, and
 * DOMID_IO is accepted for its own frames) and that the whole list lies in
 * guest space (-EFAULT before anything is done or *pdone is touched, as Xen
 * does), and reads the running total of a continued batch.  Returns 0,
 * -ESRCH or -EFAULT. */
static inline __attribute__((always_inline)) long
batch_begin(struct batch *b, uint64_t list, uint64_t count, size_t size, uint64_t pdone,
            uint64_t foreigndom)
{
    long rc;

    if ((uint32_t)foreigndom != DOMID_SELF && (rc = batch_check_foreigndom(foreigndom)))
        return rc;
    b->n = (uint32_t)count & ~MMU_UPDATE_PREEMPTED;
    if (!guest_range_ok(list, (uint64_t)b->n * size))
        return -XEN_EFAULT;
    b->before = ((uint32_t)count & MMU_UPDATE_PREEMPTED) && pdone ? batch_read_done(pdone) : 0;
    return 0;
}

/* The entry of a batched hypercall (mmu_update, mmuext_op): the common
 * case, one op of size bytes from the caller itself without pdone, runs
 * one() on it directly (behaving exactly as a batch of one: its result, or
 * -EFAULT if it cannot be read); anything else goes to batch(), the
 * hypercall's out-of-line batch_run. */
static inline __attribute__((always_inline)) long
batch_entry(uint64_t list, uint64_t count, uint64_t pdone, uint64_t foreigndom, size_t size,
            long (*one)(const uint64_t *op),
            long (*batch)(uint64_t list, uint64_t count, uint64_t pdone, uint64_t foreigndom))
{
    uint64_t op[4];

    if ((uint32_t)count == 1 && !pdone && (uint32_t)foreigndom == DOMID_SELF) {
        if (!guest_range_ok(list, size) || load_words_with_fixup(op, list, size))
            return -XEN_EFAULT;
        return one(op);
    }
    return batch(list, count, pdone, foreigndom);
}

/* Runs hypercall nr's batch of count ops of size bytes (a multiple of 8) at
 * guest address list, calling one() for each; returns 0 or the first error
 * (-EFAULT for an unreadable op); when it continues itself, what
 * hypercall_continue returns (hypercall/continuation.h). */
static inline __attribute__((always_inline)) long
batch_run(uint64_t nr, uint64_t list, uint64_t count, uint64_t pdone, uint64_t foreigndom,
          size_t size, long (*one)(const uint64_t *op))
{
    uint64_t op[4];             /* the largest op, mmuext_op, is 24 bytes */
    struct batch b;
    uint32_t i, limit;
    long rc;

    if ((uint32_t)count == MMU_UPDATE_PREEMPTED && list == 0)
        return (int)foreigndom; /* a continuation's final return code */
    if ((rc = batch_begin(&b, list, count, size, pdone, foreigndom)))
        return rc;
    limit = hypercall_preempt_limit();
    for (i = 0; i < b.n; i++) {
        if (hypercall_preempt_check(i, limit)) {
            batch_end(&b, pdone, i, 0);
            return hypercall_continue(nr, list + i * size, (b.n - i) | MMU_UPDATE_PREEMPTED,
                                      pdone, foreigndom, 0);
        }
        if (load_words_with_fixup(op, list + i * size, size)) {
            rc = -XEN_EFAULT;
            break;
        }
        if ((rc = one(op)))
            break;
    }
    return batch_end(&b, pdone, i, rc);
}

#endif
