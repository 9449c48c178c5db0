/*
 * Event channel operations (events.h): binding, sending, unmasking,
 * closing and status, each one EVTCHNOP through event_channel_op.
 */
#include <stddef.h>
#include "abi/layout.h"
#include "kernel/events.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/shared_info.h"

/* Gives a freshly bound port its handler and, if it has one, unmasks it. */
static long port_bound(evtchn_port_t port, evtchn_handler_t fn, void *arg, evtchn_port_t *out)
{
    evtchn_set_handler(port, fn, arg);
    *out = port;
    return fn != NULL ? evtchn_unmask(port) : 0;
}

/* EVTCHNOP_bind_virq on vCPU 0. */
long evtchn_bind_virq(uint32_t virq, evtchn_handler_t fn, void *arg, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &op);

    return rc != 0 ? rc : port_bound(op.port, fn, arg, port);
}

/* EVTCHNOP_bind_ipi to vCPU 0 (ourselves). */
long evtchn_bind_ipi(evtchn_handler_t fn, void *arg, evtchn_port_t *port)
{
    struct evtchn_bind_ipi op = { .vcpu = 0 };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &op);

    return rc != 0 ? rc : port_bound(op.port, fn, arg, port);
}

/* EVTCHNOP_bind_interdomain to remote_port of remote_dom. */
long evtchn_bind_interdomain(uint16_t remote_dom, evtchn_port_t remote_port,
                             evtchn_handler_t fn, void *arg, evtchn_port_t *port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote_dom, .remote_port = remote_port };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    return rc != 0 ? rc : port_bound(op.local_port, fn, arg, port);
}

/* EVTCHNOP_alloc_unbound for ourselves. */
long evtchn_alloc_unbound(uint16_t remote_dom, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote_dom };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc != 0 ? rc : port_bound(op.port, NULL, NULL, port);
}

/* EVTCHNOP_send. */
long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_send, &op);
}

/* EVTCHNOP_unmask. */
long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_unmask, &op);
}

/* Mask and clear first, so nothing is delivered for the port once it is
 * gone and its next binding starts without a stale pending bit. */
long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    if (shared_info != NULL) {
        evtchn_mask(port);
        evtchn_clear(port);
    }
    evtchn_set_handler(port, NULL, NULL);
    return hypercall_event_channel_op(EVTCHNOP_close, &op);
}

/* EVTCHNOP_status with dom = DOMID_SELF. */
long evtchn_status(evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = DOMID_SELF, .port = port };
    return hypercall_event_channel_op(EVTCHNOP_status, st);
}
