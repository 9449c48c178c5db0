/* Delivery of an IPI to ourselves: unmasked, masked, and per-port masks. */
#include "kernel/irq.h"
#include "kernel/shared_info.h"
#include "tests/guest/events/events_test.h"
#include "tests/guest/lib/test.h"

static volatile int hits;

/* Send with events on; the upcall's bookkeeping afterwards. */
static void test_send_unmasked(evtchn_port_t port)
{
    unsigned long upcalls = events_upcall_count();

    hits = 0;
    test_check("send to our IPI port", evtchn_send(port), 0);
    test_check("the handler ran before send returned", hits, 1);
    test_check("one upcall", events_upcall_count() - upcalls, 1);
    test_check("after the upcall: evtchn_upcall_pending 0", this_vcpu->evtchn_upcall_pending, 0);
    test_check("after the upcall: evtchn_pending_sel 0", this_vcpu->evtchn_pending_sel, 0);
    test_check("after the upcall: the port's pending bit clear", evtchn_is_pending(port), 0);
    test_check("after the upcall: events unmasked again", this_vcpu->evtchn_upcall_mask, 0);
}

/* Send with events masked: pending, delivered by irq_enable(). */
static void test_send_masked(evtchn_port_t port)
{
    hits = 0;
    irq_disable();
    test_check("send with events masked", evtchn_send(port), 0);
    test_check("events masked: no handler yet", hits, 0);
    test_check("events masked: evtchn_upcall_pending 1", this_vcpu->evtchn_upcall_pending, 1);
    test_check("events masked: selector bit of the port's word",
               (this_vcpu->evtchn_pending_sel >> (port / 64)) & 1, 1);
    irq_enable();
    test_check("irq_enable delivers it", hits, 1);
}

/* A masked port: the bit only, then the edge on unmask, coalesced. */
static void test_port_mask(evtchn_port_t port)
{
    hits = 0;
    evtchn_mask(port);
    test_check("send to a masked port", evtchn_send(port), 0);
    test_check("masked port: no handler", hits, 0);
    test_check("masked port: its pending bit is set", evtchn_is_pending(port), 1);
    test_check("masked port: evtchn_upcall_pending stays 0", this_vcpu->evtchn_upcall_pending, 0);
    test_check("send again while masked", evtchn_send(port), 0);
    test_check("EVTCHNOP_unmask", evtchn_unmask(port), 0);
    test_check("unmask delivers the pending event, once", hits, 1);
    test_check("unmask: mask bit clear", evtchn_is_masked(port), 0);
    test_check("unmask of a port that is not pending delivers nothing", evtchn_unmask(port), 0);
    test_check("still one delivery", hits, 1);
}

/* All delivery cases on one IPI port, closed at the end. */
void test_delivery(void)
{
    evtchn_port_t port;

    if (evtchn_bind_ipi(count_event, (void *)&hits, &port) != 0) {
        test_check("bind_ipi", -1, 0);
        return;
    }
    test_send_unmasked(port);
    test_send_masked(port);
    test_port_mask(port);
    test_check("close the IPI port", evtchn_close(port), 0);
}
