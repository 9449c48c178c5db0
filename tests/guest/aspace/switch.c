/*
 * Switching: two address spaces map different frames at the same VAs
 * (one page in L4 slot 0, one in slot 1).  Whatever is current must show
 * its own data there, through several round trips, with the second address
 * space pinned and then unpinned (validated at each switch to it).  A
 * switch that kept the old lower half, or an unpinned L4 that lost its
 * entries on devalidation, shows the wrong byte.
 */
#include "abi/layout.h"
#include "kernel/hypercall.h"
#include "tests/guest/aspace/aspace_test.h"

/* 1 if the hypervisor has the L4 of as pinned: pinning it again fails.
 * (A probe: if it was not pinned, the probe's pin is undone.) */
static int l4_pinned(const struct aspace *as)
{
    struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE };

    op.arg1.mfn = pfn_to_mfn(as->l4);
    if (hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF) != 0)
        return 1;
    op.cmd = MMUEXT_UNPIN_TABLE;
    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
    return 0;
}

/* Writes tag at both VAs of as (switching to it). */
static void fill(struct aspace *as, char tag)
{
    aspace_switch(as);
    poke(VA_LOW, tag);
    poke(VA_SLOT1, tag);
}

/* Round trips between a and b; counts the reads that show the wrong tag. */
static int round_trips(struct aspace *a, struct aspace *b, int n)
{
    int wrong = 0;

    for (int i = 0; i < n; i++) {
        wrong += aspace_switch(a) != 0 || peek(VA_LOW) != 'a' || peek(VA_SLOT1) != 'a';
        wrong += aspace_switch(b) != 0 || peek(VA_LOW) != 'b' || peek(VA_SLOT1) != 'b';
    }
    return wrong;
}

void test_switch(void)
{
    struct aspace *a = aspace_with(VA_LOW, 1), *b = aspace_with(VA_LOW, 1);
    unsigned long free_before;

    if (a == NULL || b == NULL)
        return;
    test_check("switch: a new address space starts plain", a->flags, 0);
    test_check("switch: map a second range into a plain one",
               aspace_map(a, VA_SLOT1, 1, NULL, 0, 1) == 0 &&
               aspace_map(b, VA_SLOT1, 1, NULL, 0, 1) == 0, 1);
    test_check("switch: mapping over a mapped page refused", aspace_map(a, VA_LOW, 1, NULL, 0, 1), -1);
    fill(a, 'a');
    fill(b, 'b');
    test_check("switch: late pin at first switch", (a->flags & ASPACE_PINNED) && l4_pinned(a), 1);
    test_check("switch: 3 round trips, pinned", round_trips(a, b, 3), 0);
    test_check("switch: the current one cannot be destroyed", aspace_destroy(b), -1);
    test_check("switch: unpin b while current", aspace_set_pinned(b, 0), 0);
    test_check("switch: back to a", aspace_switch(a), 0);
    test_check("switch: b's L4 is not pinned (devalidated)", l4_pinned(b), 0);
    test_check("switch: 3 round trips, b unpinned", round_trips(a, b, 3), 0);
    test_check("switch: back to the kernel", aspace_switch(aspace_kernel()), 0);
    test_check("switch: a still maps its page", mapped_pfn(a, VA_LOW) != INVALID_PFN, 1);
    free_before = pfn_nr_free();
    test_check("switch: destroy a (pinned)", aspace_destroy(a), 0);
    test_check("switch: destroy b (unpinned)", aspace_destroy(b), 0);
    test_check("switch: 2 x (L4, L3, L2, L1 in slot 0, L3, L2, L1 in slot 1, 2 pages) back",
               pfn_nr_free() - free_before, 2 * 9);
}
