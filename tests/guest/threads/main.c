/*
 * Cooperative threads and the scheduler (guest/kernel/thread.h), on Xen
 * 4.17 and on pvx.
 *
 * Basics: a thread runs when main yields, its result comes back through
 * join, yields alternate strictly between runnable threads.  Storm: 8
 * threads x 1000 yields, every one of them accounted for and every thread
 * joined.  Sleep: threads created in one order wake in deadline order, none
 * before its deadline, and the vCPU blocks in the hypervisor while all of
 * them sleep.  Events: a thread blocked on an event port wakes when the
 * port fires, a timeout expires when it does not, and a signal sent before
 * the wait is not lost.  The threads part needs no hypervisor support; the
 * sleeping and event parts need timers and events.
 *
 * With the argument "deadlock" two threads join each other while main
 * joins one of them: the scheduler must say so and end the guest (status
 * 126), not block forever.
 */
#include <string.h>
#include "kernel/timer.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/threads/threads_test.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "deadlock") == 0)
        run_deadlock();
    test_basics();
    test_storm();
    if (test_require("timers available (for sleeps and event waits)", timers_unavailable())) {
        test_sleep_order();
        test_sleep_past_deadline();
        test_event_wait();
    }
    return test_finish();
}
