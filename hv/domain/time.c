/* System time, vcpu_time_info and the wall clock (domain/time.h). */
#include "domain/time.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "arch/rtc.h"
#include "arch/tsc.h"

#define NS_PER_SEC 1000000000UL

static uint64_t tsc_boot;
static uint32_t mul;        /* 32.32 fixed point */
static int8_t shift;

/* Chooses mul and shift for tsc_hz the way pv-abi.md §4.3 describes: the
 * pre-shifted frequency lands in (1 GHz, 2 GHz]. */
static void set_scale(uint64_t hz)
{
    uint64_t t = hz;

    shift = 0;
    while (t > 2 * NS_PER_SEC) {
        t >>= 1;
        shift--;
    }
    while (t <= NS_PER_SEC) {
        t <<= 1;
        shift++;
    }
    mul = (uint32_t)((NS_PER_SEC << 32) / t);
}

/* Returns the ns that delta TSC ticks stand for. */
static uint64_t scale(uint64_t delta)
{
    delta = shift >= 0 ? delta << shift : delta >> -shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* Returns the system time now. */
uint64_t time_now_ns(void)
{
    return scale(rdtsc() - tsc_boot);
}

/* Returns the TSC value for system time ns (the inverse of scale). */
uint64_t time_ns_to_tsc(uint64_t ns)
{
    return tsc_boot + (uint64_t)(((unsigned __int128)ns * tsc_hz) / NS_PER_SEC);
}

/* Writes the time record with the version protocol: odd while writing. */
void time_update_guest(void)
{
    volatile struct vcpu_time_info *t = &vcpu0_info()->time;
    uint64_t tsc = rdtsc();

    t->version++;
    __asm__ volatile("" ::: "memory");
    t->tsc_timestamp = tsc;
    t->system_time = scale(tsc - tsc_boot);
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = 1;                       /* XEN_PVCLOCK_TSC_STABLE_BIT */
    __asm__ volatile("" ::: "memory");
    t->version++;
}

/* Sets the scale, the first time record and the wall clock. */
void time_init(void)
{
    volatile struct shared_info *s = dom0.shared_info;
    uint64_t epoch_ns;

    tsc_boot = rdtsc();
    set_scale(tsc_hz);
    time_update_guest();
    epoch_ns = rtc_unix_seconds() * NS_PER_SEC - time_now_ns();
    s->wc_version++;
    __asm__ volatile("" ::: "memory");
    s->wc_sec = (uint32_t)(epoch_ns / NS_PER_SEC);
    s->wc_sec_hi = (uint32_t)((epoch_ns / NS_PER_SEC) >> 32);
    s->wc_nsec = (uint32_t)(epoch_ns % NS_PER_SEC);
    __asm__ volatile("" ::: "memory");
    s->wc_version++;
}
