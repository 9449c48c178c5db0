/*
 * The guest kernel's own mechanisms, per operation:
 *
 *   thread_switch_round_trip  main yields to a thread that yields straight
 *                             back: two cooperative switches, no hypercall
 *   event_send_to_handler     EVTCHNOP_send on an IPI port to ourselves,
 *                             the upcall on the way out, the handler, and
 *                             HYPERVISOR_iret back
 *   timer_arm_and_fire        a kernel timer due now: set_timer_op,
 *                             SCHEDOP_block, VIRQ_TIMER, the timer callback
 *   iret_round_trip_int3      int3, the bounce frame, the trap stub and C
 *                             dispatch, HYPERVISOR_iret
 *
 * Each needs a kernel service; when the hypervisor did not provide it at
 * boot the line says "unavailable (<why>)" and the suite goes on.
 */
#include <stdio.h>
#include "apps/bench/bench.h"
#include "kernel/clock.h"
#include "kernel/events.h"
#include "kernel/hypercall.h"
#include "kernel/irq.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/trap.h"

#define SWITCHES  10000
#define EVENTS    2000
#define TIMERS    500
#define INT3S     2000

static volatile int stop_pinging;
static volatile unsigned long hits;

/* Prints the "unavailable" line for op if missing is set; returns 1 then. */
static int bench_unavailable(const char *op, const char *missing)
{
    if (missing == NULL)
        return 0;
    printf("bench: %-28s unavailable (%s)\n", op, missing);
    return 1;
}

/* Yields until told to stop. */
static void *ping(void *arg)
{
    (void)arg;
    while (!stop_pinging)
        thread_yield();
    return NULL;
}

/* SWITCHES yields from main, each answered by ping's yield. */
static void bench_thread_switch(void)
{
    struct thread *t = thread_create("ping", ping, NULL);
    uint64_t t0;

    if (t == NULL)
        bench_fail("thread_create", -1);
    thread_yield();                     /* ping starts and yields back */
    t0 = bench_tsc();
    for (int i = 0; i < SWITCHES; i++)
        thread_yield();
    bench_report("thread_switch_round_trip", bench_tsc() - t0, 1, SWITCHES);
    stop_pinging = 1;
    thread_join(t);
}

/* Counts deliveries. */
static void count_hit(evtchn_port_t port, void *arg)
{
    (void)port;
    (void)arg;
    hits++;
}

/* EVENTS sends to our own IPI port with events unmasked. */
static void bench_event_delivery(void)
{
    evtchn_port_t port;
    unsigned int flags;
    uint64_t t0, ticks;
    long rc;

    if (bench_unavailable("event_send_to_handler", events_unavailable()))
        return;
    if ((rc = evtchn_bind_ipi(count_hit, NULL, &port)) != 0)
        bench_fail("bind_ipi", rc);
    hits = 0;
    flags = irq_save();
    irq_enable();
    t0 = bench_tsc();
    for (int i = 0; i < EVENTS; i++)
        evtchn_send(port);
    ticks = bench_tsc() - t0;
    irq_restore(flags);
    evtchn_close(port);
    if (hits != EVENTS)
        bench_fail("event deliveries", (long)hits);
    bench_report("event_send_to_handler", ticks, 1, EVENTS);
}

/* Timer callback. */
static void timer_fired(struct timer *t)
{
    (void)t;
    hits++;
}

/* TIMERS timers due at once, each waited for by blocking. */
static void bench_timer_fire(void)
{
    struct timer t = { 0 };
    unsigned int flags;
    uint64_t t0, ticks;

    if (bench_unavailable("timer_arm_and_fire", timers_unavailable()))
        return;
    hits = 0;
    flags = irq_save();
    t0 = bench_tsc();
    for (int i = 0; i < TIMERS; i++) {
        timer_start(&t, clock_monotonic_ns(), timer_fired);
        while (hits <= (unsigned long)i) {
            hypercall_sched_op(SCHEDOP_block, NULL);
            irq_disable();
        }
    }
    ticks = bench_tsc() - t0;
    irq_restore(flags);
    bench_report("timer_arm_and_fire", ticks, 1, TIMERS);
}

/* Resumes after the int3. */
static int int3_handled(struct trap_frame *f)
{
    (void)f;
    return 1;
}

/* INT3S breakpoints, each handled and returned from. */
static void bench_iret(void)
{
    trap_handler_t old;
    uint64_t t0;

    if (bench_unavailable("iret_round_trip_int3", traps_unavailable()))
        return;
    old = trap_set_handler(TRAP_BP, int3_handled);
    t0 = bench_tsc();
    for (int i = 0; i < INT3S; i++)
        __asm__ volatile("int3" : : : "memory");
    bench_report("iret_round_trip_int3", bench_tsc() - t0, 1, INT3S);
    trap_set_handler(TRAP_BP, old);
}

/* The four, in the order of the file comment. */
void bench_kernel_ops(void)
{
    bench_thread_switch();
    bench_event_delivery();
    bench_timer_fire();
    bench_iret();
}
