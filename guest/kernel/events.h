/*
 * Event channels, 2-level ABI (pv-abi.md §3.13, §4.4): ports, their
 * handlers, and the upcall that runs them.
 *
 * A port's handler runs inside the upcall: events masked, on the stack of
 * whatever was interrupted.  Keep handlers short (count, wake a thread,
 * fire a timer) and never print or switch threads from one.
 *
 * A port is masked (its bit in shared_info.evtchn_mask) unless it has a
 * handler: events_init() masks all 4096, a bind with a handler unmasks.
 *
 * When handlers run.  The kernel keeps events masked (irq.h) while code
 * runs, as the hypervisor started us, and takes them at scheduling points:
 * whenever the scheduler runs (events_poll) and while the vCPU is blocked
 * in the hypervisor.  A handler therefore never interrupts newlib, malloc
 * or a half-printed line; code that wants events as they come opens a
 * section with irq_enable() ... irq_disable().  Cooperative threads switch
 * only at those points anyway, so nothing waits longer for it.
 */
#ifndef GUEST_KERNEL_EVENTS_H
#define GUEST_KERNEL_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include "abi/event.h"

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *arg);

/* Masks every port and registers the event and failsafe callbacks with
 * callback_op; events stay masked (see above).  Prints one line and leaves
 * events unavailable if shared_info or a registration failed. */
void events_init(void);

/* Runs the handlers of whatever is pending, then masks events again.
 * Call with events masked; does nothing when nothing is pending. */
void events_poll(void);

/* NULL when events are delivered, else why not. */
const char *events_unavailable(void);

/* The upcall: scans the pending bitmaps and runs each port's handler.
 * Called by trap_dispatch() with events masked. */
void events_upcall(void);

/* Upcalls taken since boot. */
unsigned long events_upcall_count(void);

/* Sets the handler of port (NULL: none; events on it are then dropped). */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg);

/* Binding.  Each stores the new port in *port and returns 0, or returns
 * -errno with nothing bound.  With a handler the port is unmasked at once;
 * with fn == NULL it stays masked (for polling, or a handler set later). */
long evtchn_bind_virq(uint32_t virq, evtchn_handler_t fn, void *arg, evtchn_port_t *port);
long evtchn_bind_ipi(evtchn_handler_t fn, void *arg, evtchn_port_t *port);
long evtchn_bind_interdomain(uint16_t remote_dom, evtchn_port_t remote_port,
                             evtchn_handler_t fn, void *arg, evtchn_port_t *port);

/* A port that remote_dom (DOMID_SELF: ourselves, for a loopback) may bind
 * to.  No handler, masked.  0 or -errno. */
long evtchn_alloc_unbound(uint16_t remote_dom, evtchn_port_t *port);

/* EVTCHNOP_send: 0 or -errno. */
long evtchn_send(evtchn_port_t port);

/* EVTCHNOP_unmask (a pending event is delivered on the way back): 0 or
 * -errno. */
long evtchn_unmask(evtchn_port_t port);

/* Sets the port's mask bit: no upcall for it until evtchn_unmask().  This
 * and the three below work on shared_info and need it mapped. */
void evtchn_mask(evtchn_port_t port);

/* Clears the port's pending bit (an event not yet delivered is dropped). */
void evtchn_clear(evtchn_port_t port);

/* Whether the port's pending / mask bit is set in shared_info. */
int evtchn_is_pending(evtchn_port_t port);
int evtchn_is_masked(evtchn_port_t port);

/* Masks the port, forgets its handler and closes it: 0 or -errno. */
long evtchn_close(evtchn_port_t port);

/* EVTCHNOP_status of one of our ports into *st: 0 or -errno. */
long evtchn_status(evtchn_port_t port, struct evtchn_status *st);

#endif
