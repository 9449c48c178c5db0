/*
 * The way in and out of the hypervisor:
 *
 *   null_hypercall        xen_version(XENVER_version), which does no work:
 *                         the hypercall page stub, SYSCALL, dispatch, SYSRET
 *   multicall_per_entry   a multicall of MULTICALL_ENTRIES null hypercalls,
 *                         per entry: what batching costs per call it batches
 */
#include "apps/bench/bench.h"
#include "kernel/hypercall.h"

#define NULL_CALLS        10000
#define MULTICALL_ENTRIES 32
#define MULTICALL_ROUNDS  300

/* Times MULTICALL_ROUNDS multicalls of MULTICALL_ENTRIES null entries.  The
 * entries are rewritten before each round: a debug Xen clobbers them. */
static void multicall_entries(void)
{
    static struct multicall_entry list[MULTICALL_ENTRIES];
    uint64_t total = 0;

    for (int r = 0; r < MULTICALL_ROUNDS; r++) {
        uint64_t t0;

        for (int i = 0; i < MULTICALL_ENTRIES; i++)
            list[i] = (struct multicall_entry){ .op = HC_xen_version, .args = { XENVER_version } };
        t0 = bench_tsc();
        hypercall_multicall(list, MULTICALL_ENTRIES);
        total += bench_tsc() - t0;
    }
    bench_report("multicall_per_entry", total, MULTICALL_ROUNDS, MULTICALL_ROUNDS * MULTICALL_ENTRIES);
}

/* Times NULL_CALLS null hypercalls, then multicalls of null entries. */
void bench_hypercall(void)
{
    uint64_t t0 = bench_tsc();

    for (int i = 0; i < NULL_CALLS; i++)
        hypercall_xen_version(XENVER_version, 0);
    bench_report("null_hypercall", bench_tsc() - t0, 1, NULL_CALLS);
    multicall_entries();
}
