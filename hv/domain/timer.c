/* The vCPU's timers on the APIC timer (domain/timer.h). */
#include "domain/timer.h"
#include "domain/event.h"
#include "domain/time.h"
#include "abi/event.h"

static uint64_t singleshot_ns, periodic_ns, periodic_next_ns, poll_ns;
static int poll_over;       /* poll_ns has passed: no longer armed */
uint64_t timer_next_tsc = ~0UL;

/* Returns the smaller non-zero of a and b (0 if both are 0). */
static uint64_t earliest(uint64_t a, uint64_t b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}

/* Arms the APIC for the earliest deadline. */
static void timer_reprogram(void)
{
    uint64_t next = earliest(poll_over ? 0 : poll_ns,
                             earliest(singleshot_ns, periodic_ns ? periodic_next_ns : 0));

    timer_next_tsc = next ? time_ns_to_tsc(next) : ~0UL;
    apic_timer_arm(next ? timer_next_tsc : 0);
}

/* Starts the default periodic timer, as Xen does for every PV vCPU. */
void timer_init(void)
{
    timer_set_periodic(DEFAULT_PERIOD_NS);
}

/* Sets or cancels the single-shot timer. */
void timer_set_singleshot(uint64_t ns)
{
    singleshot_ns = ns;
    timer_check();
}

/* Sets or stops the periodic timer; the first tick is one period from now. */
void timer_set_periodic(uint64_t period_ns)
{
    periodic_ns = period_ns;
    periodic_next_ns = period_ns ? time_now_ns() + period_ns : 0;
    timer_reprogram();
}

/* Sets or clears a poll deadline. */
void timer_set_poll_deadline(uint64_t ns)
{
    poll_ns = ns;
    poll_over = 0;
    timer_reprogram();
}

/* Fires what has expired; returns 1 if the poll deadline passed.  A
 * passed poll deadline stays passed (for the poller, which may find out
 * after the interrupt did) and is no longer armed: re-arming it would fire
 * at once, again and again, before the poller could run (a livelock under
 * -icount, where a past TSC deadline interrupts the very next
 * instruction). */
int timer_check(void)
{
    uint64_t now = time_now_ns();
    int fired = 0;

    if (poll_ns && now >= poll_ns)
        poll_over = 1;
    if (singleshot_ns && now >= singleshot_ns) {
        singleshot_ns = 0;
        fired = 1;
    }
    if (periodic_ns && now >= periodic_next_ns) {
        periodic_next_ns += ((now - periodic_next_ns) / periodic_ns + 1) * periodic_ns;
        fired = 1;
    }
    if (fired) {
        time_update_guest();
        event_send_virq(VIRQ_TIMER);
    }
    timer_reprogram();
    return poll_over;
}

/* The APIC timer interrupt. */
void timer_interrupt(void)
{
    apic_eoi();
    timer_check();
}
