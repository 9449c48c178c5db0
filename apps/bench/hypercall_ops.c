/*
 * The null hypercall: xen_version(XENVER_version), which does no work, so
 * what is measured is the way in and out of the hypervisor (SYSCALL, the
 * hypercall page stub, dispatch, SYSRET).
 */
#include "apps/bench/bench.h"
#include "kernel/hypercall.h"

#define NULL_CALLS 10000

/* Times NULL_CALLS null hypercalls. */
void bench_hypercall(void)
{
    uint64_t t0 = bench_tsc();

    for (int i = 0; i < NULL_CALLS; i++)
        hypercall_xen_version(XENVER_version, 0);
    bench_report("null_hypercall", bench_tsc() - t0, 1, NULL_CALLS);
}
