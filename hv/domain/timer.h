/*
 * The vCPU's timers (pv-abi.md §3.10, §3.14): a single-shot timer
 * (set_timer_op, VCPUOP_set_singleshot_timer) and a periodic one (100 Hz
 * from the start, VCPUOP_set/stop_periodic_timer).  Both raise VIRQ_TIMER
 * (which delivers nothing until the guest binds a port to it).  The APIC
 * timer is armed for the earliest deadline, including that of a
 * SCHEDOP_poll in progress.
 */
#ifndef HV_DOMAIN_TIMER_H
#define HV_DOMAIN_TIMER_H

#include <stdint.h>
#include "arch/tsc.h"

#define DEFAULT_PERIOD_NS 10000000UL    /* 100 Hz */

/* The TSC value of the next deadline (~0 if none): long hypercalls
 * compare it to stop in time (hypercall/continuation.h). */
extern uint64_t timer_next_tsc;

/* Starts the default 100 Hz periodic timer. */
void timer_init(void);

/* Sets (ns > 0, absolute system time) or cancels (0) the single-shot timer. */
void timer_set_singleshot(uint64_t ns);

/* Sets (period > 0) or stops (0) the periodic timer. */
void timer_set_periodic(uint64_t period_ns);

/* Sets (ns > 0) or clears (0) the deadline of a poll in progress. */
void timer_set_poll_deadline(uint64_t ns);

/* Raises VIRQ_TIMER for every timer that has expired and re-arms the APIC
 * timer; returns 1 if the poll deadline has passed. */
int timer_check(void);

/* The APIC timer interrupt: acknowledge, then timer_check(). */
void timer_interrupt(void);

#endif
