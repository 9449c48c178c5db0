/*
 * The pvx benchmark suite: each operation runs many times between two reads
 * of the TSC.  Under QEMU with -icount shift=0 (make bench) the TSC counts
 * instructions, so a result is "guest + hypervisor instructions per
 * operation", the same number every run, on pvx and on Xen alike.  Without
 * icount the TSC follows host time and the numbers are only indicative.
 *
 * Each result is one line:   bench: <operation> <instructions per op>
 */
#ifndef APPS_BENCH_BENCH_H
#define APPS_BENCH_BENCH_H

#include <stdint.h>

/* Reads the time-stamp counter. */
static inline uint64_t bench_tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Prints one result: ticks / ops, minus the cost of reading the TSC around
 * each timed interval (intervals of them). */
void bench_report(const char *op, uint64_t ticks, uint64_t intervals, uint64_t ops);

/* Stops the run with a message when a setup step of a benchmark fails. */
void bench_fail(const char *what, long rc) __attribute__((noreturn));

/* The benchmarks, one file per family. */
void bench_hypercall(void);
void bench_mmu_update(void);
void bench_pin(void);
void bench_kernel_ops(void);
void bench_aspace(void);

/* A frame for the benchmarks: allocated, zeroed and left unmapped (so it
 * can become a page table); returns its MFN. */
unsigned long bench_frame(void);

#endif
