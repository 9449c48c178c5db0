/*
 * Hypercall records (trace/trace.h) at no cost when hc is off: with
 * trace=hc (or evt: trace_events.c), trace_hypercalls_install replaces
 * every entry of hypercall_table with the traced wrapper of its number,
 * which times the original handler and records its arguments and result
 * (and the ports it made pending).  syscall_entry
 * and multicall index the same table, so both are traced, and without hc
 * the table and the entry path are exactly as they were.
 *
 *   hypercall_table[nr] --install--> traced_<nr> --> untraced[nr] (the handler)
 *
 * iret does not return to its caller: it is recorded before the call,
 * without rc or dur.  A shutdown does not return either; its end shows in
 * the end record.
 */
#include "trace/trace.h"
#include "hypercall/hypercall.h"
#include "arch/idt.h"
#include "mm/hv_protect.h"
#include "arch/tsc.h"
#include "abi/hypercall.h"

_Static_assert(HC_COUNT == 64, "one traced wrapper per table slot: 4 x 16 below");

static hypercall_fn untraced[HC_COUNT] RO_AFTER_BOOT;
static unsigned multicall_depth;

/* Runs hypercall nr's handler with its arguments and records it (trace=hc)
 * and the ports it made pending (trace=evt); returns the handler's result. */
TRACE_HOOK static long traced_call(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct trace_record r = trace_record_now(TC_HC, nr);
    long rc;

    r.a = multicall_depth ? TRACE_HC_NESTED : 0;
    r.v[0] = a1;
    r.v[1] = a2;
    r.v[2] = a3;
    if (nr == HC_iret) {        /* it does not return: nor do the multicalls around it */
        r.a |= TRACE_HC_NORETURN;
        if (trace_mask & TRACE_HC)
            trace_emit(&r);
        multicall_depth = 0;
    }
    if (trace_mask & TRACE_EVT)
        trace_events_before();
    multicall_depth += nr == HC_multicall;
    rc = untraced[nr](a1, a2, a3, a4, a5);
    multicall_depth -= nr == HC_multicall;
    if (trace_mask & TRACE_EVT)
        trace_events_after();
    if (!(trace_mask & TRACE_HC))
        return rc;
    r.v[3] = rdtsc() - r.ts;
    r.rc = (int32_t)rc;
    if (rc == -XEN_ERESTART || (!multicall_depth && (hv_exit_work & EXIT_WORK_RESTART)))
        r.a |= TRACE_HC_CONTINUED;
    trace_emit(&r);
    return rc;
}

/* traced_0x00 .. traced_0x3f: one wrapper per table slot. */
#define TRACED(nr) \
    static long traced_##nr(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) \
    { return traced_call(nr, a1, a2, a3, a4, a5); }
#define TRACED16(h) \
    TRACED(0x##h##0) TRACED(0x##h##1) TRACED(0x##h##2) TRACED(0x##h##3) \
    TRACED(0x##h##4) TRACED(0x##h##5) TRACED(0x##h##6) TRACED(0x##h##7) \
    TRACED(0x##h##8) TRACED(0x##h##9) TRACED(0x##h##a) TRACED(0x##h##b) \
    TRACED(0x##h##c) TRACED(0x##h##d) TRACED(0x##h##e) TRACED(0x##h##f)
TRACED16(0) TRACED16(1) TRACED16(2) TRACED16(3)

#define WRAPPER16(h) \
    traced_0x##h##0, traced_0x##h##1, traced_0x##h##2, traced_0x##h##3, \
    traced_0x##h##4, traced_0x##h##5, traced_0x##h##6, traced_0x##h##7, \
    traced_0x##h##8, traced_0x##h##9, traced_0x##h##a, traced_0x##h##b, \
    traced_0x##h##c, traced_0x##h##d, traced_0x##h##e, traced_0x##h##f
static const hypercall_fn wrappers[HC_COUNT] = {
    WRAPPER16(0), WRAPPER16(1), WRAPPER16(2), WRAPPER16(3),
};

/* Swaps each handler in hypercall_table for its wrapper (the slots of
 * do_ni_hypercall keep it: they still return -ENOSYS without a record),
 * and sends every iret through the table too: the iret gate and SYSCALL's
 * iret skip their fast path (iret_fast, arch/entry.S), which does not use
 * the table. */
void trace_hypercalls_install(void)
{
    extern char iret_entry_traced[], syscall_full_frame[];
    extern void *iret_next;

    for (unsigned nr = 0; nr < HC_COUNT; nr++) {
        untraced[nr] = hypercall_table[nr];
        if (untraced[nr] != do_ni_hypercall)
            hypercall_table[nr] = wrappers[nr];
    }
    iret_next = syscall_full_frame;
    idt_route_iret((void (*)(void))iret_entry_traced);
}
