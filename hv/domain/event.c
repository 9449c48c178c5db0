/* The 2-level pending and unmask rules (domain/event.h, pv-abi.md §4.4). */
#include "domain/event.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "abi/event.h"

struct port ports[NR_PORTS];
static uint32_t virq_port[NR_VIRQS];

/* Sets bit b of the 64-bit words at w; returns its old value. */
static int test_and_set(volatile uint64_t *w, unsigned b)
{
    int old = (w[b / 64] >> (b % 64)) & 1;

    w[b / 64] |= 1UL << (b % 64);
    return old;
}

/* Returns bit b of the words at w. */
static int test(const volatile uint64_t *w, unsigned b)
{
    return (w[b / 64] >> (b % 64)) & 1;
}

/* Raises the upcall for a newly pending, unmasked port: set its word's
 * selector bit and, if that was new, evtchn_upcall_pending. */
static void raise_upcall(uint32_t port)
{
    struct vcpu_info *vi = vcpu0_info();

    if (!test_and_set(&vi->evtchn_pending_sel, port / 64))
        vi->evtchn_upcall_pending = 1;
}

/* Marks port pending (step 1), and unless it is masked raises the upcall. */
void event_set_pending(uint32_t port)
{
    struct shared_info *s = dom0.shared_info;

    if (test_and_set(s->evtchn_pending, port))
        return;
    if (!test(s->evtchn_mask, port))
        raise_upcall(port);
}

/* Test-and-clears the mask; a pending port is raised again. */
void event_unmask(uint32_t port)
{
    struct shared_info *s = dom0.shared_info;

    if (!test(s->evtchn_mask, port))
        return;
    s->evtchn_mask[port / 64] &= ~(1UL << (port % 64));
    if (test(s->evtchn_pending, port))
        raise_upcall(port);
}

/* Returns 1 if port is pending. */
int event_is_pending(uint32_t port)
{
    return test(dom0.shared_info->evtchn_pending, port);
}

/* Raises virq on its bound port, if any. */
void event_send_virq(unsigned virq)
{
    if (virq < NR_VIRQS && virq_port[virq])
        event_set_pending(virq_port[virq]);
}

/* Records virq's port (0 = unbound); used by event_channel_op. */
void event_bind_virq(unsigned virq, uint32_t port)
{
    virq_port[virq] = port;
}

/* Returns the port virq is bound to, or 0. */
uint32_t event_virq_port(unsigned virq)
{
    return virq_port[virq];
}

/* Returns 1 if an upcall is due. */
int event_upcall_due(void)
{
    struct vcpu_info *vi = vcpu0_info();

    return vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}
