/*
 * Pinning and base pointers:
 *
 *   pin_l<n>, unpin_l<n>    pinning an empty table of each level (validation
 *                           of 512 empty entries, plus the hypervisor's
 *                           slots for an L4) and unpinning it (devalidation)
 *   new_baseptr_pinned      switching to a pinned copy of the kernel's L4
 *   new_baseptr_unpinned    switching to the same copy unpinned, which
 *                           validates it on the way in; the switch back then
 *                           devalidates it (new_baseptr_back_devalidate)
 */
#include <stddef.h>
#include "apps/bench/bench.h"
#include "abi/layout.h"
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"

#define PIN_ROUNDS      500
#define SWITCH_ROUNDS   500

/* Runs one mmuext op on mfn; stops the run if it fails. */
static void mmuext(unsigned cmd, unsigned long mfn, const char *what)
{
    struct mmuext_op op = { .cmd = cmd };
    long rc;

    op.arg1.mfn = mfn;
    if ((rc = hypercall_mmuext_op(&op, 1, 0, DOMID_SELF)))
        bench_fail(what, rc);
}

/* Pin and unpin an empty table of each level, timed separately. */
static void pin_levels(void)
{
    static const char *const names[4][2] = {
        { "pin_l1", "unpin_l1" }, { "pin_l2", "unpin_l2" },
        { "pin_l3", "unpin_l3" }, { "pin_l4", "unpin_l4" },
    };

    for (unsigned level = 0; level < 4; level++) {
        unsigned long mfn = bench_frame();
        uint64_t pin = 0, unpin = 0;

        for (int i = 0; i < PIN_ROUNDS; i++) {
            uint64_t t0 = bench_tsc(), t1, t2;

            mmuext(MMUEXT_PIN_L1_TABLE + level, mfn, names[level][0]);
            t1 = bench_tsc();
            mmuext(MMUEXT_UNPIN_TABLE, mfn, names[level][1]);
            t2 = bench_tsc();
            pin += t1 - t0;
            unpin += t2 - t1;
        }
        bench_report(names[level][0], pin, PIN_ROUNDS, PIN_ROUNDS);
        bench_report(names[level][1], unpin, PIN_ROUNDS, PIN_ROUNDS);
    }
}

/* Returns a new L4 with the guest's slots of the current one (the
 * hypervisor's slots left empty: it fills them), unmapped and unpinned. */
static unsigned long copy_of_current_l4(void)
{
    unsigned long root = pt_bootstrap_l4_mfn(), copy = bench_frame();
    const uint64_t *src = (const uint64_t *)region_pfn_va(mfn_to_pfn(root));
    long rc;

    if ((rc = scratch_map(0, copy, PTE_P | PTE_RW)))
        bench_fail("scratch_map", rc);
    for (unsigned i = 0; i < PT_ENTRIES; i++)
        ((uint64_t *)scratch_va(0))[i] = (i >= 256 && i < 272) ? 0 : src[i];
    if ((rc = scratch_unmap(0)))
        bench_fail("scratch_unmap", rc);
    return copy;
}

/* Switches to copy and back rounds times; adds the two legs to *to, *back. */
static void switch_rounds(unsigned long copy, unsigned long root, uint64_t *to, uint64_t *back)
{
    for (int i = 0; i < SWITCH_ROUNDS; i++) {
        uint64_t t0 = bench_tsc(), t1, t2;

        mmuext(MMUEXT_NEW_BASEPTR, copy, "NEW_BASEPTR copy");
        t1 = bench_tsc();
        mmuext(MMUEXT_NEW_BASEPTR, root, "NEW_BASEPTR back");
        t2 = bench_tsc();
        *to += t1 - t0;
        *back += t2 - t1;
    }
}

/* NEW_BASEPTR to a pinned and to an unpinned L4. */
static void new_baseptr(void)
{
    unsigned long root = pt_bootstrap_l4_mfn(), copy = copy_of_current_l4();
    uint64_t to = 0, back = 0;

    mmuext(MMUEXT_PIN_L4_TABLE, copy, "pin copy");
    switch_rounds(copy, root, &to, &back);
    bench_report("new_baseptr_pinned", to + back, 2 * SWITCH_ROUNDS, 2 * SWITCH_ROUNDS);
    mmuext(MMUEXT_UNPIN_TABLE, copy, "unpin copy");
    to = back = 0;
    switch_rounds(copy, root, &to, &back);
    bench_report("new_baseptr_unpinned", to, SWITCH_ROUNDS, SWITCH_ROUNDS);
    bench_report("new_baseptr_back_devalidate", back, SWITCH_ROUNDS, SWITCH_ROUNDS);
}

/* Pinning and switching. */
void bench_pin(void)
{
    pin_levels();
    new_baseptr();
}
