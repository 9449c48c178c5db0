/* Sleep ordering and waiting on event ports. */
#include "kernel/clock.h"
#include "kernel/events.h"
#include "kernel/thread.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/threads/threads_test.h"

#define MS NSEC_PER_MSEC
#define SLEEPERS 5

struct sleeper {
    uint64_t deadline;
    uint64_t woke_at;
};

static int wake_order[SLEEPERS], woken;
static struct sleeper sleepers[SLEEPERS];

/* Sleeps until its deadline, then notes when and in which order it woke. */
static void *sleep_then_report(void *arg)
{
    struct sleeper *s = arg;

    thread_sleep_until(s->deadline);
    s->woke_at = clock_monotonic_ns();
    wake_order[woken++] = (int)(s - sleepers);
    return NULL;
}

/* Five sleepers created in one order wake in deadline order. */
void test_sleep_order(void)
{
    static const int offsets_ms[SLEEPERS] = { 50, 10, 40, 20, 30 };
    static const int want[SLEEPERS] = { 1, 3, 4, 2, 0 };
    struct thread *t[SLEEPERS];
    unsigned long blocks = sched_idle_blocks();
    uint64_t now = clock_monotonic_ns();
    int in_order = 1, on_time = 1;

    woken = 0;
    for (int i = 0; i < SLEEPERS; i++) {
        sleepers[i].deadline = now + offsets_ms[i] * MS;
        t[i] = thread_create("sleeper", sleep_then_report, &sleepers[i]);
    }
    for (int i = 0; i < SLEEPERS; i++)
        thread_join(t[i]);
    for (int i = 0; i < SLEEPERS; i++) {
        in_order &= wake_order[i] == want[i];
        on_time &= sleepers[i].woke_at >= sleepers[i].deadline;
    }
    test_check("sleepers: all five woke", woken, SLEEPERS);
    test_check("sleepers woke in deadline order (10, 20, 30, 40, 50 ms)", in_order, 1);
    test_check("no sleeper woke before its deadline", on_time, 1);
    test_check("the vCPU blocked in the hypervisor while all slept", sched_idle_blocks() > blocks, 1);
}

static int late_thread_ran;

/* Notes that it ran. */
static void *note_run(void *arg)
{
    (void)arg;
    late_thread_ran = 1;
    return NULL;
}

/* A sleep whose deadline has already passed: the timer's event is handled
 * inside schedule() and wakes the sleeper there.  It must be queued once
 * only: a thread created afterwards runs at the next yield. */
void test_sleep_past_deadline(void)
{
    struct thread *t;

    test_check("sleep until a deadline that has passed", thread_sleep_until(clock_monotonic_ns() - MS), 0);
    late_thread_ran = 0;
    t = thread_create("late", note_run, NULL);
    thread_yield();
    test_check("... then a new thread runs at the next yield", late_thread_ran, 1);
    thread_join(t);
}

struct waiter {
    struct thread_event ev;
    int result;
    uint64_t timeout;
};

/* Waits on its event with its timeout and keeps the result. */
static void *wait_event(void *arg)
{
    struct waiter *w = arg;

    w->result = thread_event_wait(&w->ev, w->timeout);
    return NULL;
}

/* Port wake-up, timeout, and a signal that comes before the wait. */
void test_event_wait(void)
{
    struct waiter w = { .result = -2 };
    struct thread *t;
    evtchn_port_t port;
    uint64_t start;

    test_check("bind an IPI port to a thread event",
               evtchn_bind_ipi(thread_event_port_handler, &w.ev, &port), 0);
    t = thread_create("waiter", wait_event, &w);
    thread_yield();
    test_check("the waiter blocks on the event", t->state, THREAD_BLOCKED);
    test_check("send on the port", evtchn_send(port), 0);
    thread_join(t);
    test_check("the port's event woke the waiter", w.result, 1);

    w = (struct waiter){ .result = -2, .timeout = 10 * MS };
    start = clock_monotonic_ns();
    t = thread_create("waiter", wait_event, &w);
    thread_join(t);
    test_check("with no event, the wait times out", w.result, 0);
    test_check("... after at least 10 ms", clock_monotonic_ns() - start >= 10 * MS, 1);

    w = (struct waiter){ .result = -2 };
    test_check("send before anyone waits", evtchn_send(port), 0);
    thread_yield();
    t = thread_create("waiter", wait_event, &w);
    thread_join(t);
    test_check("an event that came before the wait is not lost", w.result, 1);
    evtchn_close(port);
}
