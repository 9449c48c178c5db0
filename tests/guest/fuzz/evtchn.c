/*
 * Fuzzing event_channel_op (pv-abi.md §3.13).  The fuzzer opens ports of
 * its own (unbound, IPI, VIRQ, loopback interdomain), sends to them,
 * unmasks them (the kernel has no handler for them, so their upcalls are
 * dropped), closes them, and asks the status of any port.  The kernel's
 * own ports are never closed: closes go to the fuzzer's ports or to port
 * numbers past the last.  Every port a call opened is remembered from its
 * result, so they can be used and closed later.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "abi/event.h"

#define EVENT_PORTS     1024
#define MAX_OWN         32
#define DOMID_SELF_ID   DOMID_SELF

static uint32_t own[MAX_OWN];
static unsigned nr_own;

/* Remembers the port a successful open wrote at ctx[0] + ctx[1]. */
static void check_opened(const struct fuzz_call *c, long rc)
{
    uint32_t port = *(volatile uint32_t *)(c->ctx[0] + c->ctx[1]);

    if (rc != 0)
        return;
    if (port == 0 || port >= EVENT_PORTS) {
        fuzz_fail("%s: opened port %u", c->what, port);
    } else if (nr_own < MAX_OWN) {
        own[nr_own++] = port;
    } else {            /* no room to remember it: close it at once */
        uint64_t arg[5] = { EVTCHNOP_close, (uint64_t)&port };

        record_result(HC_event_channel_op, fuzz_issue(HC_event_channel_op, arg));
    }
}

/* One of our ports, or 0 if we have none. */
static uint32_t own_port(void)
{
    return nr_own ? own[rng_below(nr_own)] : 0;
}

/* Takes one of our ports out of the list (it is about to be closed). */
static uint32_t own_port_take(void)
{
    unsigned i = (unsigned)rng_below(nr_own);
    uint32_t port = own[i];

    own[i] = own[--nr_own];
    return port;
}

/* An open command: its argument, filled; ctx tells check_opened where the
 * new port will be. */
static void gen_open(struct fuzz_call *c, uint32_t *a)
{
    unsigned cmd = (unsigned)rng_below(4);
    unsigned long at = 0;

    switch (cmd) {
    case 0:
        a[0] = DOMID_SELF_ID | ((rng_chance(80) ? DOMID_SELF_ID : 0) << 16);
        call_set(c, HC_event_channel_op, EVTCHNOP_alloc_unbound, (uint64_t)a, 0, 0, 0, "alloc_unbound");
        at = 4;
        break;
    case 1:
        a[0] = rng_chance(90) ? 0 : 1 + (uint32_t)rng_below(100);
        call_set(c, HC_event_channel_op, EVTCHNOP_bind_ipi, (uint64_t)a, 0, 0,
                 a[0] ? ERR(ENOENT) | ERR(EINVAL) : 0, "bind_ipi");
        at = 4;
        break;
    case 2:
        a[0] = rng_chance(90) ? 1 + (uint32_t)rng_below(NR_VIRQS - 1) : NR_VIRQS + (uint32_t)rng_below(1000);
        a[1] = rng_chance(90) ? 0 : 1 + (uint32_t)rng_below(100);
        call_set(c, HC_event_channel_op, EVTCHNOP_bind_virq, (uint64_t)a, 0, 0,
                 a[0] >= NR_VIRQS || a[1] ? ERR(EINVAL) | ERR(ENOENT) | ERR(EEXIST) : 0, "bind_virq");
        at = 8;
        break;
    default:
        a[0] = DOMID_SELF_ID;
        a[1] = rng_chance(80) ? own_port() : (uint32_t)rng_next();
        call_set(c, HC_event_channel_op, EVTCHNOP_bind_interdomain, (uint64_t)a, 0, 0, 0,
                 "bind_interdomain (loopback)");
        at = 8;
        break;
    }
    c->check = check_opened;
    c->ctx[0] = (uint64_t)a;
    c->ctx[1] = at;
}

/* event_channel_op: open, use and close our ports; status of any; bad
 * ports, pointers and commands. */
void gen_event_channel(struct fuzz_call *c)
{
    uint32_t *a = arena_alloc(24);
    unsigned pick = (unsigned)rng_below(12);

    if (!a)
        return call_set(c, HC_event_channel_op, 99, 0, 0, 0, ERR(ENOSYS), "evtchn unknown");
    for (unsigned i = 0; i < 6; i++)
        a[i] = 0;
    if (pick < 3 && nr_own < MAX_OWN)
        return gen_open(c, a);
    switch (pick) {
    case 3:
        if (!nr_own)
            break;
        a[0] = own_port_take();
        return call_set(c, HC_event_channel_op, EVTCHNOP_close, (uint64_t)a, 0, 0, MAY_SUCCEED, "close");
    case 4:
        a[0] = own_port();
        return call_set(c, HC_event_channel_op, EVTCHNOP_send, (uint64_t)a, 0, 0,
                        a[0] ? 0 : ERR(EINVAL), "send");
    case 5:     /* port 0 exists, but is never bound */
        a[0] = own_port();
        return call_set(c, HC_event_channel_op, EVTCHNOP_unmask, (uint64_t)a, 0, 0, MAY_SUCCEED,
                        "unmask");
    case 6:
        a[0] = own_port();
        a[1] = rng_chance(80) ? 0 : 1 + (uint32_t)rng_below(100);
        return call_set(c, HC_event_channel_op, EVTCHNOP_bind_vcpu, (uint64_t)a, 0, 0,
                        a[0] == 0 ? ERR(EINVAL) : a[1] ? ERR(ENOENT) | ERR(EINVAL) : 0, "bind_vcpu");
    case 7:
        a[0] = rng_chance(90) ? DOMID_SELF_ID : 1 + (uint32_t)rng_below(0x7fef);
        a[1] = (uint32_t)rng_below(EVENT_PORTS + 16);
        return call_set(c, HC_event_channel_op, EVTCHNOP_status, (uint64_t)a, 0, 0,
                        a[0] != DOMID_SELF_ID ? ERR(ESRCH) : a[1] >= EVENT_PORTS ? ERR(EINVAL) : 0,
                        "status");
    case 8:
        a[0] = EVENT_PORTS + (uint32_t)rng_below(1u << 31);
        return call_set(c, HC_event_channel_op, EVTCHNOP_close + rng_below(2) * 6, (uint64_t)a, 0, 0,
                        ERR(EINVAL), "close/unmask of a port past the last");
    case 9:
        return call_set(c, HC_event_channel_op, rng_below(10), bad_read_ptr(), 0, 0,
                        ERR(EFAULT) | ERR(ENOSYS), "event_channel_op from a bad pointer");
    case 10:    /* an open whose result cannot be written back (the port leaks, as on Xen) */
        return call_set(c, HC_event_channel_op, EVTCHNOP_alloc_unbound + rng_below(2),
                        rng_chance(10) ? bad_write_ptr() : bad_read_ptr(), 0, 0,
                        ERR(EFAULT) | ERR(EINVAL) | ERR(ESRCH) | ERR(ENOSPC) | ERR(ENOENT),
                        "open into an unwritable argument");
    default:
        break;
    }
    call_set(c, HC_event_channel_op, rng_chance(50) ? EVTCHNOP_bind_pirq : 10 + rng_below(1u << 31),
             (uint64_t)a, 0, 0, ERR(ENOSYS) | ERR(EPERM) | ERR(EINVAL), "event_channel_op left out");
}
