/*
 * The timer list (timer.h).
 *
 *   timer_list -> [t1: 10 ms] -> [t2: 15 ms] -> [t3: 40 ms] -> NULL
 *                  ^ set_timer_op(10 ms): the hypervisor raises VIRQ_TIMER then
 *
 * The list is touched from threads (start, stop) and from the VIRQ handler,
 * so threads change it with events masked.  The hypervisor's timer fires
 * when its own clock passes the deadline; ours is extrapolated from the
 * TSC and may trail it by a little, so a timer that is not yet due by our
 * clock when the VIRQ arrives simply re-arms the hypervisor timer (a
 * deadline in the past fires again at once) until it is.
 */
#include <stddef.h>
#include "abi/vcpu.h"
#include "kernel/clock.h"
#include "kernel/events.h"
#include "kernel/feature.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/irq.h"
#include "kernel/timer.h"

static struct timer *timer_list;
static evtchn_port_t timer_port;
static struct feature timers_feature = FEATURE_INIT("timers");

/* Points the hypervisor's single-shot timer at the first deadline, or
 * cancels it (0) when the list is empty. */
static void timer_program(void)
{
    hypercall_set_timer_op(timer_list != NULL ? timer_list->deadline : 0);
}

/* VIRQ_TIMER: runs every timer whose deadline has passed, then re-arms. */
static void timer_virq(evtchn_port_t port, void *arg)
{
    uint64_t now = clock_monotonic_ns();

    (void)port;
    (void)arg;
    while (timer_list != NULL && timer_list->deadline <= now) {
        struct timer *t = timer_list;

        timer_list = t->next;
        t->armed = 0;
        t->fn(t);
    }
    timer_program();
}

/* Needs events and the clock; stops the periodic timer, binds the VIRQ. */
void timers_init(void)
{
    long rc;

    if (events_unavailable() != NULL || clock_unavailable() != NULL) {
        feature_depends(&timers_feature, events_unavailable() ? events_unavailable()
                                                              : clock_unavailable());
        return;
    }
    rc = hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    if (rc != 0) {
        feature_fail(&timers_feature, "no timers or sleep",
                     "vcpu_op(stop_periodic_timer) failed: %ld", rc);
        return;
    }
    rc = evtchn_bind_virq(VIRQ_TIMER, timer_virq, NULL, &timer_port);
    if (rc != 0) {
        feature_fail(&timers_feature, "no timers or sleep", "bind_virq(VIRQ_TIMER) failed: %ld", rc);
        return;
    }
    feature_ready(&timers_feature);
}

/* NULL when timers work. */
const char *timers_unavailable(void)
{
    return timers_feature.missing;
}

/* The VIRQ_TIMER port. */
uint32_t timer_virq_port(void)
{
    return timer_port;
}

/* Whether the list is non-empty. */
int timer_any_armed(void)
{
    return timer_list != NULL;
}

/* Unlinks t if it is in the list.  Events masked. */
static void timer_unlink(struct timer *t)
{
    for (struct timer **p = &timer_list; *p != NULL; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->armed = 0;
}

/* Inserts in deadline order (after equal deadlines: first come, first
 * fired) and reprograms the hypervisor if t became the first. */
void timer_start(struct timer *t, uint64_t deadline, void (*fn)(struct timer *timer))
{
    unsigned int flags = irq_save();
    struct timer **p = &timer_list;

    if (t->armed)
        timer_unlink(t);
    t->deadline = deadline;
    t->fn = fn;
    t->armed = 1;
    while (*p != NULL && (*p)->deadline <= deadline)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    if (timer_list == t)
        timer_program();
    irq_restore(flags);
}

/* Unlinks t; the hypervisor timer may still fire for it, harmlessly. */
void timer_stop(struct timer *t)
{
    unsigned int flags = irq_save();

    if (t->armed)
        timer_unlink(t);
    irq_restore(flags);
}
