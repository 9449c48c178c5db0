/*
 * event_channel_op (32), pv-abi.md §3.13: the domain's ports.  Port 0 is
 * reserved; a new port is the lowest free one.  pvx has one domain and one
 * vCPU, so "interdomain" channels connect two ports of the guest (loopback,
 * alloc_unbound + bind_interdomain with DOMID_SELF), and every binding
 * notifies vCPU 0.
 */
#include "hypercall/hypercall.h"
#include "domain/event.h"
#include "mm/guest_access.h"
#include "abi/event.h"
#include "abi/layout.h"

/* Returns 1 for a domain id that names the caller. */
static int is_self(uint16_t dom)
{
    return dom == DOMID_SELF || dom == 0;
}

/* Returns the lowest free port, or 0 (with none free). */
static uint32_t alloc_port(void)
{
    for (uint32_t p = 1; p < NR_PORTS; p++)
        if (ports[p].state == PORT_CLOSED)
            return p;
    return 0;
}

/* Returns 1 if p is a port number of the domain in state other than closed. */
static int port_open(uint32_t p)
{
    return p > 0 && p < NR_PORTS && ports[p].state != PORT_CLOSED;
}

/* EVTCHNOP_close; returns 0 or -EINVAL. */
static long close_port(uint32_t p)
{
    if (!port_open(p))
        return -XEN_EINVAL;
    if (ports[p].state == PORT_VIRQ)
        event_bind_virq(ports[p].virq, 0);
    if (ports[p].state == PORT_INTERDOMAIN && ports[p].peer != p)
        ports[ports[p].peer] = (struct port){ .state = PORT_UNBOUND, .remote_dom = DOMID_SELF };
    ports[p] = (struct port){ .state = PORT_CLOSED };
    return 0;
}

/* EVTCHNOP_send; returns 0 or -EINVAL. */
static long send(uint32_t p)
{
    if (!port_open(p))
        return -XEN_EINVAL;
    switch (ports[p].state) {
    case PORT_IPI:
        event_set_pending(p);
        return 0;
    case PORT_INTERDOMAIN:
        event_set_pending(ports[p].peer);
        return 0;
    case PORT_UNBOUND:
        return 0;               /* nobody listens yet: dropped */
    default:
        return -XEN_EINVAL;
    }
}

/* EVTCHNOP_status; fills the structure, returns 0 or -errno. */
static long op_status(void *arg)
{
    struct evtchn_status *st = arg;
    uint32_t p = st->port;

    if (!is_self(st->dom))
        return -XEN_ESRCH;
    if (p >= NR_PORTS)
        return -XEN_EINVAL;
    st->vcpu = 0;
    st->u.interdomain.port = 0;
    st->u.interdomain.dom = 0;
    switch (ports[p].state) {
    case PORT_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = 0;
        break;
    case PORT_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.port = ports[p].peer;
        break;
    case PORT_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = ports[p].virq;
        break;
    case PORT_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:
        st->status = EVTCHNSTAT_closed;
    }
    return 0;
}

/* The other commands, each taking its argument structure (copied in, and
 * back out when the command reports something in it). */

/* Opens the lowest free port as p, storing its number in *out; returns 0
 * or -ENOSPC. */
static long open_port(struct port p, uint32_t *out)
{
    if (!(*out = alloc_port()))
        return -XEN_ENOSPC;
    ports[*out] = p;
    return 0;
}

/* EVTCHNOP_bind_virq: only vCPU 0 exists (a per-vCPU VIRQ on another gives
 * -ENOENT, a global one -EINVAL). */
static long op_bind_virq(void *arg)
{
    struct evtchn_bind_virq *a = arg;
    long rc;

    if (a->virq >= NR_VIRQS)
        return -XEN_EINVAL;
    if (a->vcpu != 0)
        return a->virq == VIRQ_TIMER || a->virq == VIRQ_DEBUG ? -XEN_ENOENT : -XEN_EINVAL;
    if (event_virq_port(a->virq))
        return -XEN_EEXIST;
    if ((rc = open_port((struct port){ .state = PORT_VIRQ, .virq = (uint8_t)a->virq }, &a->port)))
        return rc;
    event_bind_virq(a->virq, a->port);
    return 0;
}

static long op_bind_ipi(void *arg)
{
    struct evtchn_bind_ipi *a = arg;

    if (a->vcpu != 0)
        return -XEN_ENOENT;
    return open_port((struct port){ .state = PORT_IPI }, &a->port);
}

static long op_alloc_unbound(void *arg)
{
    struct evtchn_alloc_unbound *a = arg;

    if (!is_self(a->dom) || !is_self(a->remote_dom))
        return -XEN_ESRCH;
    return open_port((struct port){ .state = PORT_UNBOUND, .remote_dom = a->remote_dom }, &a->port);
}

/* EVTCHNOP_bind_interdomain to an unbound port of our own (loopback); the
 * new local port starts pending. */
static long op_bind_interdomain(void *arg)
{
    struct evtchn_bind_interdomain *a = arg;
    uint32_t remote = a->remote_port;
    long rc;

    if (!is_self(a->remote_dom))
        return -XEN_ESRCH;
    if (remote >= NR_PORTS || ports[remote].state != PORT_UNBOUND)
        return -XEN_EINVAL;
    if ((rc = open_port((struct port){ .state = PORT_INTERDOMAIN, .peer = remote }, &a->local_port)))
        return rc;
    ports[remote] = (struct port){ .state = PORT_INTERDOMAIN, .peer = a->local_port };
    event_set_pending(a->local_port);
    return 0;
}

static long op_close(void *arg)
{
    return close_port(((struct evtchn_close *)arg)->port);
}

static long op_send(void *arg)
{
    return send(((struct evtchn_send *)arg)->port);
}

static long op_unmask(void *arg)
{
    uint32_t p = ((struct evtchn_unmask *)arg)->port;

    if (p >= NR_PORTS)
        return -XEN_EINVAL;
    event_unmask(p);
    return 0;
}

static long op_bind_vcpu(void *arg)
{
    struct evtchn_bind_vcpu *a = arg;

    if (!port_open(a->port))
        return -XEN_EINVAL;
    return a->vcpu == 0 ? 0 : -XEN_ENOENT;
}

static const struct {
    long (*run)(void *arg);
    uint8_t size;           /* of the argument structure */
    uint8_t out;            /* copied back on success */
} commands[] = {
    [EVTCHNOP_bind_interdomain] = { op_bind_interdomain, sizeof(struct evtchn_bind_interdomain), 1 },
    [EVTCHNOP_bind_virq]        = { op_bind_virq, sizeof(struct evtchn_bind_virq), 1 },
    [EVTCHNOP_close]            = { op_close, sizeof(struct evtchn_close), 0 },
    [EVTCHNOP_send]             = { op_send, sizeof(struct evtchn_send), 0 },
    [EVTCHNOP_status]           = { op_status, sizeof(struct evtchn_status), 1 },
    [EVTCHNOP_alloc_unbound]    = { op_alloc_unbound, sizeof(struct evtchn_alloc_unbound), 1 },
    [EVTCHNOP_bind_ipi]         = { op_bind_ipi, sizeof(struct evtchn_bind_ipi), 1 },
    [EVTCHNOP_bind_vcpu]        = { op_bind_vcpu, sizeof(struct evtchn_bind_vcpu), 0 },
    [EVTCHNOP_unmask]           = { op_unmask, sizeof(struct evtchn_unmask), 0 },
};

/* event_channel_op(cmd, arg): -ENOSYS for an unknown command, -EFAULT for
 * an unreadable argument, else the command's result. */
long do_event_channel_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t buf[4];
    long rc;

    (void)a3, (void)a4, (void)a5;
    if (cmd >= sizeof(commands) / sizeof(commands[0]) || !commands[cmd].run)
        return -XEN_ENOSYS;
    if (copy_from_guest(buf, arg, commands[cmd].size))
        return -XEN_EFAULT;
    rc = commands[cmd].run(buf);
    if (rc == 0 && commands[cmd].out && copy_to_guest(arg, buf, commands[cmd].size))
        return -XEN_EFAULT;
    return rc;
}
