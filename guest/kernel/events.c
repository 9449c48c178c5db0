/*
 * Event delivery: callback registration, the upcall's scan of the 2-level
 * bitmaps, and per-port handlers (events.h).
 *
 * What the hypervisor set when port p became pending on our vCPU:
 *
 *   evtchn_pending[p/64] bit p%64       the port's own flag
 *   vcpu_info.evtchn_pending_sel bit p/64   "look at word p/64"  } only if the
 *   vcpu_info.evtchn_upcall_pending = 1     "look at the selector" } port is unmasked
 *
 * The scan undoes that from the top: clear upcall_pending first (so an event
 * that arrives during the scan sets it again and we go round once more),
 * take the whole selector at once, then for each selected word handle every
 * pending unmasked port, clearing its bit before its handler runs.
 */
#include <string.h>
#include "kernel/events.h"
#include "kernel/feature.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/irq.h"
#include "kernel/shared_info.h"
#include "kernel/trap.h"

#define BITS_PER_WORD 64

struct port_handler {
    evtchn_handler_t fn;
    void *arg;
};

static struct port_handler port_handlers[NR_EVENT_CHANNELS];
static struct feature events_feature = FEATURE_INIT("events");
static unsigned long upcalls;

/* Masks every port, then registers both callbacks. */
void events_init(void)
{
    struct callback_register event = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)event_callback_entry,
    };
    struct callback_register failsafe = {
        .type = CALLBACKTYPE_failsafe,
        .flags = CALLBACKF_mask_events,
        .address = (uint64_t)failsafe_callback_entry,
    };
    long rc;

    if (shared_info == NULL) {
        feature_depends(&events_feature, shared_info_unavailable());
        return;
    }
    memset(shared_info->evtchn_mask, 0xff, sizeof(shared_info->evtchn_mask));
    rc = hypercall_callback_op(CALLBACKOP_register, &event);
    if (rc == 0)
        rc = hypercall_callback_op(CALLBACKOP_register, &failsafe);
    if (rc != 0) {
        feature_fail(&events_feature, "no event delivery", "callback_op(register) failed: %ld", rc);
        return;
    }
    feature_ready(&events_feature);
}

/* NULL when events work. */
const char *events_unavailable(void)
{
    return events_feature.missing;
}

/* Clears the mask, then lets any hypercall's exit path deliver what is
 * pending (xen_version is the cheapest). */
void irq_enable(void)
{
    if (events_feature.missing != NULL)
        return;
    compiler_barrier();
    this_vcpu->evtchn_upcall_mask = 0;
    compiler_barrier();
    if (this_vcpu->evtchn_upcall_pending)
        hypercall_xen_version(XENVER_version, 0);
}

/* Unmasking forces the delivery; the upcall runs the handlers. */
void events_poll(void)
{
    if (this_vcpu->evtchn_upcall_pending) {
        irq_enable();
        irq_disable();
    }
}

/* Runs the handler of one port whose pending bit we just cleared. */
static void port_dispatch(evtchn_port_t port)
{
    struct port_handler *h = &port_handlers[port];

    if (h->fn != NULL)
        h->fn(port, h->arg);
}

/* The scan of the file comment, repeated while upcall_pending comes back. */
void events_upcall(void)
{
    struct vcpu_info *v = this_vcpu;

    upcalls++;
    do {
        uint64_t sel;

        v->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel != 0) {
            unsigned int word = __builtin_ctzl(sel);
            uint64_t ready = shared_info->evtchn_pending[word] & ~shared_info->evtchn_mask[word];

            sel &= sel - 1;
            while (ready != 0) {
                unsigned int bit = __builtin_ctzl(ready);

                ready &= ready - 1;
                __atomic_fetch_and(&shared_info->evtchn_pending[word], ~(1UL << bit),
                                   __ATOMIC_SEQ_CST);
                port_dispatch(word * BITS_PER_WORD + bit);
            }
        }
    } while (v->evtchn_upcall_pending);
}

/* Upcalls so far. */
unsigned long events_upcall_count(void)
{
    return upcalls;
}

/* Plain store: handlers are read only by the upcall, on this vCPU. */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg)
{
    unsigned int flags = irq_save();

    port_handlers[port % NR_EVENT_CHANNELS] = (struct port_handler){ fn, arg };
    irq_restore(flags);
}

/* Sets the mask bit atomically (the hypervisor reads the word). */
void evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared_info->evtchn_mask[port / BITS_PER_WORD],
                      1UL << (port % BITS_PER_WORD), __ATOMIC_SEQ_CST);
}

/* Clears the pending bit atomically. */
void evtchn_clear(evtchn_port_t port)
{
    __atomic_fetch_and(&shared_info->evtchn_pending[port / BITS_PER_WORD],
                       ~(1UL << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
}

/* Reads the port's bit of one of the bitmaps. */
static int port_bit(const uint64_t *bitmap, evtchn_port_t port)
{
    return (__atomic_load_n(&bitmap[port / BITS_PER_WORD], __ATOMIC_SEQ_CST) >>
            (port % BITS_PER_WORD)) & 1;
}

/* The pending bit. */
int evtchn_is_pending(evtchn_port_t port)
{
    return port_bit(shared_info->evtchn_pending, port);
}

/* The mask bit. */
int evtchn_is_masked(evtchn_port_t port)
{
    return port_bit(shared_info->evtchn_mask, port);
}
