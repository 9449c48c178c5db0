/*
 * Time, read from the hypervisor's vcpu_time_info and shared_info
 * (pv-abi.md §4.3): a monotonic clock (the hypervisor's system time, ns
 * since its boot) and the wall clock (ns since the Unix epoch).
 */
#ifndef GUEST_KERNEL_CLOCK_H
#define GUEST_KERNEL_CLOCK_H

#include <stdint.h>

#define NSEC_PER_SEC  1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

/* Checks that the hypervisor keeps vcpu_info.time for us (a zero
 * multiplier means it does not).  Prints one line if not. */
void clock_init(void);

/* NULL when the clock works, else why not. */
const char *clock_unavailable(void);

/* System time in ns: never decreases.  0 while the clock is unavailable. */
uint64_t clock_monotonic_ns(void);

/* Wall-clock time in ns since 1970-01-01 UTC; 0 while unavailable. */
uint64_t clock_wall_ns(void);

#endif
