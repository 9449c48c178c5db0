/* Continuations of long hypercalls (hypercall/continuation.h). */
#include "hypercall/continuation.h"
#include "arch/regs.h"
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

/* Stores the continuation's number and arguments; returns -XEN_ERESTART. */
long hypercall_continue(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (multicall_entry) {
        multicall_entry->op = nr;
        multicall_entry->args[0] = a1;
        multicall_entry->args[1] = a2;
        multicall_entry->args[2] = a3;
        multicall_entry->args[3] = a4;
        multicall_entry->args[4] = a5;
    } else {
        struct cpu_regs *r = guest_regs();

        r->rax = nr;
        r->rdi = a1;
        r->rsi = a2;
        r->rdx = a3;
        r->r10 = a4;
        r->r8 = a5;
    }
    return -XEN_ERESTART;
}
