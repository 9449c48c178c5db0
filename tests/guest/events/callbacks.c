/*
 * Registering the callbacks (§3.8) and blocking/polling with events
 * (§3.10): the hypervisor must take our entry points again through both
 * calls, refuse bad ones, and wake a blocked or polling vCPU correctly.
 */
#include <stddef.h>
#include "abi/errno.h"
#include "abi/sched.h"
#include "kernel/clock.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/irq.h"
#include "kernel/trap.h"
#include "tests/guest/events/events_test.h"
#include "tests/guest/lib/test.h"

#define NON_CANONICAL 0x0000800000000000UL

static volatile int hits;

/* callback_op(register) of type/address/flags. */
static long register_callback(unsigned int type, unsigned long address, unsigned int flags)
{
    struct callback_register cb = { .type = type, .flags = flags, .address = address };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

/* Sends on an IPI port and reports whether the handler ran. */
static int delivered(evtchn_port_t port)
{
    hits = 0;
    evtchn_send(port);
    return hits;
}

/* Re-registration through both calls, and the refusals. */
void test_callbacks(void)
{
    struct callback_unregister un = { .type = CALLBACKTYPE_event };
    evtchn_port_t port;

    if (evtchn_bind_ipi(count_event, (void *)&hits, &port) != 0) {
        test_check("bind_ipi", -1, 0);
        return;
    }
    test_check("set_callbacks(event, failsafe, 0)",
               hypercall_set_callbacks((unsigned long)event_callback_entry,
                                       (unsigned long)failsafe_callback_entry, 0), 0);
    test_check("events still delivered after set_callbacks", delivered(port), 1);
    test_check("callback_op(register event) again", register_callback(CALLBACKTYPE_event,
               (unsigned long)event_callback_entry, 0), 0);
    test_check("events still delivered", delivered(port), 1);
    test_check("callback_op(register event, non-canonical) -EINVAL",
               register_callback(CALLBACKTYPE_event, NON_CANONICAL, 0), -XEN_EINVAL);
    test_check("callback_op(register, type 3 sysenter_deprecated) -ENOSYS",
               register_callback(3, (unsigned long)event_callback_entry, 0), -XEN_ENOSYS);
    test_check("callback_op(register, type 99) -ENOSYS",
               register_callback(99, (unsigned long)event_callback_entry, 0), -XEN_ENOSYS);
    test_check("callback_op(unregister event) -EINVAL",
               hypercall_callback_op(CALLBACKOP_unregister, &un), -XEN_EINVAL);
    test_check("callback_op(7) -ENOSYS", hypercall_callback_op(7, &un), -XEN_ENOSYS);
    test_check("events still delivered after the refusals", delivered(port), 1);
    evtchn_close(port);
}

/* Block with an event pending; poll a masked port; poll with a timeout. */
void test_block_and_poll(void)
{
    struct sched_poll poll = { .nr_ports = 1 };
    evtchn_port_t port;
    uint64_t start;

    if (evtchn_bind_ipi(count_event, (void *)&hits, &port) != 0) {
        test_check("bind_ipi", -1, 0);
        return;
    }
    poll.ports = (uint64_t)&port;
    hits = 0;
    irq_disable();
    evtchn_send(port);
    test_check("SCHEDOP_block with an event pending returns", hypercall_sched_op(SCHEDOP_block, 0), 0);
    test_check("... after running the handler", hits, 1);
    test_check("... with events unmasked (block clears the mask)", this_vcpu->evtchn_upcall_mask, 0);

    evtchn_mask(port);
    evtchn_send(port);
    test_check("SCHEDOP_poll on a masked pending port returns 0 at once",
               hypercall_sched_op(SCHEDOP_poll, &poll), 0);
    test_check("poll does not consume the pending bit", evtchn_is_pending(port), 1);
    evtchn_clear(port);
    if (clock_unavailable() != NULL) {
        test_skip("SCHEDOP_poll with a timeout", clock_unavailable());
    } else {
        start = clock_monotonic_ns();
        poll.timeout = start + 5 * NSEC_PER_MSEC;
        test_check("SCHEDOP_poll with a 5 ms timeout, nothing pending",
                   hypercall_sched_op(SCHEDOP_poll, &poll), 0);
        test_check("... returned no earlier than the timeout", clock_monotonic_ns() >= poll.timeout, 1);
    }
    poll.nr_ports = 129;
    test_check("SCHEDOP_poll with 129 ports -EINVAL", hypercall_sched_op(SCHEDOP_poll, &poll), -XEN_EINVAL);
    evtchn_close(port);
}
