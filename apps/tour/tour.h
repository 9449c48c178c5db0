/*
 * apps/tour: a narrated walk through the PV MMU, one live demonstration per
 * step.  Each step prints
 *
 *   tour: step <N>: <title>          the marker the trace viewer looks for
 *     <narration>                    what the step is about, plainly
 *     = <result>                     what the hypervisor really did
 *
 * and checks its own results; the tour ends with "tour: all <N> steps done"
 * (status 0) or names every check that went wrong (status 1).  Costs are
 * TSC ticks, which are instructions under QEMU -icount shift=0 (make tour,
 * make bench) and only indicative otherwise; nothing checks them, so the
 * tour passes on Xen 4.17 too.  docs/pv-mmu.md refers to the steps by
 * number: keep the two in step.
 */
#ifndef APPS_TOUR_TOUR_H
#define APPS_TOUR_TOUR_H

#include <stdint.h>

/* The scratch slots (mm/scratch.h) the steps use. */
#define TOUR_SLOT_TARGET    0   /* the VA whose L1 entry steps 4-6 rewrite */
#define TOUR_SLOT_PROBE     1   /* tries to map a frame writable */
#define TOUR_SLOT_FILL      7   /* writes the first word of a fresh frame */

/* Reads the time-stamp counter. */
static inline uint64_t tour_ticks(void)
{
    return __builtin_ia32_rdtsc();
}

/* Prints one line of narration, indented under the step's title. */
void tour_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints one result line, "  = <what>: <got>", with got as a hypercall
 * result (0, or -ENAME (-n)).  If got != want it adds "expected <want>:
 * FAILED" and counts a failure.  Returns 1 if got == want, else 0. */
int tour_expect_rc(const char *what, long got, long want);

/* Like tour_expect_rc for plain numbers, printed in hex. */
int tour_expect_hex(const char *what, unsigned long got, unsigned long want);

/* Counts a failure with a message if ok is 0 (for checks whose values the
 * step has printed already).  Returns ok. */
int tour_check(const char *what, int ok);

/* Prints "  = <what>: <ticks per op> TSC ticks (...)" for ops operations
 * that took ticks in all, net of reading the TSC around each of the
 * intervals timed separately. */
void tour_cost(const char *what, uint64_t ticks, unsigned long intervals, unsigned long ops);

/* The per-operation cost tour_cost would print, for comparisons. */
uint64_t tour_per_op(uint64_t ticks, unsigned long intervals, unsigned long ops);

/* A fresh frame of ours, mapped nowhere: cleared with MMUEXT_CLEAR_PAGE,
 * then its first word set to word.  Returns its PFN, or INVALID_PFN (with
 * a failure counted) if memory runs out. */
unsigned long tour_frame(uint64_t word);

/* The checks that failed so far. */
extern unsigned int tour_failures;

/* The steps, in the files of their group.  Each prints its narration and
 * results and adds its failed checks to tour_failures; main.c numbers them. */
void tour_p2m_m2p(void);             /* direct_paging.c */
void tour_walk(void);
void tour_m2p_update(void);
void tour_page_types(void);          /* page_types.c */
void tour_mmu_update(void);          /* pte_updates.c */
void tour_update_va_mapping(void);
void tour_writable_pagetables(void);
void tour_late_pin(void);            /* pinning.c */
void tour_pin_saves(void);
void tour_early_unpin(void);
void tour_gdt(void);                 /* descriptors.c */
void tour_trap_table(void);
void tour_multicall(void);           /* batching.c */

#endif
