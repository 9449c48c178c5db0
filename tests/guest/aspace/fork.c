/*
 * Fork with copy-on-write.  A parent with data forks a child; the child
 * must see the data, a write on either side must stay on that side, and
 * only a frame still shared may be copied: once the child has its own
 * copy, the parent's next write must reuse the parent's frame.  Then the
 * same three levels deep (nested forks), a fork of an address space that is
 * not current, and the frame count, which must come back exactly to what
 * it was once everything is destroyed.
 */
#include "tests/guest/aspace/aspace_test.h"

#define PAGES 4

/* Checks that the current address space shows tag at every page. */
static int shows(char tag)
{
    int ok = 1;

    for (int i = 0; i < PAGES; i++)
        ok &= peek(VA_LOW + i * PAGE_SIZE + 100) == tag;
    return ok;
}

/* Writes tag to every page of the current address space. */
static void write_all(char tag)
{
    for (int i = 0; i < PAGES; i++)
        poke(VA_LOW + i * PAGE_SIZE + 100, tag);
}

/* Parent and child, both sides written. */
static void fork_once(void)
{
    struct aspace *parent = aspace_with(VA_LOW, PAGES), *child;
    unsigned long frame;
    uint64_t entry;

    if (parent == NULL)
        return;
    aspace_switch(parent);
    write_all('p');
    frame = mapped_pfn(parent, VA_LOW);
    child = aspace_fork(parent, ASPACE_LATE_PIN);
    test_check("fork: child made", child != NULL, 1);
    if (child == NULL)
        return;
    entry = aspace_lookup(parent, VA_LOW);
    test_check("fork: parent entry now read-only copy-on-write",
               (entry & (PTE_RW | PTE_COW)) == PTE_COW, 1);
    test_check("fork: child entry identical", aspace_lookup(child, VA_LOW), entry);
    test_check("fork: the frame has two mappings", frame_refs(frame), 2);
    test_check("fork: parent still reads its data", shows('p'), 1);
    aspace_switch(child);
    test_check("fork: child sees the parent's data", shows('p'), 1);
    write_all('c');
    test_check("fork: child reads its own writes", shows('c'), 1);
    test_check("fork: child got its own frame", mapped_pfn(child, VA_LOW) != frame, 1);
    test_check("fork: child entry writable, not copy-on-write",
               aspace_lookup(child, VA_LOW) & (PTE_RW | PTE_COW), PTE_RW);
    test_check("fork: the parent's frame has one mapping left", frame_refs(frame), 1);
    aspace_switch(parent);
    test_check("fork: parent unaffected by the child's writes", shows('p'), 1);
    write_all('q');
    test_check("fork: parent writes in place (no copy of an unshared frame)",
               mapped_pfn(parent, VA_LOW), frame);
    aspace_switch(child);
    test_check("fork: child unaffected by the parent's writes", shows('c'), 1);
    aspace_switch(aspace_kernel());
    test_check("fork: destroy child and parent",
               aspace_destroy(child) == 0 && aspace_destroy(parent) == 0, 1);
}

/* Three generations, each writing after its fork. */
static void fork_nested(void)
{
    struct aspace *gen[3];
    static const char tags[3] = { '0', '1', '2' };
    int ok = 1;

    gen[0] = aspace_with(VA_LOW, PAGES);
    if (gen[0] == NULL)
        return;
    aspace_switch(gen[0]);
    write_all(tags[0]);
    for (int g = 1; g < 3; g++) {
        gen[g] = aspace_fork(gen[g - 1], ASPACE_LATE_PIN);
        if (gen[g] == NULL) {
            test_check("nested: fork", -1, 0);
            return;
        }
        aspace_switch(gen[g]);
        ok &= shows(tags[g - 1]);
        write_all(tags[g]);
    }
    test_check("nested: each child saw its parent's data", ok, 1);
    ok = 1;
    for (int g = 0; g < 3; g++) {
        aspace_switch(gen[g]);
        ok &= shows(tags[g]);
    }
    test_check("nested: each generation keeps its own data", ok, 1);
    test_check("nested: three distinct frames at one VA",
               mapped_pfn(gen[0], VA_LOW) != mapped_pfn(gen[1], VA_LOW) &&
               mapped_pfn(gen[1], VA_LOW) != mapped_pfn(gen[2], VA_LOW) &&
               mapped_pfn(gen[0], VA_LOW) != mapped_pfn(gen[2], VA_LOW), 1);
    aspace_switch(aspace_kernel());
    for (int g = 2; g >= 0; g--)
        ok &= aspace_destroy(gen[g]) == 0;
    test_check("nested: destroy all three", ok, 1);
}

/* A parent that is not in CR3 (sealed, pinned) forks too; the child's
 * first write copies, the destroyed child leaves the parent whole. */
static void fork_not_current(void)
{
    struct aspace *parent = aspace_with(VA_LOW, PAGES), *child;

    if (parent == NULL)
        return;
    aspace_switch(parent);
    write_all('n');
    aspace_switch(aspace_kernel());
    child = aspace_fork(parent, ASPACE_MULTICALL);
    test_check("fork of a parent not in CR3", child != NULL, 1);
    if (child == NULL)
        return;
    test_check("fork: destroy the child before it ever ran", aspace_destroy(child), 0);
    test_check("fork: parent's frame back to one mapping",
               frame_refs(mapped_pfn(parent, VA_LOW)), 1);
    aspace_switch(parent);
    test_check("fork: parent still reads its data", shows('n'), 1);
    aspace_switch(aspace_kernel());
    aspace_destroy(parent);
}

void test_fork(void)
{
    unsigned long free_before;

    fork_once();                        /* also warms up the heap */
    free_before = pfn_nr_free();
    fork_once();
    fork_nested();
    fork_not_current();
    test_check("fork: destroy returns every frame (free count before == after)",
               pfn_nr_free(), free_before);
}
