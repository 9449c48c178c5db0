/*
 * Guest time (pv-abi.md §4.3): system time is nanoseconds since time_init
 * (just before the guest starts), a linear function of the TSC that the
 * guest computes itself from vcpu_time_info:
 *
 *   now_ns = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32
 *
 * (shift negative means >> -shift).  The hypervisor refreshes the record
 * (version odd while it writes) when a timer fires; the wall clock
 * (wc_sec/wc_nsec = the epoch time at system time 0) is set once from the
 * RTC.
 */
#ifndef HV_DOMAIN_TIME_H
#define HV_DOMAIN_TIME_H

#include <stdint.h>

/* Calibrates, fills the scale and the wall clock; call after shared_info exists. */
void time_init(void);

/* Returns the system time now, in ns. */
uint64_t time_now_ns(void);

/* Returns the TSC value at which system time will be ns. */
uint64_t time_ns_to_tsc(uint64_t ns);

/* Rewrites vCPU 0's vcpu_time_info for now. */
void time_update_guest(void);

#endif
