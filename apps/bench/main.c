/*
 * apps/bench: PV MMU costs, in instructions under -icount shift=0.  See
 * bench.h for the method and scripts/bench.sh (make bench) for the driver
 * that runs it on pvx and on Xen 4.17 and writes docs/benchmarks.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include "apps/bench/bench.h"
#include "kernel/hypercall.h"
#include "mm/mm.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"
#include "mm/scratch.h"

static uint64_t tsc_overhead;

/* Measures what two back-to-back TSC reads cost, to subtract it. */
static void calibrate(void)
{
    uint64_t best = ~0UL;

    for (int i = 0; i < 16; i++) {
        uint64_t t0 = bench_tsc(), t1 = bench_tsc();

        if (t1 - t0 < best)
            best = t1 - t0;
    }
    tsc_overhead = best;
}

/* Prints "bench: op N" with N = per-op ticks net of the TSC reads. */
void bench_report(const char *op, uint64_t ticks, uint64_t intervals, uint64_t ops)
{
    uint64_t net = ticks > intervals * tsc_overhead ? ticks - intervals * tsc_overhead : 0;

    printf("bench: %-28s %6lu\n", op, (net + ops / 2) / ops);
}

/* Stops the benchmark run: a setup hypercall failed. */
void bench_fail(const char *what, long rc)
{
    printf("bench: FAILED %s: %ld\n", what, rc);
    exit(1);
}

/* Allocates a frame, zeroes it through a scratch mapping and unmaps it. */
unsigned long bench_frame(void)
{
    unsigned long pfn = pfn_alloc(), mfn;
    long rc;

    if (pfn == INVALID_PFN)
        bench_fail("pfn_alloc", -1);
    mfn = pfn_to_mfn(pfn);
    if ((rc = scratch_map(0, mfn, PTE_P | PTE_RW)))
        bench_fail("scratch_map", rc);
    for (unsigned i = 0; i < 512; i++)
        ((volatile uint64_t *)scratch_va(0))[i] = 0;
    if ((rc = scratch_unmap(0)))
        bench_fail("scratch_unmap", rc);
    return mfn;
}

int main(void)
{
    uint64_t boot = bench_tsc();    /* QEMU starts the TSC at 0: the whole boot so far */

    if (mm_init() != 0)
        bench_fail("mm_init", -1);
    calibrate();
    printf("bench: start (instructions per operation when run with -icount shift=0)\n");
    bench_report("boot_to_main", boot, 0, 1);
    bench_hypercall();
    bench_mmu_update();
    bench_pin();
    bench_kernel_ops();
    bench_aspace();
    printf("bench: done\n");
    return 0;
}
