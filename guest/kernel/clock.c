/*
 * The clocks (clock.h).  The hypervisor samples its system time together
 * with the TSC now and then; in between we extrapolate with the TSC:
 *
 *   now = system_time + scale(rdtsc() - tsc_timestamp)
 *   scale(d) = ((shift >= 0 ? d << shift : d >> -shift) * mul) >> 32
 *
 * The fields are copied under the version protocol: the hypervisor makes
 * version odd while it writes and bumps it again after, so an odd version,
 * or a version that changed while we copied, means "copy again".  The TSC is
 * read inside the loop, so it is never older than the sample it extends.
 */
#include <stddef.h>
#include "kernel/clock.h"
#include "kernel/feature.h"
#include "kernel/irq.h"
#include "kernel/shared_info.h"

static struct feature clock_feature = FEATURE_INIT("clock");

/* The last value handed out, to keep the clock monotonic across samples. */
static uint64_t clock_last_ns;

/* A TSC read that does not run ahead of the loads before it. */
static inline uint64_t clock_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* The 64x32-bit product's bits 95:32, after the pre-shift. */
static uint64_t clock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
    delta = shift >= 0 ? delta << shift : delta >> -shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* Requires shared_info and a non-zero multiplier. */
void clock_init(void)
{
    if (shared_info == NULL) {
        feature_depends(&clock_feature, shared_info_unavailable());
        return;
    }
    if (this_vcpu->time.tsc_to_system_mul == 0) {
        feature_fail(&clock_feature, "no clock, timers or sleep",
                     "vcpu_info.time is empty (tsc_to_system_mul 0)");
        return;
    }
    feature_ready(&clock_feature);
}

/* NULL when the clock works. */
const char *clock_unavailable(void)
{
    return clock_feature.missing;
}

/* One consistent sample, extended by the TSC; never below a value already
 * handed out (samples taken at different times may disagree by a little).
 * The compare-and-swap keeps that true if an upcall reads the clock in the
 * middle of another read. */
uint64_t clock_monotonic_ns(void)
{
    const volatile struct vcpu_time_info *t = &this_vcpu->time;
    uint64_t tsc_timestamp, system_time, tsc, now, last;
    uint32_t version, mul;
    int8_t shift;

    if (clock_feature.missing != NULL)
        return 0;
    do {
        version = t->version;
        compiler_barrier();
        tsc_timestamp = t->tsc_timestamp;
        system_time = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = clock_rdtsc();
        compiler_barrier();
    } while ((version & 1) || version != t->version);
    now = system_time + clock_scale(tsc - tsc_timestamp, mul, shift);
    last = __atomic_load_n(&clock_last_ns, __ATOMIC_RELAXED);
    while (now > last && !__atomic_compare_exchange_n(&clock_last_ns, &last, now, 0,
                                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    return now > last ? now : last;
}

/* The wall clock at system time 0, under wc_version, plus system time. */
uint64_t clock_wall_ns(void)
{
    const volatile struct shared_info *s = shared_info;
    uint64_t sec;
    uint32_t version, nsec;

    if (clock_feature.missing != NULL)
        return 0;
    do {
        version = s->wc_version;
        compiler_barrier();
        sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
        nsec = s->wc_nsec;
        compiler_barrier();
    } while ((version & 1) || version != s->wc_version);
    return sec * NSEC_PER_SEC + nsec + clock_monotonic_ns();
}
