/*
 * The end of a traced domain (trace/trace.h).  machine_exit calls trace_end
 * on every way the run ends: a shutdown, a crash, a panic, and the guest's
 * exit(n).  That last one is normally an "out" to QEMU's exit port, which
 * the hypervisor never sees; while tracing, physdev_op leaves the port
 * closed, so the "out" raises #GP and emulate.c hands it to
 * trace_guest_exit.
 */
#include "trace/trace.h"
#include "domain/domain.h"
#include "arch/machine.h"
#include "arch/regs.h"
#include "abi/console.h"

/* The last tree, an end record, then the ring; only once. */
void trace_end(int status)
{
    static int ended;
    struct trace_record r;

    if (!trace_mask || ended)
        return;
    ended = 1;
    if ((trace_mask & TRACE_PIN) && dom0.l4_mfn)
        trace_tree(dom0.l4_mfn, TREE_END);
    r = trace_record_now(TC_END, TO_END_DOMAIN);
    r.rc = status;
    trace_emit(&r);
    trace_ring_dump();
}

/* "out %al, $0xf4" (E6 F4) or "out %al, %dx" (EE) with dx = 0xf4, from a
 * guest with IOPL >= 1: ends the run with status al, as the port would. */
void trace_guest_exit(const struct cpu_regs *r, const uint8_t *b, unsigned n)
{
    int to_exit_port = (n >= 2 && b[0] == 0xe6 && b[1] == DEBUG_EXIT_PORT) ||
                       (n >= 1 && b[0] == 0xee && (r->rdx & 0xffff) == DEBUG_EXIT_PORT);

    if (trace_mask && to_exit_port && dom0.iopl >= 1)
        machine_exit((uint8_t)r->rax);
}
