/* The kernel's timer list: order, lateness only, stop, past deadlines. */
#include "kernel/clock.h"
#include "kernel/thread.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/timers/timers_test.h"

#define MS NSEC_PER_MSEC

struct probe_timer {
    struct timer timer;
    uint64_t fired_at;          /* clock_monotonic_ns() in the callback */
    int order;                  /* 1 for the first to fire, ... */
};

static int fired;
static struct thread_event all_fired;
static int expected;

/* Callback: note when and in which order; signal when all have fired. */
static void probe_fire(struct timer *t)
{
    struct probe_timer *p = (struct probe_timer *)t;

    p->fired_at = clock_monotonic_ns();
    p->order = ++fired;
    if (fired == expected)
        thread_event_signal(&all_fired);
}

/* Three timers armed out of order fire in deadline order, none early. */
static void test_order(void)
{
    static const int offsets_ms[3] = { 30, 10, 20 };
    static const int want_order[3] = { 3, 1, 2 };
    struct probe_timer p[3] = { 0 };
    uint64_t now = clock_monotonic_ns();

    fired = 0;
    expected = 3;
    for (int i = 0; i < 3; i++)
        timer_start(&p[i].timer, now + offsets_ms[i] * MS, probe_fire);
    test_check("three timers: all fired within 1 s", thread_event_wait(&all_fired, 1000 * MS), 1);
    for (int i = 0; i < 3; i++) {
        test_check("timer fired in deadline order", p[i].order, want_order[i]);
        test_check("timer fired no earlier than its deadline", p[i].fired_at >= p[i].timer.deadline, 1);
    }
}

/* A stopped timer never fires; a past deadline fires at once. */
static void test_stop_and_past(void)
{
    struct probe_timer stopped = { 0 }, past = { 0 };

    fired = 0;
    expected = 1;
    timer_start(&stopped.timer, clock_monotonic_ns() + 5 * MS, probe_fire);
    timer_stop(&stopped.timer);
    test_check("timer_stop: disarmed", stopped.timer.armed, 0);
    test_check("sleep 20 ms", thread_sleep_ns(20 * MS), 0);
    test_check("a stopped timer does not fire", stopped.order, 0);

    timer_start(&past.timer, clock_monotonic_ns() - 5 * MS, probe_fire);
    test_check("a timer in the past fires at the next scheduling point",
               thread_event_wait(&all_fired, 100 * MS), 1);
    test_check("... once", fired, 1);
}

/* Both. */
void test_timer_list(void)
{
    test_order();
    test_stop_and_past();
}
