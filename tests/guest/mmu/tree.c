/*
 * A whole new address space: built as plain memory, pinned late, switched
 * to with NEW_BASEPTR, switched away from, unpinned, reused (pv-abi.md §8.1,
 * §8.5), the life cycle every fork-style guest goes through.
 *
 *   new L4: guest slots copied from the bootstrap L4 (the kernel half is
 *           shared), plus TREE_SLOT -> L3 -> L2 -> L1 -> data frame 'T'
 *
 * The cases catch a hypervisor that pins a tree still mapped writable, that
 * validates only the root (the L3 below must become unmappable writable), that
 * loses the shared kernel half or the M2P slot on the switch, that frees a
 * root still in CR3 when its pin goes, or that leaves any frame typed after
 * the last reference is gone (the frames must map writable again).  Three
 * orders of teardown: unpin after switching back; never pin (CR3 alone); and
 * unpin while the tree is still CR3.
 */
#include "abi/layout.h"
#include "kernel/start.h"
#include "tests/guest/mmu/mmu_test.h"

#define TREE_SLOT   16
#define TREE_VA     l4_slot_va(TREE_SLOT)

struct tree {
    unsigned long l4, l3, l2, l1, data;
};

/* Builds a tree as plain memory and leaves its L4 mapped writable at SLOT_A,
 * as a guest filling it would. */
static void tree_build(struct tree *t)
{
    const volatile uint64_t *boot = (const volatile uint64_t *)guest_start_info->pt_base;
    volatile uint64_t *l4;

    t->l4 = frame_new();
    t->l3 = frame_new();
    t->l2 = frame_new();
    t->l1 = frame_new();
    t->data = frame_new_filled('T');
    frame_set_entry(t->l3, 0, pte_make(t->l2, PTE_TABLE));
    frame_set_entry(t->l2, 0, pte_make(t->l1, PTE_TABLE));
    frame_set_entry(t->l1, 0, pte_make(t->data, PTE_KERNEL_RW));
    scratch_map(SLOT_A, t->l4, PTE_RW | PTE_D);
    l4 = (volatile uint64_t *)scratch_va(SLOT_A);
    for (unsigned int slot = 0; slot < PT_ENTRIES; slot++)
        if (slot < FIRST_HV_L4_SLOT || slot > LAST_HV_L4_SLOT)
            l4[slot] = boot[slot];
    l4[TREE_SLOT] = pte_make(t->l3, PTE_TABLE);
}

/* Releases the tree's frames; returns how many are still not plain memory. */
static long tree_release(const struct tree *t)
{
    const unsigned long frames[] = { t->l4, t->l3, t->l2, t->l1, t->data };
    long stuck = 0;

    for (unsigned int i = 0; i < sizeof(frames) / sizeof(frames[0]); i++)
        stuck += frame_release(frames[i]) != 0;
    return stuck;
}

/* Switches to t, checks both halves through it; leaves CR3 = t->l4. */
static void tree_enter(const struct tree *t)
{
    test_check("  NEW_BASEPTR to the new L4", mmuext1(MMUEXT_NEW_BASEPTR, t->l4, 0), 0);
    test_check("  its private page reads 'T'", read_va(TREE_VA), 'T');
    *(volatile char *)TREE_VA = 'U';
    test_check("  the M2P slot is filled", (frame_entry(t->l4, 256) & PTE_P) != 0, 1);
    if (frame_entry(t->l4, 256) & PTE_P)
        test_check("  the M2P reads through it", mfn_to_pfn(t->data) < p2m_nr_pages(), 1);
}

/* Late pin, switch, switch back, early unpin, reuse. */
static void tree_pinned(void)
{
    struct tree t;

    tree_build(&t);
    test_check("tree: construction landed", frame_entry(t.l4, TREE_SLOT),
               pte_make(t.l3, PTE_TABLE));
    test_check("  pin L4 while it is mapped writable -EINVAL", pin(4, t.l4), -XEN_EINVAL);
    test_check("  remap it read-only", scratch_map(SLOT_A, t.l4, 0), 0);
    test_check("  unmap it", scratch_unmap(SLOT_A), 0);
    test_check("  late pin of the whole tree", pin(4, t.l4), 0);
    test_check("  its L3 was validated too (map writable -EBUSY)",
               scratch_map(SLOT_B, t.l3, PTE_RW), -XEN_EBUSY);
    tree_enter(&t);
    test_check("  NEW_BASEPTR back to the bootstrap L4",
               mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
    test_check("  sandbox reads 'A' again", read_va(SANDBOX_VA), 'A');
    test_check("  the write through the new tree landed", frame_byte(t.data, 0), 'U');
    test_check("  early unpin", unpin(t.l4), 0);
    test_check("  every frame reusable", tree_release(&t), 0);
}

/* A tree that is never pinned: CR3 alone holds it, and the switch back frees it. */
static void tree_unpinned(void)
{
    struct tree t;

    tree_build(&t);
    test_check("tree without a pin: unmap the L4", scratch_unmap(SLOT_A), 0);
    tree_enter(&t);
    test_check("  NEW_BASEPTR back", mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
    test_check("  unpin the never-pinned L4 -EINVAL", unpin(t.l4), -XEN_EINVAL);
    test_check("  every frame reusable", tree_release(&t), 0);
}

/* Unpinning the current base: CR3 keeps the tree alive until the switch. */
static void tree_unpin_while_current(void)
{
    struct tree t;

    tree_build(&t);
    test_check("tree unpinned while current: unmap the L4", scratch_unmap(SLOT_A), 0);
    test_check("  pin it", pin(4, t.l4), 0);
    tree_enter(&t);
    test_check("  unpin the current base", unpin(t.l4), 0);
    test_check("  still running on it: private page", read_va(TREE_VA), 'U');
    test_check("  its L3 is still a table (map writable -EBUSY)",
               scratch_map(SLOT_B, t.l3, PTE_RW), -XEN_EBUSY);
    test_check("  NEW_BASEPTR back", mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
    test_check("  every frame reusable", tree_release(&t), 0);
}

/* The tree group. */
void test_tree(void)
{
    group("tree: a whole new address space");
    tree_pinned();
    tree_unpinned();
    tree_unpin_while_current();
}
