/*
 * Event records (trace=evt) without a hook in the event code: the traced
 * hypercall wrappers (trace_hypercall.c) and the traced exception handler
 * (trace_hooks.c) bracket everything the hypervisor does for the guest, and
 * the ports that became pending in between are found by comparing the
 * pending bitmap with what the trace saw last:
 *
 *   trace_events_before   seen &= pending    (forget what the guest consumed)
 *   ... a hypercall, an exception or an interrupt (nested ones too) ...
 *   trace_events_after    a record for each bit of pending & ~seen;
 *                         seen = pending
 *
 * A record is stamped when its handler ends, not when the bit was set, and a
 * port made pending and cleared again inside one handler (a send and a close
 * in one multicall) leaves no record.
 */
#include "trace/trace.h"
#include "domain/domain.h"
#include "domain/event.h"
#include "abi/shared_info.h"

static uint64_t seen[NR_PORTS / 64];

/* Forgets the pending bits the guest has cleared since the trace looked.
 * Before the domain is built (an exception while booting) there is nothing
 * to look at. */
void trace_events_before(void)
{
    const volatile uint64_t *pending;

    if (!dom0.shared_info)
        return;
    pending = dom0.shared_info->evtchn_pending;
    for (unsigned w = 0; w < NR_PORTS / 64; w++)
        seen[w] &= pending[w];
}

/* Emits a record for each port that became pending since the trace looked
 * (a: 1 if it is masked, so no upcall was raised for it); nothing before
 * the domain is built. */
void trace_events_after(void)
{
    const volatile uint64_t *pending, *mask;

    if (!dom0.shared_info)
        return;
    pending = dom0.shared_info->evtchn_pending;
    mask = dom0.shared_info->evtchn_mask;
    for (unsigned w = 0; w < NR_PORTS / 64; w++) {
        uint64_t now = pending[w], fresh = now & ~seen[w];

        seen[w] = now;
        while (fresh) {
            unsigned bit = (unsigned)__builtin_ctzl(fresh);
            struct trace_record r = trace_record_now(TC_EVT, TO_EVT_PENDING);

            fresh &= fresh - 1;
            r.a = (uint8_t)((mask[w] >> bit) & 1);
            r.v[0] = w * 64 + bit;
            trace_emit(&r);
        }
    }
}
