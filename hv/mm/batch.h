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
 * continuations; an error stops the batch at the failing op.
 */
#ifndef HV_MM_BATCH_H
#define HV_MM_BATCH_H

#include <stddef.h>
#include <stdint.h>

#define BATCH_OP_MAX 32     /* bytes: the largest op (mmuext_op is 24) */

/* Runs hypercall nr's batch of count ops of size bytes at guest address
 * list, calling one() for each; returns 0 or the first error (-EFAULT for
 * an unreadable op), or -XEN_ERESTART when it continues itself. */
long batch_run(uint64_t nr, uint64_t list, uint64_t count, uint64_t pdone, uint64_t foreigndom,
               size_t size, long (*one)(const void *op));

#endif
