/*
 * The time-stamp counter and the local APIC timer.  The TSC is the clock
 * behind guest system time (domain/time.c); the APIC timer, one-shot or
 * TSC-deadline where the CPU has it, is what wakes the hypervisor for the
 * guest's timers (domain/timer.c).  Both are calibrated against the PIT at
 * boot: under QEMU -icount shift=0 the TSC runs at 1 GHz of instructions.
 */
#ifndef HV_ARCH_TSC_H
#define HV_ARCH_TSC_H

#define TIMER_VECTOR    0xf0
#define SPURIOUS_VECTOR 0xff

#ifndef __ASSEMBLY__
#include <stdint.h>

extern uint64_t tsc_hz;

/* Reads the TSC. */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Measures tsc_hz with the PIT (about 10 ms). */
void tsc_calibrate(void);

/* Enables the local APIC and its timer (vector TIMER_VECTOR), masked. */
void apic_timer_init(void);

/* Arms the APIC timer to fire at TSC value deadline (0 = disarm). */
void apic_timer_arm(uint64_t deadline);

/* Acknowledges the interrupt being handled. */
void apic_eoi(void);

#endif
#endif
