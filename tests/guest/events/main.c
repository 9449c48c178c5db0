/*
 * Event channels and the upcall (pv-abi.md §3.8, §3.13, §4.4), on Xen 4.17
 * (the reference) and on pvx.
 *
 * Delivery: an event sent to ourselves through an IPI port runs its
 * handler before EVTCHNOP_send returns (the upcall comes on the way out of
 * the hypercall); with events masked it waits, with upcall_pending set,
 * until irq_enable(); a masked port gets its pending bit but no upcall
 * until EVTCHNOP_unmask, and two sends while masked are one event.
 * Channels: alloc_unbound + bind_interdomain to ourselves make a loopback
 * pair; status reports each kind of binding; close releases the port (the
 * next bind gets the same number back) and the errors for bad ports.
 * Callbacks: callback_op and set_callbacks accept our entry points and
 * refuse bad ones.  Block and poll: SCHEDOP_block returns at once when an
 * event is pending, SCHEDOP_poll sees a masked pending port and honours
 * its timeout.  A hypervisor that raises upcall_pending for a masked port,
 * loses the edge on unmask, hands out ports in the wrong order or forgets a
 * binding on close fails one of these.
 */
#include "kernel/events.h"
#include "kernel/irq.h"
#include "tests/guest/events/events_test.h"
#include "tests/guest/lib/test.h"

/* Increments the counter in arg. */
void count_event(evtchn_port_t port, void *arg)
{
    (void)port;
    (*(volatile int *)arg)++;
}

int main(void)
{
    if (!test_require("events available (callbacks registered at boot)", events_unavailable()))
        return test_finish();
    irq_enable();   /* take events as they come, not only at scheduling points */
    test_delivery();
    test_channels();
    test_callbacks();
    test_block_and_poll();
    return test_finish();
}
