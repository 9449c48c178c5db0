/*
 * Address spaces of the guest (guest/mm/aspace.h), on pvx (with the audit,
 * which checks every frame's counts after every hypercall) and on Xen 4.17.
 *
 * The guest builds its own page tables the late-pin way, shares the
 * kernel's half between address spaces, forks address spaces copy-on-write
 * and tears them down by unpinning first.  Each of those has a way to go
 * wrong that the hypervisor does not catch, because the result is a valid
 * but wrong page table: a switch that leaves the old lower half visible, a
 * fork that lets a write through to the other side, a copy-on-write fault
 * that copies a frame nobody shares any more (or fails to copy one that is
 * shared), a teardown that leaks frames or frees one still mapped, a batch
 * that loses or reorders updates around a flush point, a strategy that
 * builds different entries from the others.  Each group below looks for
 * one of these:
 *
 *   switch.c      two address spaces, the same VA, different data;
 *                 pinned and unpinned
 *   map.c         mapping into and unmapping from the live address space;
 *                 faults that are not copy-on-write stay faults
 *   fork.c        fork, copy-on-write on both sides, nested forks, every
 *                 frame back after destroy
 *   batch.c       the update queue: limits, flush points, kinds, counters
 *   strategies.c  the four fork strategies build identical trees
 */
#include <stdio.h>
#include "kernel/trap.h"
#include "mm/mm.h"
#include "tests/guest/aspace/aspace_test.h"
#include "tests/guest/lib/trap_probe.h"

/* Reads down to the wanted level through present entries. */
uint64_t entry_at(const struct aspace *as, unsigned long va, int level)
{
    unsigned long table = as->l4;

    for (int at = 4;; at--) {
        uint64_t entry = pt_entries(table)[pt_index(va, at)];

        if (at == level)
            return entry;
        if (!(entry & PTE_P))
            return 0;
        table = pt_entry_pfn(entry);
    }
}

/* The L1 entry's frame. */
unsigned long mapped_pfn(const struct aspace *as, unsigned long va)
{
    uint64_t entry = aspace_lookup(as, va);

    return entry & PTE_P ? pt_entry_pfn(entry) : INVALID_PFN;
}

/* Create plus anonymous map. */
struct aspace *aspace_with(unsigned long va, unsigned long npages)
{
    struct aspace *as = aspace_create();

    if (as == NULL || aspace_map(as, va, npages, NULL, 0, 1) != 0) {
        test_check("aspace_with: create and map", -1, 0);
        return NULL;
    }
    return as;
}

/* The kernel's address space refuses what only others may do. */
static void test_kernel_aspace(void)
{
    struct aspace *k = aspace_kernel();

    test_check("kernel aspace is the current one at start", aspace_current() == k, 1);
    test_check("kernel aspace: map refused", aspace_map(k, VA_LOW, 1, NULL, 0, 1), -1);
    test_check("kernel aspace: destroy refused", aspace_destroy(k), -1);
    test_check("kernel aspace: lower half empty", aspace_lookup(k, VA_LOW), 0);
}

int main(void)
{
    unsigned long free_at_start;

    if (!test_require("traps available (set_trap_table at boot)", traps_unavailable()) ||
        mm_init() != 0)
        return test_finish();
    probe_install();                /* before the first fork puts cow in front */
    free_at_start = pfn_nr_free();
    printf("aspace: %lu free frames, %s\n", free_at_start, test_on_pvx() ? "pvx" : "xen");
    test_kernel_aspace();
    test_switch();
    test_map();
    test_fork();
    test_batch();
    test_strategies();
    test_check("the current address space is the kernel's at the end",
               aspace_current() == aspace_kernel(), 1);
    return test_finish();
}
