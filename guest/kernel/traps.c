/*
 * The virtual IDT (pv-abi.md §3.5): one set_trap_table entry per vector,
 * all pointing at the stubs of trap_entry.S, and the dispatch from a stub
 * to the handler a test or the kernel installed.
 *
 * Every gate masks events on entry (flag 4), so a handler never has an
 * upcall land on top of it; the iret at the end restores the mask the
 * interrupted code had.  "int n" is refused (DPL 0, #GP) for every vector
 * until someone opens it with trap_set_gate(): vectors 3 and 4 get DPL 3
 * because int3 and "int $3"/"int $4" are meant for everybody.
 */
#include <stddef.h>
#include "abi/layout.h"
#include "kernel/crash.h"
#include "kernel/events.h"
#include "kernel/feature.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/trap.h"

static trap_handler_t trap_handlers[TRAP_NR_VECTORS];

static struct feature traps_feature = FEATURE_INIT("traps");

/* The trap_info entry for vector with the given gate flags. */
static struct trap_info trap_gate(unsigned int vector, unsigned int flags)
{
    return (struct trap_info){
        .vector = (uint8_t)vector,
        .flags = (uint8_t)flags,
        .cs = FLAT_KERNEL_CS,
        .address = (uint64_t)(trap_stubs + vector * TRAP_STUB_SIZE),
    };
}

/* Registers all 256 vectors in one call (the table ends with address 0). */
void traps_init(void)
{
    static struct trap_info table[TRAP_NR_VECTORS + 1];
    long rc;

    for (unsigned int v = 0; v < TRAP_NR_VECTORS; v++) {
        unsigned int dpl = (v == TRAP_BP || v == TRAP_OF) ? 3 : 0;

        table[v] = trap_gate(v, dpl | TI_MASK_EVENTS);
    }
    table[TRAP_NR_VECTORS] = (struct trap_info){ 0 };
    rc = hypercall_set_trap_table(table);
    if (rc != 0) {
        feature_fail(&traps_feature, "an exception will end the domain",
                     "set_trap_table failed: %ld", rc);
        return;
    }
    feature_ready(&traps_feature);
}

/* NULL when traps work, else the reason. */
const char *traps_unavailable(void)
{
    return traps_feature.missing;
}

/* Swaps in the new handler. */
trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t fn)
{
    trap_handler_t old = trap_handlers[vector % TRAP_NR_VECTORS];

    trap_handlers[vector % TRAP_NR_VECTORS] = fn;
    return old;
}

/* One entry plus the terminator: set_trap_table leaves other slots alone. */
long trap_set_gate(unsigned int vector, unsigned int dpl, int mask_events)
{
    struct trap_info one[2] = {
        trap_gate(vector, (dpl & TI_DPL_MASK) | (mask_events ? TI_MASK_EVENTS : 0)),
        { 0 },
    };

    return hypercall_set_trap_table(one);
}

/* Upcalls to the event code, exceptions to their handler or a crash report. */
void trap_dispatch(struct trap_frame *frame)
{
    trap_handler_t fn;

    if (frame->vector == TRAP_EVENT) {
        events_upcall();
        return;
    }
    fn = frame->vector < TRAP_NR_VECTORS ? trap_handlers[frame->vector] : NULL;
    if (fn != NULL && fn(frame))
        return;
    crash_report(frame);
}
