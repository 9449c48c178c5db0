/*
 * One-shot software timers on the hypervisor's single-shot timer
 * (pv-abi.md §3.10, §3.14).  Armed timers sit in a list sorted by
 * deadline; the hypervisor timer is always set to the first deadline and
 * raises VIRQ_TIMER, whose handler runs every timer that is due.
 */
#ifndef GUEST_KERNEL_TIMER_H
#define GUEST_KERNEL_TIMER_H

#include <stdint.h>

struct timer {
    uint64_t deadline;                  /* absolute system time, ns (clock.h) */
    void (*fn)(struct timer *timer);    /* runs in the upcall, events masked */
    struct timer *next;
    int armed;
};

/* Stops the 100 Hz periodic timer every vCPU starts with and binds
 * VIRQ_TIMER.  Needs events and the clock; prints one line if a hypercall
 * fails. */
void timers_init(void);

/* NULL when timers work, else why not. */
const char *timers_unavailable(void);

/* Arms t to call fn once the clock reaches deadline (re-arms it if it was
 * armed).  A deadline in the past fires at the next upcall. */
void timer_start(struct timer *t, uint64_t deadline, void (*fn)(struct timer *timer));

/* Disarms t; nothing happens if it was not armed or already fired. */
void timer_stop(struct timer *t);

/* 1 if some timer is armed. */
int timer_any_armed(void);

/* The port VIRQ_TIMER is bound to (valid once timers work). */
uint32_t timer_virq_port(void);

#endif
