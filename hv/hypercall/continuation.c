/* Continuations of long hypercalls (hypercall/continuation.h). */
#include "hypercall/continuation.h"
#include "arch/regs.h"
#include "hypercall/hypercall.h"
#include "arch/tsc.h"
#include "domain/event.h"
#include "domain/timer.h"

unsigned hypercall_preempt_every;
static struct multicall_entry *multicall_entry;

/* Sets the test option preempt=<n>. */
void hypercall_set_preempt_every(unsigned n)
{
    hypercall_preempt_every = n;
}

/* Returns 1 if an event upcall is due or the next timer deadline passed. */
int hypercall_work_due(void)
{
    return event_upcall_due() || rdtsc() >= timer_next_tsc;
}

/* Points continuations at a multicall entry (or back at the registers). */
void hypercall_set_multicall_entry(struct multicall_entry *e)
{
    multicall_entry = e;
}

/* Stores the continuation's number and arguments.  In a multicall entry it
 * returns -XEN_ERESTART for do_multicall to see; on a plain hypercall it
 * returns nr, which syscall_entry stores as rax, and leaves stepping rip
 * back to the exit work (hypercall_exit_work), so the fast path needs no
 * test for it. */
long hypercall_continue(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct cpu_regs *r = guest_regs();

    if (multicall_entry) {
        multicall_entry->op = nr;
        multicall_entry->args[0] = a1;
        multicall_entry->args[1] = a2;
        multicall_entry->args[2] = a3;
        multicall_entry->args[3] = a4;
        multicall_entry->args[4] = a5;
        return -XEN_ERESTART;
    }
    r->rdi = a1;
    r->rsi = a2;
    r->rdx = a3;
    r->r10 = a4;
    r->r8 = a5;
    hv_exit_work |= EXIT_WORK_RESTART;
    return (long)nr;
}
