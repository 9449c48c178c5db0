/*
 * Tree snapshots (trace/trace.h): the page tables reachable from an L4, one
 * record per table, parents before their children:
 *
 *   tree begin cr3=<the kernel base> root=<this tree's L4> why=boot|pin|baseptr|end
 *   tree node mfn level type type_count count pinned parent slot entries writable
 *     ... (an L4, then for each present slot its L3, its L2s, their L1s)
 *   tree end nodes=<n>
 *
 * Data frames are not listed: an L1's entries and writable fields count
 * them.  The walk follows only entries to validated tables of the next level
 * down, so it ends (levels only go down) and never leaves guest tables;
 * the hypervisor's L4 slots and read-only self-maps are skipped.
 */
#include "trace/trace.h"
#include "domain/domain.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/pte_rules.h"
#include "abi/layout.h"

/* Returns 1 if slot i of a level-level table is the hypervisor's. */
static int hv_slot(unsigned level, unsigned i)
{
    return level == 4 && i >= FIRST_HV_L4_SLOT && i <= LAST_HV_L4_SLOT;
}

/* Returns 1 if mfn is a validated table of level.  (Not frame_is_table:
 * calling that with a new constant would change how GCC specialises it
 * for its callers on the hot paths.) */
static int validated_table(uint64_t mfn, unsigned level)
{
    return mfn < frame_max_mfn() && frame_of(mfn)->type == FT_L1 + level - 1 &&
           (frame_of(mfn)->flags & FRAME_VALIDATED);
}

/* Counts the present (and writable) entries of a table; see trace/trace.h. */
uint64_t trace_table_entries(uint64_t mfn, unsigned level)
{
    const uint64_t *t = mfn_to_virt(mfn);
    uint64_t present = 0, writable = 0;

    for (unsigned i = 0; i < 512; i++) {
        if (!(t[i] & PTE_P) || hv_slot(level, i))
            continue;
        present++;
        writable += (t[i] & PTE_RW) != 0;
    }
    return present << 32 | writable;
}

/* Emits the node of the level-level table mfn, entry slot of parent
 * (~0 and -1 for the root). */
TRACE_HOOK static void emit_node(uint64_t mfn, unsigned level, uint64_t parent, int slot)
{
    const struct frame *f = frame_of(mfn);
    struct trace_record r = trace_record_now(TC_TREE, TO_TREE_NODE);

    r.a = (uint8_t)level;
    r.b = (f->flags & FRAME_PINNED) != 0;
    r.rc = slot;
    r.v[0] = mfn;
    r.v[1] = parent;
    r.v[2] = (uint64_t)f->type_count << 32 | f->count;
    r.v[3] = trace_table_entries(mfn, level);
    trace_emit(&r);
}

/* Returns the table of the next level down that entry i of the level-level
 * table t (at mfn) points to, or 0 if it points to none. */
static uint64_t child_table(const uint64_t *t, uint64_t mfn, unsigned level, unsigned i)
{
    uint64_t child = pte_mfn(t[i]);

    if (level == 1 || !(t[i] & PTE_P) || hv_slot(level, i) || child == mfn ||
        !validated_table(child, level - 1))
        return 0;
    return child;
}

/* Emits the L4 root and every table below it, depth first, parents before
 * children; returns the number of nodes.  A loop over an explicit path of
 * at most four tables, kept in static memory rather than recursion or a
 * stack array: either made GCC realign the stack in every function that
 * can reach here (machine_exit, so the hypercall exit path too), two
 * instructions on each hypercall with exit work even with tracing off. */
TRACE_HOOK static uint64_t walk(uint64_t root)
{
    static struct { uint64_t mfn; unsigned next; } path[4];    /* not on the stack: see below */
    unsigned depth = 0;
    uint64_t nodes = 1;

    emit_node(root, 4, ~0UL, -1);
    path[0].mfn = root;
    path[0].next = 0;
    for (;;) {
        unsigned level = 4 - depth, i = path[depth].next;
        const uint64_t *t = mfn_to_virt(path[depth].mfn);
        uint64_t child;

        if (i == 512) {
            if (depth-- == 0)
                return nodes;
            continue;
        }
        path[depth].next = i + 1;
        if (!(child = child_table(t, path[depth].mfn, level, i)))
            continue;
        emit_node(child, level - 1, path[depth].mfn, (int)i);
        nodes++;
        depth++;
        path[depth].mfn = child;
        path[depth].next = 0;
    }
}

/* Emits the tree below the L4 root (nothing but begin and end if root is
 * not a validated L4). */
void trace_tree(uint64_t root, enum trace_tree_why why)
{
    struct trace_record r = trace_record_now(TC_TREE, TO_TREE_BEGIN);
    uint64_t nodes = 0;

    r.a = (uint8_t)why;
    r.v[0] = dom0.l4_mfn;
    r.v[1] = root;
    trace_emit(&r);
    if (validated_table(root, 4))
        nodes = walk(root);
    r = trace_record_now(TC_TREE, TO_TREE_END);
    r.v[0] = nodes;
    trace_emit(&r);
}
