/*
 * Fork-style duplication of an address space (aspace.h), four ways.
 *
 * The child's tree has the parent's shape: one table for each of the
 * parent's, taken up front (pt_tables_new) so that running out of frames
 * changes nothing.  Each L1 entry is shared copy-on-write:
 *
 *   parent L1[i] = F | RW          parent L1[i] = F | COW      (RW dropped:
 *                           ==>    child  L1[i] = F | COW       a checked update)
 *                                  frame_refs(F) + 1
 *
 * and read-only entries are shared as they are.  What differs is how the
 * child's tables come to hold their entries:
 *
 *   ASPACE_LATE_PIN    the child is plain while it is filled: every entry is
 *                      an ordinary store.  Then one batch seals every table
 *                      (read-only aliases) and pins the L4, and the
 *                      hypervisor validates the whole tree in one pass.
 *
 *   ASPACE_PER_PTE,    the child is made live first (empty tables, sealed,
 *   ASPACE_MMU_UPDATE, L4 pinned), then every entry, upper levels before
 *   ASPACE_MULTICALL   the tables below them, is a checked update through
 *                      the queue, in DIRECT, MMU_UPDATE or MULTICALL mode.
 *
 * The parent's own entries are live in every strategy (it may be the
 * current address space) and change through the queue too; if it is in CR3
 * the same batch ends with a TLB flush, so no stale writable translation
 * outlives the fork.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/layout.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_build.h"

struct fork {
    struct aspace *parent, *child;
    int live;                   /* child tables sealed: entries by hypercall */
    int parent_sealed;
    unsigned long *tables;      /* the child's tables, in walk order */
    unsigned long next;         /* the next one to use */
};

/* Counts the tables below table pfn of the given level, itself included. */
static unsigned long fork_count(unsigned long pfn, int level, unsigned int nr_entries)
{
    const uint64_t *entries = pt_entries(pfn);
    unsigned long n = 1;

    for (unsigned int i = 0; level > 1 && i < nr_entries; i++)
        if (entries[i] & PTE_P)
            n += fork_count(pt_entry_pfn(entries[i]), level - 1, PT_ENTRIES);
    return n;
}

/* Shares every frame L1 ppfn maps with the child's L1 cpfn.  The hot loop
 * of a fork (one pass per parent entry), so it writes the entries itself:
 * a writable parent entry becomes copy-on-write (queued, or a store if the
 * parent is plain), and the child gets the same entry (queued if live,
 * else a store). */
static void fork_l1(struct fork *f, unsigned long ppfn, unsigned long cpfn)
{
    uint64_t *parent = pt_entries(ppfn), *child = pt_entries(cpfn);
    uint64_t parent_maddr = pte_make(pfn_to_mfn(ppfn), 0);
    uint64_t child_maddr = pte_make(pfn_to_mfn(cpfn), 0);

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        uint64_t entry = parent[i];

        if (!(entry & PTE_P)) {
            if (!f->live)
                child[i] = 0;
            continue;
        }
        if (entry & PTE_RW) {
            entry = (entry & ~PTE_RW) | PTE_COW;
            if (f->parent_sealed)
                mmu_batch_pte(parent_maddr + i * sizeof(uint64_t), entry);
            else
                parent[i] = entry;
        }
        frame_ref_get(pt_entry_pfn(entry));
        if (f->live)
            mmu_batch_pte(child_maddr + i * sizeof(uint64_t), entry);
        else
            child[i] = entry;
    }
}

/* Fills child table cpfn from parent table ppfn of a level above 1 (level
 * 4: the lower half only), recursing into the tables below; pre-order, so
 * that in live mode a table is hooked in before its entries are written. */
static void fork_table(struct fork *f, unsigned long ppfn, unsigned long cpfn, int level)
{
    const uint64_t *entries = pt_entries(ppfn);
    unsigned int nr = level == 4 ? PT_ENTRIES / 2 : PT_ENTRIES;

    for (unsigned int i = 0; i < nr; i++) {
        uint64_t entry = entries[i];
        unsigned long table;

        if (!(entry & PTE_P)) {
            if (!f->live)
                pt_entries(cpfn)[i] = 0;
            continue;
        }
        table = f->tables[f->next++];
        pt_write(f->live, cpfn, i, pte_make(pfn_to_mfn(table), entry & ~PTE_MFN_MASK));
        if (level == 2)
            fork_l1(f, pt_entry_pfn(entry), table);
        else
            fork_table(f, pt_entry_pfn(entry), table, level - 1);
    }
}

/* The batch mode of each strategy. */
static enum mmu_batch_mode fork_mode(enum aspace_strategy s)
{
    switch (s) {
    case ASPACE_PER_PTE:
        return MMU_BATCH_DIRECT;
    case ASPACE_MMU_UPDATE:
        return MMU_BATCH_MMU_UPDATE;
    default:
        return MMU_BATCH_MULTICALL;
    }
}

/* Queues sealing every table of the child and pinning its L4: before the
 * entries for live strategies (on empty tables), after them for late pin. */
static void fork_seal_and_pin(struct fork *f, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        pt_seal(f->tables[i]);
    mmu_batch_ext(MMUEXT_PIN_L4_TABLE, pfn_to_mfn(f->tables[0]), 0);
}

/* Live strategies: empty tables (the L4's upper half is already filled),
 * sealed, the L4 pinned. */
static void fork_make_live(struct fork *f, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        memset(pt_entries(f->tables[i]), 0, i == 0 ? PAGE_SIZE / 2 : PAGE_SIZE);
    fork_seal_and_pin(f, n);
}

/* Counts, takes the tables, fills them per strategy, one flush at the end.
 * A hypercall that fails is a bug in this file: it is reported and the
 * child's frames are left where they are. */
struct aspace *aspace_fork(struct aspace *parent, enum aspace_strategy s)
{
    enum mmu_batch_mode saved_mode = mmu_batch_mode();
    unsigned int limit = mmu_batch_limit();
    struct fork f = { .parent = parent, .live = s != ASPACE_LATE_PIN };
    unsigned long n = fork_count(parent->l4, 4, PT_ENTRIES / 2);
    long rc;

    if (aspace_cow_install() != 0 || (f.child = malloc(sizeof(*f.child))) == NULL)
        return NULL;
    f.tables = malloc(n * sizeof(*f.tables));
    if (f.tables == NULL || pt_tables_new(n, f.tables) != 0) {
        free(f.tables);
        free(f.child);
        return NULL;
    }
    f.parent_sealed = (parent->flags & ASPACE_SEALED) != 0;
    f.next = 1;
    mmu_batch_set_mode(fork_mode(s), limit);
    aspace_l4_upper(f.tables[0]);
    if (f.live)
        fork_make_live(&f, n);
    fork_table(&f, parent->l4, f.tables[0], 4);
    if (!f.live)
        fork_seal_and_pin(&f, n);
    if (parent == aspace_current())
        mmu_batch_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    rc = mmu_batch_set_mode(saved_mode, limit);
    f.child->l4 = f.tables[0];
    free(f.tables);
    if (rc != 0) {
        printf("aspace: fork failed: %ld (the child's frames are lost)\n", rc);
        free(f.child);
        return NULL;
    }
    f.child->flags = ASPACE_SEALED | ASPACE_PINNED;
    f.child->keep_pinned = 1;
    return f.child;
}
