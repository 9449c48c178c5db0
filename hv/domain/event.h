/*
 * Event channels, 2-level ABI (pv-abi.md §3.13, §4.4): the ports of the
 * domain and the pending/mask bitmaps they share with the guest in
 * shared_info.
 *
 *   port p pending:  evtchn_pending[p/64] bit p%64
 *   port p masked:   evtchn_mask[p/64] bit p%64   (the guest's)
 *   word w has news: vcpu_info.evtchn_pending_sel bit w
 *   upcall due:      vcpu_info.evtchn_upcall_pending && !evtchn_upcall_mask
 */
#ifndef HV_DOMAIN_EVENT_H
#define HV_DOMAIN_EVENT_H

#include <stdint.h>

#define NR_PORTS 1024       /* of the ABI's 4096: plenty for one unikernel */

enum port_state { PORT_CLOSED, PORT_UNBOUND, PORT_INTERDOMAIN, PORT_VIRQ, PORT_IPI };

struct port {
    uint8_t state;          /* enum port_state */
    uint8_t virq;           /* PORT_VIRQ */
    uint16_t remote_dom;    /* PORT_UNBOUND: who may bind to it */
    uint32_t peer;          /* PORT_INTERDOMAIN: the other end (a port of ours) */
};

extern struct port ports[NR_PORTS];

/* Marks port pending and raises the upcall as the 2-level rules say. */
void event_set_pending(uint32_t port);

/* Clears port's mask bit and re-raises it if it is pending. */
void event_unmask(uint32_t port);

/* Returns 1 if port is pending (masked or not). */
int event_is_pending(uint32_t port);

/* Raises virq if a port is bound to it. */
void event_send_virq(unsigned virq);

/* Binds virq to port (0 unbinds) and reads the binding. */
void event_bind_virq(unsigned virq, uint32_t port);
uint32_t event_virq_port(unsigned virq);

/* Returns 1 if an upcall is due: pending and not masked. */
int event_upcall_due(void);

#endif
