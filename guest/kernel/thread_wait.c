/*
 * Waiting: sleeps and thread events with timeouts (thread.h).  Both arm
 * the thread's own wake_timer; a thread blocks until the timer fired or
 * what it waits for happened, rechecking after every wake-up.
 */
#include <stddef.h>
#include "kernel/clock.h"
#include "kernel/irq.h"
#include "kernel/sched.h"

/* Timer callback: the thread that owns the timer may run again. */
static void thread_timer_wake(struct timer *timer)
{
    sched_wake((struct thread *)((char *)timer - __builtin_offsetof(struct thread, wake_timer)));
}

/* Blocks until our wake_timer has fired. */
int thread_sleep_until(uint64_t deadline)
{
    struct thread *self = current_thread;
    unsigned int flags;

    if (timers_unavailable() != NULL)
        return -1;
    flags = irq_save();
    timer_start(&self->wake_timer, deadline, thread_timer_wake);
    while (self->wake_timer.armed) {
        self->state = THREAD_BLOCKED;
        schedule();
    }
    irq_restore(flags);
    return 0;
}

/* Relative form. */
int thread_sleep_ns(uint64_t ns)
{
    return thread_sleep_until(clock_monotonic_ns() + ns);
}

/* Sets the flag; the waiter, if any, becomes runnable. */
void thread_event_signal(struct thread_event *ev)
{
    unsigned int flags = irq_save();

    ev->signalled = 1;
    if (ev->waiter != NULL)
        sched_wake(ev->waiter);
    irq_restore(flags);
}

/* evtchn_handler_t adapter. */
void thread_event_port_handler(evtchn_port_t port, void *arg)
{
    (void)port;
    thread_event_signal(arg);
}

/* Blocks until signalled or, with a timeout, until the wake_timer fired. */
int thread_event_wait(struct thread_event *ev, uint64_t timeout_ns)
{
    struct thread *self = current_thread;
    unsigned int flags;
    int got;

    if (events_unavailable() != NULL || (timeout_ns != 0 && timers_unavailable() != NULL))
        return -1;
    flags = irq_save();
    if (timeout_ns != 0)
        timer_start(&self->wake_timer, clock_monotonic_ns() + timeout_ns, thread_timer_wake);
    sched_event_waiter(1);
    ev->waiter = self;
    while (!ev->signalled && (timeout_ns == 0 || self->wake_timer.armed)) {
        self->state = THREAD_BLOCKED;
        schedule();
    }
    ev->waiter = NULL;
    sched_event_waiter(-1);
    timer_stop(&self->wake_timer);
    got = ev->signalled;
    ev->signalled = 0;
    irq_restore(flags);
    return got;
}
