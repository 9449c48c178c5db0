/*
 * Flag rules per level (pv-abi.md §8.2).
 *
 * Above L1, PWT, PCD, PSE and G are refused: PSE would hand the guest a
 * 2 MiB or 1 GiB page the hypervisor never type-checked frame by frame, and
 * the cache and global bits have no business in a PV guest's upper tables.
 * In an L1, G is always allowed, and PWT/PCD/PAT are allowed for a domain
 * with I/O privileges, which dom0 is: Xen 4.17 accepts all three from us.
 * Each level is tried on an entry that is otherwise valid (the same value
 * without the bit is accepted first), so a refusal can only be the bit's.
 */
#include <stdio.h>
#include "tests/guest/mmu/mmu_test.h"

struct flag_bit {
    const char *name;
    uint64_t bit;
};

static const struct flag_bit upper_bits[] = {
    { "PWT", PTE_PWT }, { "PCD", PTE_PCD }, { "PSE", PTE_PSE }, { "G", PTE_G },
};

static const struct flag_bit l1_bits[] = {
    { "PWT", PTE_PWT }, { "PCD", PTE_PCD }, { "PAT", PTE_PAT }, { "G", PTE_G },
    { "PAT|PCD|PWT", PTE_PAT | PTE_PCD | PTE_PWT }, { "NX", PTE_NX },
};

/* Writes entry (at maddr, a level-`level` table) pointing at target with
 * flags + each bit in turn, expecting want; the plain value first. */
static void try_bits(int level, uint64_t maddr, unsigned long target, uint64_t flags,
                     const struct flag_bit *bits, unsigned int nr, long want)
{
    char what[80];

    snprintf(what, sizeof(what), "L%d entry without extra bits", level);
    test_check(what, mmu1(maddr, pte_make(target, flags)), 0);
    snprintf(what, sizeof(what), "L%d entry cleared", level);
    test_check(what, mmu1(maddr, 0), 0);
    for (unsigned int i = 0; i < nr; i++) {
        snprintf(what, sizeof(what), "L%d entry with %s: %ld", level, bits[i].name, want);
        test_check(what, mmu1(maddr, pte_make(target, flags | bits[i].bit)), want);
        if (want == 0)
            mmu1(maddr, 0);
    }
    snprintf(what, sizeof(what), "L%d entry empty at the end", level);
    test_check(what, pt_read_entry(maddr), 0);
}

/* The flag group: L4, L3, L2 refuse the bits, L1 takes them (dom0). */
void test_mmu_update_bits(void)
{
    unsigned long table = frame_new();
    unsigned int nr_upper = sizeof(upper_bits) / sizeof(upper_bits[0]);

    group("mmu_update: flag bits per level");
    try_bits(4, entry_maddr(boot_l4, SPARE_SLOT), table, PTE_TABLE, upper_bits, nr_upper,
             -XEN_EINVAL);
    try_bits(3, entry_maddr(sb.l3, 1), table, PTE_TABLE, upper_bits, nr_upper, -XEN_EINVAL);
    try_bits(2, entry_maddr(sb.l2, 1), table, PTE_TABLE, upper_bits, nr_upper, -XEN_EINVAL);
    try_bits(1, sandbox_l1e(1), sb.data[1], PTE_KERNEL_RO, l1_bits,
             sizeof(l1_bits) / sizeof(l1_bits[0]), 0);
    flush_local();
    test_check("table frame reusable", frame_release(table), 0);
}
