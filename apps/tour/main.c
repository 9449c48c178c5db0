/*
 * apps/tour: the steps in order, and the small reporting helpers they share
 * (tour.h).  The step table is the whole tour at a glance; a step's number
 * is its place in it.
 */
#include <stdarg.h>
#include <stdio.h>
#include "abi/errno.h"
#include "apps/tour/tour.h"
#include "kernel/hypercall.h"
#include "mm/mm.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"
#include "mm/scratch.h"

#define TOUR_UNIT "TSC ticks (= instructions under make tour/-icount)"

static const struct {
    const char *title;
    void (*run)(void);
} steps[] = {
    { "direct paging: the P2M and the M2P", tour_p2m_m2p },
    { "direct paging: the walk from a VA to its PTE", tour_walk },
    { "page types and the invariant", tour_page_types },
    { "changing a PTE, way 1: mmu_update", tour_mmu_update },
    { "changing a PTE, way 2: update_va_mapping", tour_update_va_mapping },
    { "changing a PTE, way 3: writable page tables", tour_writable_pagetables },
    { "late pin: build as plain memory, validate once", tour_late_pin },
    { "pinning: what it saves on a CR3 load", tour_pin_saves },
    { "early unpin: teardown as plain memory", tour_early_unpin },
    { "the M2P update", tour_m2p_update },
    { "the GDT through hypercalls", tour_gdt },
    { "the trap table through hypercalls", tour_trap_table },
    { "batching: multicall and the instructions it saves", tour_multicall },
};

#define NR_STEPS (sizeof(steps) / sizeof(steps[0]))

unsigned int tour_failures;
static uint64_t tsc_overhead;

/* Indents and prints one line of narration. */
void tour_say(const char *fmt, ...)
{
    va_list ap;

    printf("  ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* The name of a Xen errno value, for the errors the tour shows. */
static const char *errno_name(long err)
{
    switch (err) {
    case XEN_EPERM: return "EPERM";
    case XEN_EBUSY: return "EBUSY";
    case XEN_EINVAL: return "EINVAL";
    case XEN_EFAULT: return "EFAULT";
    case XEN_ENOSYS: return "ENOSYS";
    case XEN_ENOMEM: return "ENOMEM";
    default: return "E?";
    }
}

/* Prints rc as "0" or "-ENAME (-n)" into buf. */
static const char *rc_text(char *buf, size_t size, long rc)
{
    if (rc < 0)
        snprintf(buf, size, "-%s (%ld)", errno_name(-rc), rc);
    else
        snprintf(buf, size, "%ld", rc);
    return buf;
}

/* One result line for a hypercall result; counts a mismatch. */
int tour_expect_rc(const char *what, long got, long want)
{
    char g[32], w[32];

    if (got == want) {
        printf("  = %s: %s\n", what, rc_text(g, sizeof(g), got));
        return 1;
    }
    printf("  = %s: %s, expected %s: FAILED\n", what, rc_text(g, sizeof(g), got),
           rc_text(w, sizeof(w), want));
    tour_failures++;
    return 0;
}

/* One result line for a number; counts a mismatch. */
int tour_expect_hex(const char *what, unsigned long got, unsigned long want)
{
    if (got == want) {
        printf("  = %s: 0x%lx\n", what, got);
        return 1;
    }
    printf("  = %s: 0x%lx, expected 0x%lx: FAILED\n", what, got, want);
    tour_failures++;
    return 0;
}

/* Counts a failure of a check whose values are already printed. */
int tour_check(const char *what, int ok)
{
    if (!ok) {
        printf("  = %s: FAILED\n", what);
        tour_failures++;
    }
    return ok;
}

/* Per-op ticks, net of the TSC reads, rounded. */
uint64_t tour_per_op(uint64_t ticks, unsigned long intervals, unsigned long ops)
{
    uint64_t net = ticks > intervals * tsc_overhead ? ticks - intervals * tsc_overhead : 0;

    return (net + ops / 2) / ops;
}

/* One cost line. */
void tour_cost(const char *what, uint64_t ticks, unsigned long intervals, unsigned long ops)
{
    printf("  = %s: %lu %s\n", what, (unsigned long)tour_per_op(ticks, intervals, ops), TOUR_UNIT);
}

/* The cheapest of a few back-to-back TSC reads: what timing itself costs. */
static void measure_tsc_overhead(void)
{
    tsc_overhead = ~0UL;
    for (int i = 0; i < 8; i++) {
        uint64_t before = tour_ticks(), after = tour_ticks();

        if (after - before < tsc_overhead)
            tsc_overhead = after - before;
    }
}

/* A cleared, unmapped frame whose first word is word. */
unsigned long tour_frame(uint64_t word)
{
    unsigned long pfn = pfn_alloc();
    unsigned long mfn = pfn_to_mfn(pfn);

    if (pfn == INVALID_PFN) {
        tour_check("pfn_alloc: a free frame", 0);
        return INVALID_PFN;
    }
    if (mmu_batch_ext_now(MMUEXT_CLEAR_PAGE, mfn, 0) != 0 ||
        scratch_map(TOUR_SLOT_FILL, mfn, PTE_RW) != 0) {
        tour_check("clear and map a fresh frame", 0);
        return pfn;
    }
    *(volatile uint64_t *)scratch_va(TOUR_SLOT_FILL) = word;
    scratch_unmap(TOUR_SLOT_FILL);
    return pfn;
}

/* Runs every step; 0 if every check passed, else 1. */
int main(void)
{
    unsigned int failed_steps = 0;

    if (mm_init() != 0) {
        printf("tour: FAILED: mm_init (the guest's memory management) did not start\n");
        return 1;
    }
    measure_tsc_overhead();
    printf("tour: the PV MMU, step by step (%u steps; costs in %s)\n", (unsigned)NR_STEPS,
           TOUR_UNIT);
    printf("tour: with the trace on (make tour) the costs include the hypervisor writing its\n"
           "tour: trace lines, and with the audit on its recount; make bench has the bare ones\n");
    for (unsigned int i = 0; i < NR_STEPS; i++) {
        unsigned int before = tour_failures;

        printf("tour: step %u: %s\n", i + 1, steps[i].title);
        steps[i].run();
        if (tour_failures != before) {
            printf("tour: step %u FAILED (%u checks)\n", i + 1, tour_failures - before);
            failed_steps++;
        }
    }
    if (failed_steps != 0) {
        printf("tour: FAILED: %u of %u steps went wrong\n", failed_steps, (unsigned)NR_STEPS);
        return 1;
    }
    printf("tour: all %u steps done\n", (unsigned)NR_STEPS);
    return 0;
}
