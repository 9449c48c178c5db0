/*
 * Continuations (pv-abi.md §1.4).  A long batch stops part-way and asks to
 * be run again with updated arguments:
 *
 *   return hypercall_continue(HC_mmu_update, uops + i, (count - i) | PREEMPTED, ...);
 *
 * On a plain hypercall the new arguments go into the guest's saved
 * registers, rax becomes the hypercall number and rip steps back over the
 * 2-byte SYSCALL (on the way out), so the guest runs the same call again
 * without noticing.
 * Inside a multicall they go into the current entry instead, and the
 * multicall continues itself from that entry.
 *
 * When to stop: hypercall_preempt_check(), true when an event upcall or a
 * timer deadline is due (looked at every 64 ops), or once n ops have run
 * with the preempt=<n> test option.  At least one op always completes.
 */
#ifndef HV_HYPERCALL_CONTINUATION_H
#define HV_HYPERCALL_CONTINUATION_H

#include <stdint.h>
#include "abi/errno.h"
#include "abi/mmu.h"

/* Sets the preempt=<n> option: stop batches after n ops (0 = never). */
void hypercall_set_preempt_every(unsigned n);

extern unsigned hypercall_preempt_every;

/* Returns 1 if an event upcall or a timer is due (checked every 64 ops). */
int hypercall_work_due(void);

/* Returns the op count at which preempt=<n> stops a batch (n), or no
 * count at all without the option; a batch reads it once, before its loop. */
static inline unsigned hypercall_preempt_limit(void)
{
    return hypercall_preempt_every ? hypercall_preempt_every : ~0u;
}

/* Returns 1 if a batch that has completed `done` ops should stop now;
 * limit is what hypercall_preempt_limit() returned. */
static inline int hypercall_preempt_check(unsigned done, unsigned limit)
{
    if (done >= limit)
        return 1;
    return done && (done & 63) == 0 && hypercall_work_due();
}

/* Records the continuation of hypercall nr with arguments a1..a5; the
 * handler returns what it returns (nr, or -XEN_ERESTART in a multicall). */
long hypercall_continue(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* Tells hypercall_continue that sub-calls now belong to multicall entry e
 * (NULL when the multicall is over). */
void hypercall_set_multicall_entry(struct multicall_entry *e);

#endif
