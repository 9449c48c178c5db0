/*
 * Ports and bindings: the loopback pair, EVTCHNOP_status of each kind of
 * binding, close, port reuse and the error returns for bad requests.
 */
#include <stddef.h>
#include "abi/errno.h"
#include "abi/layout.h"
#include "kernel/timer.h"
#include "tests/guest/events/events_test.h"
#include "tests/guest/lib/test.h"

static volatile int hits_a, hits_b;

/* EVTCHNOP_status of port; the status field, or the error. */
static long status_of(evtchn_port_t port, struct evtchn_status *st)
{
    long rc = evtchn_status(port, st);

    return rc != 0 ? rc : (long)st->status;
}

/* alloc_unbound(DOMID_SELF) + bind_interdomain: both ends, both ways. */
static void test_loopback(void)
{
    struct evtchn_status st;
    evtchn_port_t a, b;

    test_check("alloc_unbound(remote DOMID_SELF)", evtchn_alloc_unbound(DOMID_SELF, &a), 0);
    test_check("status: unbound", status_of(a, &st), EVTCHNSTAT_unbound);
    test_check("status: unbound, remote domain 0 (us)", st.u.unbound.dom, 0);
    test_check("send on an unbound port is dropped: 0", evtchn_send(a), 0);
    test_check("bind_interdomain(DOMID_SELF, that port)",
               evtchn_bind_interdomain(DOMID_SELF, a, count_event, (void *)&hits_b, &b), 0);
    test_check("the second end is the next port", b, a + 1);
    test_check("bind_interdomain leaves the new end pending: its handler ran on unmask", hits_b, 1);
    hits_b = 0;
    test_check("status of the first end: interdomain", status_of(a, &st), EVTCHNSTAT_interdomain);
    test_check("status: peer domain 0", st.u.interdomain.dom, 0);
    test_check("status: peer port is the second end", st.u.interdomain.port, b);
    test_check("status of the second end: interdomain", status_of(b, &st), EVTCHNSTAT_interdomain);
    test_check("status: peer port is the first end", st.u.interdomain.port, a);

    evtchn_set_handler(a, count_event, (void *)&hits_a);
    test_check("unmask the first end", evtchn_unmask(a), 0);
    test_check("send on the second end", evtchn_send(b), 0);
    test_check("... arrives on the first end", hits_a, 1);
    test_check("... and not on the second", hits_b, 0);
    test_check("send on the first end", evtchn_send(a), 0);
    test_check("... arrives on the second end", hits_b, 1);

    test_check("close the second end", evtchn_close(b), 0);
    test_check("status of the closed end: closed", status_of(b, &st), EVTCHNSTAT_closed);
    test_check("the first end is unbound again", status_of(a, &st), EVTCHNSTAT_unbound);
    test_check("close the first end", evtchn_close(a), 0);
}

/* The VIRQ_TIMER port the kernel bound at boot, and a fresh IPI port. */
static void test_status_kinds(void)
{
    struct evtchn_status st;
    evtchn_port_t ipi, again;

    if (timers_unavailable() == NULL) {
        test_check("status of the VIRQ_TIMER port: virq", status_of(timer_virq_port(), &st),
                   EVTCHNSTAT_virq);
        test_check("status: virq 0 (VIRQ_TIMER)", st.u.virq, VIRQ_TIMER);
        test_check("status: vcpu 0", st.vcpu, 0);
    } else {
        test_skip("status of the VIRQ_TIMER port", timers_unavailable());
    }
    test_check("bind_ipi", evtchn_bind_ipi(count_event, (void *)&hits_a, &ipi), 0);
    test_check("status: ipi", status_of(ipi, &st), EVTCHNSTAT_ipi);
    test_check("status: ipi to vcpu 0", st.vcpu, 0);
    test_check("close the IPI port", evtchn_close(ipi), 0);
    test_check("status after close: closed", status_of(ipi, &st), EVTCHNSTAT_closed);
    test_check("send on a closed port -EINVAL", evtchn_send(ipi), -XEN_EINVAL);
    test_check("bind_ipi again", evtchn_bind_ipi(count_event, (void *)&hits_a, &again), 0);
    test_check("close released the port: the lowest free one comes back", again, ipi);
    test_check("close it", evtchn_close(again), 0);
}

/* Requests the hypervisor must refuse. */
static void test_errors(void)
{
    struct evtchn_status st;
    evtchn_port_t port;

    test_check("bind_virq(VIRQ_TIMER) twice -EEXIST",
               evtchn_bind_virq(VIRQ_TIMER, count_event, (void *)&hits_a, &port),
               timers_unavailable() == NULL ? -XEN_EEXIST : 0);
    test_check("bind_virq(24) -EINVAL", evtchn_bind_virq(NR_VIRQS, NULL, NULL, &port), -XEN_EINVAL);
    test_check("send on port 0 (reserved) -EINVAL", evtchn_send(0), -XEN_EINVAL);
    test_check("send on port 4096 -EINVAL", evtchn_send(4096), -XEN_EINVAL);
    test_check("unmask port 4096 -EINVAL", evtchn_unmask(4096), -XEN_EINVAL);
    test_check("close port 4096 -EINVAL", evtchn_close(4096), -XEN_EINVAL);
    test_check("status of port 0: reserved ports read as closed", status_of(0, &st),
               EVTCHNSTAT_closed);
    test_check("status of port 4096 -EINVAL", status_of(4096, &st), -XEN_EINVAL);
}

/* All channel cases. */
void test_channels(void)
{
    test_loopback();
    test_status_kinds();
    test_errors();
}
