/* event_channel_op (32), 2-level ABI (pv-abi.md §3.13, §4.4). */
#ifndef ABI_EVENT_H
#define ABI_EVENT_H

#include <stdint.h>

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain  0
#define EVTCHNOP_bind_virq         1
#define EVTCHNOP_bind_pirq         2
#define EVTCHNOP_close             3
#define EVTCHNOP_send              4
#define EVTCHNOP_status            5
#define EVTCHNOP_alloc_unbound     6
#define EVTCHNOP_bind_ipi          7
#define EVTCHNOP_bind_vcpu         8
#define EVTCHNOP_unmask            9

#define EVTCHNSTAT_closed          0
#define EVTCHNSTAT_unbound         1
#define EVTCHNSTAT_interdomain     2
#define EVTCHNSTAT_pirq            3
#define EVTCHNSTAT_virq            4
#define EVTCHNSTAT_ipi             5

#define VIRQ_TIMER                 0
#define VIRQ_DEBUG                 1
#define VIRQ_CONSOLE               2
#define NR_VIRQS                   24

struct evtchn_bind_interdomain { uint16_t remote_dom; uint16_t pad; evtchn_port_t remote_port;
                                 evtchn_port_t local_port; };
struct evtchn_bind_virq { uint32_t virq; uint32_t vcpu; evtchn_port_t port; };
struct evtchn_close { evtchn_port_t port; };
struct evtchn_send { evtchn_port_t port; };
struct evtchn_status {
    uint16_t dom;
    uint16_t pad;
    evtchn_port_t port;
    uint32_t status;
    uint32_t vcpu;
    union {
        struct { uint16_t dom; } unbound;
        struct { uint16_t dom; uint16_t pad; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
struct evtchn_alloc_unbound { uint16_t dom; uint16_t remote_dom; evtchn_port_t port; };
struct evtchn_bind_ipi { uint32_t vcpu; evtchn_port_t port; };
struct evtchn_bind_vcpu { evtchn_port_t port; uint32_t vcpu; };
struct evtchn_unmask { evtchn_port_t port; };

_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "evtchn_bind_interdomain layout");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "evtchn_bind_virq layout");
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status layout");
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "evtchn_alloc_unbound layout");

#endif
