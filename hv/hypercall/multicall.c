/*
 * multicall (13), pv-abi.md §3.4: run a list of hypercalls, each as if the
 * guest had made it, and store each result in its entry.
 *
 *   entry (64 bytes): op | result | args[0..5]
 *
 * A failing entry does not stop the list; a nested multicall fails in its
 * own entry with -EINVAL; iret ends the list with its result.  The call
 * itself returns 0, or -EFAULT when the list cannot be read or a result
 * cannot be written.  When an entry's hypercall continues itself, its new
 * arguments are written back into the entry and the multicall continues
 * from that entry (pv-abi.md §1.4).
 */
#include "hypercall/hypercall.h"
#include "hypercall/continuation.h"
#include "mm/guest_access.h"
#include "abi/hypercall.h"
#include "abi/mmu.h"
#include <stddef.h>

#define ENTRY_SIZE sizeof(struct multicall_entry)

#define LIST_CONTINUE 1     /* run_list: stop here and continue the multicall */

/* Runs one entry; returns its result (-XEN_ERESTART if it continued, with
 * its new op and arguments in *e, which is the multicall entry
 * continuations write to). */
static long run_entry(struct multicall_entry *e)
{
    if (e->op == HC_multicall)
        return -XEN_EINVAL;
    if (e->op == HC_iret) {     /* never returns here, and never continues */
        hypercall_set_multicall_entry(0);
        return hypercall_call(e->op, 0, 0, 0, 0, 0);
    }
    return hypercall_call(e->op, e->args[0], e->args[1], e->args[2], e->args[3], e->args[4]);
}

/* Reads entry at (already range-checked) up to args[4] (args[5] is never
 * used on x86-64).  Returns 0, or non-zero if it cannot be read. */
static int read_entry(struct multicall_entry *e, uint64_t at)
{
    return copy_with_fixup(e, (const void *)at, offsetof(struct multicall_entry, args[5])) != 0;
}

/* Runs entries *next.. n-1 of list through the buffer e; returns 0 when all
 * ran, -EFAULT, or LIST_CONTINUE with *next the entry to continue from. */
static long run_list(uint64_t list, uint32_t n, uint32_t *next, struct multicall_entry *e)
{
    unsigned limit = hypercall_preempt_limit();

    for (uint32_t i = *next; i < n; i++) {
        uint64_t at = list + i * ENTRY_SIZE;
        long result;

        if (hypercall_preempt_check(i, limit)) {
            *next = i;
            return LIST_CONTINUE;
        }
        if (read_entry(e, at))
            return -XEN_EFAULT;
        result = run_entry(e);
        if (result == -XEN_ERESTART) {
            e->result = result;
            *next = i;
            return copy_to_guest(at, e, ENTRY_SIZE) ? -XEN_EFAULT : LIST_CONTINUE;
        }
        if (store_word_with_fixup(at + 8, (uint64_t)result))
            return -XEN_EFAULT;
    }
    return 0;
}

/* multicall(list, nr_calls).  Continuations of the entries' hypercalls go
 * into e while the list runs; the multicall's own goes into the registers. */
long do_multicall(uint64_t list, uint64_t nr_calls, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint32_t n = (uint32_t)nr_calls, next = 0;
    struct multicall_entry e;
    long rc;

    (void)a3, (void)a4, (void)a5;
    if (!guest_range_ok(list, (uint64_t)n * ENTRY_SIZE))
        return -XEN_EFAULT;
    hypercall_set_multicall_entry(&e);
    rc = run_list(list, n, &next, &e);
    hypercall_set_multicall_entry(0);
    if (rc == LIST_CONTINUE)
        return hypercall_continue(HC_multicall, list + next * ENTRY_SIZE, n - next, 0, 0, 0);
    return rc;
}
