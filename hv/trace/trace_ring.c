/*
 * Where records go (trace/trace.h): straight to the serial line, or into a
 * ring of trace_ring= records that keeps the newest ones and is printed when
 * the domain ends.
 *
 *   ring: [ oldest ... newest | free ... ]        before it wraps
 *         [ newer ... newest | oldest ... older ]  after: head = next slot
 */
#include "trace/trace.h"
#include "arch/tsc.h"
#include "boot/serial.h"
#include "mm/hv_protect.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "hypercall/hypercall.h"
#include "abi/hypercall.h"
#include "arch/machine.h"
#include "lib/printf.h"

uint8_t trace_mask RO_AFTER_BOOT;
static uint8_t trace_sink;
static struct trace_record *ring;
static uint32_t ring_size;
static uint64_t ring_written;   /* records ever stored; head = written % size */

/* Turns tracing on (see trace/trace.h). */
void trace_init(uint8_t mask, uint8_t sink, uint32_t ring_records)
{
    unsigned calls = 0;

    if (!mask)
        return;
    if (!TRACE_BUILT)
        panic("trace=: this hypervisor was built without the trace (-DPVX_NO_TRACE)");
    trace_sink = sink;
    if (sink == TRACE_TO_RING) {
        uint64_t frames = ((uint64_t)ring_records * sizeof(struct trace_record) + 4095) >> 12;
        uint64_t first = frame_alloc_range(frames);

        if (!first)
            panic("no room for a trace ring of %u records (%lu KiB)", ring_records, frames * 4);
        ring = mfn_to_virt(first);
        ring_size = ring_records;
    }
    trace_mask = mask;
    if (mask & (TRACE_PIN | TRACE_TLB))         /* before the hc wrappers take the table */
        hypercall_table[HC_mmuext_op] = do_mmuext_op_traced;
    if (mask & (TRACE_TYPE | TRACE_VAL))
        calls = trace_calls_redirect();
    if (mask & (TRACE_HC | TRACE_EVT))
        trace_hypercalls_install();
    if (mask & (TRACE_EXC | TRACE_EVT))
        trace_exceptions_install();
    log_info("pvx: trace on (mask 0x%x) to the %s, %u calls redirected\n", mask,
             sink == TRACE_TO_RING ? "ring" : "serial line", calls);
}

/* Prints r as one "trace: " line. */
TRACE_HOOK static void print_record(const struct trace_record *r)
{
    char line[256];
    int n = snprintf(line, sizeof(line), "trace: %lu ", r->ts);

    n += trace_format(r, line + n, sizeof(line) - 1 - (unsigned long)n);
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    serial_write(line, (size_t)n);
}

/* Stores r in the ring (over the oldest record when it is full), or prints it. */
void trace_emit(const struct trace_record *r)
{
    if (trace_sink == TRACE_TO_SERIAL) {
        print_record(r);
        return;
    }
    ring[ring_written % ring_size] = *r;
    ring_written++;
}

/* Prints the ring's records, oldest first, after a line saying how many
 * were overwritten; does nothing when records went to the serial line. */
void trace_ring_dump(void)
{
    uint64_t kept = ring_written < ring_size ? ring_written : ring_size;

    if (trace_sink != TRACE_TO_RING || !ring)
        return;
    if (ring_written > kept) {
        struct trace_record lost = { .ts = rdtsc(), .cat = TC_END, .op = TO_END_LOST,
                                     .v = { ring_written - kept, ring_size } };
        print_record(&lost);
    }
    for (uint64_t i = ring_written - kept; i < ring_written; i++)
        print_record(&ring[i % ring_size]);
}

/* Returns a record of cat and op stamped with the TSC, other fields 0. */
struct trace_record trace_record_now(unsigned cat, unsigned op)
{
    return (struct trace_record){ .ts = rdtsc(), .cat = (uint8_t)cat, .op = (uint8_t)op };
}
