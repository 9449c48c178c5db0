/*
 * Time and timers (pv-abi.md §3.10, §3.14, §4.3), on Xen 4.17 (the
 * reference) and on pvx.
 *
 * Clocks: the monotonic clock built from vcpu_time_info never goes back and
 * advances with the hypervisor's timers; the wall clock is a plausible date
 * and newlib's gettimeofday/time/clock_gettime/clock agree with it.  The
 * hypervisor's one-shot timer, armed through set_timer_op and through
 * VCPUOP_set_singleshot_timer, raises VIRQ_TIMER no earlier than its
 * deadline, can be cancelled and stopped, refuses a past deadline with
 * VCPU_SSHOTTMR_future; the periodic timer ticks and stops.  The kernel's
 * timer list fires timers in deadline order, never early, and not after
 * timer_stop; nanosleep sleeps at least as long as asked, blocking in the
 * hypervisor.  A hypervisor with a wrong time scale, a timer that fires
 * early or not at all, or a VIRQ raised on the wrong port fails here.
 */
#include "kernel/timer.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/timers/timers_test.h"

int main(void)
{
    if (!test_require("timers available (clock, events, VIRQ_TIMER bound at boot)",
                      timers_unavailable()))
        return test_finish();
    test_clocks();
    test_libc_time();
    test_hypervisor_timers();
    test_timer_list();
    return test_finish();
}
