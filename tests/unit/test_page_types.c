/*
 * The page-type state machine (hv/mm/page_type.[ch]; docs/pv-mmu.md §4,
 * pv-abi.md §8.1) on the fake machine (fake_machine.h): general references
 * (frame_get / frame_put) and type references (frame_get_type /
 * frame_put_type and their slow halves frame_get_first_type and
 * frame_put_last_type).
 *
 * These counts are the whole safety argument of the PV MMU: a frame is a
 * page table or mapped writable, never both, only because the type can
 * change at type count 0 and nowhere else.  A count that leaks keeps a frame
 * typed for ever; one that drops too early lets a live table become
 * writable.  Tested, with the exact return value and the frame table after
 * each step:
 *   - frame_get/put on a guest frame, and refusal (-1, nothing counted) for
 *     the hypervisor's, free frames and frames beyond frame_limit;
 *   - the first type reference retypes and asks for a TLB flush only if the
 *     type changes; the same type counts up; another type while referenced
 *     is -EINVAL and changes nothing; at type count 0 any type goes again;
 *   - a page-table type is validated on its first reference (the type is set
 *     before, so an L1 mapping itself writable is refused) and a failed
 *     validation leaves type count 0;
 *   - the last type reference of a validated table devalidates it and, in
 *     turn, the whole L4 -> L3 -> L2 -> L1 -> data tree below it, but not a
 *     table another parent still references; the last reference of a
 *     writable frame does no work at all (its contents are never read);
 *   - the descriptor-page type (validated by the descriptor check, never
 *     marked VALIDATED), frame_is_table, and the audit that the other MM
 *     tests use as an oracle: it agrees with a correct frame table and
 *     finds each kind of wrong count.
 */
#include "unit.h"
#include "fake_machine.h"
#include "abi/errno.h"

/* Frame flags, short: the frame-table rows below read like docs/pv-mmu.md. */
#define V FRAME_VALIDATED
#define P FRAME_PINNED

static void get_put_guest_frame(void **state)
{
    uint64_t m = fake_alloc();

    (void)state;
    assert_int_equal(frame_get(m), 0);
    assert_frame(m, FT_NONE, 1, 0, 0);
    assert_int_equal(frame_get(m), 0);
    assert_frame(m, FT_NONE, 2, 0, 0);
    frame_put(m);
    assert_frame(m, FT_NONE, 1, 0, 0);
    frame_put(m);
    assert_frame(m, FT_NONE, 0, 0, 0);
    assert_false(fake_tlb_flush_requested());
}

/* The hypervisor's frames (owner FRAME_HV) and free frames are not the
 * guest's: no reference on them, and no count changes. */
static void get_refused_for_foreign_frames(void **state)
{
    const uint64_t mfns[] = { 0, 1, FAKE_FIRST_GUEST - 1, FAKE_FIRST_FREE, FAKE_FRAMES - 1 };
    struct fake_snapshot s;

    (void)state;
    fake_save(&s);
    for (unsigned i = 0; i < sizeof(mfns) / sizeof(mfns[0]); i++)
        assert_int_equal(frame_get(mfns[i]), -1);
    assert_counts_as_saved(&s);
}

/* MFNs at or past frame_limit have no frame-table entry: refused before the
 * table is read (ASan would report a read past the table). */
static void get_refused_beyond_frame_limit(void **state)
{
    const uint64_t mfns[] = { FAKE_FRAMES, FAKE_FRAMES + 1, 1UL << 32, (1UL << 40) - 1, UINT64_MAX };
    struct fake_snapshot s;

    (void)state;
    fake_save(&s);
    for (unsigned i = 0; i < sizeof(mfns) / sizeof(mfns[0]); i++)
        assert_int_equal(frame_get(mfns[i]), -1);
    assert_counts_as_saved(&s);
}

/* The first type reference sets the type and makes type_count 1.  It takes
 * no general reference, and a frame never typed before asks for no TLB
 * flush: no translation of it can be stale (type_changes_once_count_is_zero
 * shows the flush when a frame really changes type). */
static void first_type_reference_retypes(void **state)
{
    uint64_t w = fake_alloc(), t = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_frame(w, FT_WRITABLE, 0, 1, 0);
    assert_false(fake_tlb_flush_requested());

    assert_int_equal(frame_get_type(t, FT_L1), 0);     /* an empty L1 */
    assert_frame(t, FT_L1, 0, 1, V);
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(fake_validations, 1);
}

/* More references of the type a frame has: type_count counts up and down,
 * with no retyping, no flush and no validation. */
static void same_type_counts_up(void **state)
{
    uint64_t w = fake_alloc(), t = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(t, FT_L2), 0);
    fake_tlb_clear();
    fake_counters_clear();
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(t, FT_L2), 0);
    assert_frame(w, FT_WRITABLE, 0, 3, 0);
    assert_frame(t, FT_L2, 0, 2, V);
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(fake_validations, 0);

    frame_put_type(w);
    frame_put_type(t);
    assert_frame(w, FT_WRITABLE, 0, 2, 0);
    assert_frame(t, FT_L2, 0, 1, V);
    assert_int_equal(fake_devalidations, 0);
}

/* A writable frame whose type count went to 0 and is made writable again
 * keeps its type: no flush (inline fast path of frame_get_type). */
static void writable_again_needs_no_flush(void **state)
{
    uint64_t w = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    frame_put_type(w);
    assert_frame(w, FT_WRITABLE, 0, 0, 0);
    fake_tlb_clear();
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_frame(w, FT_WRITABLE, 0, 1, 0);
    assert_false(fake_tlb_flush_requested());
}

/* While a frame holds type references, any other type is -EINVAL, and the
 * frame is left exactly as it was (nothing validated, no flush). */
static void other_type_refused_while_referenced(void **state)
{
    uint64_t w = fake_alloc(), t = fake_alloc();
    const enum frame_type not_w[] = { FT_L1, FT_L2, FT_L3, FT_L4, FT_SEG_DESC };
    const enum frame_type not_l2[] = { FT_L1, FT_L3, FT_L4, FT_SEG_DESC, FT_WRITABLE };

    (void)state;
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(t, FT_L2), 0);
    fake_tlb_clear();
    fake_counters_clear();
    for (unsigned i = 0; i < 5; i++) {
        assert_int_equal(frame_get_type(w, not_w[i]), -XEN_EINVAL);
        assert_int_equal(frame_get_type(t, not_l2[i]), -XEN_EINVAL);
    }
    assert_frame(w, FT_WRITABLE, 0, 1, 0);
    assert_frame(t, FT_L2, 0, 1, V);
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(fake_validations, 0);
}

/* Once the type count is back at 0, the frame can become anything: each
 * change of type asks for a flush; a table is validated again each time it
 * becomes one and devalidated when it stops. */
static void type_changes_once_count_is_zero(void **state)
{
    uint64_t m = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(m, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(m, FT_L1), -XEN_EINVAL);
    frame_put_type(m);

    fake_tlb_clear();
    assert_int_equal(frame_get_type(m, FT_L1), 0);
    assert_frame(m, FT_L1, 0, 1, V);
    assert_true(fake_tlb_flush_requested());
    frame_put_type(m);
    assert_frame(m, FT_L1, 0, 0, 0);            /* keeps its type value */
    assert_int_equal(fake_devalidations, 1);

    fake_tlb_clear();
    assert_int_equal(frame_get_type(m, FT_WRITABLE), 0);
    assert_frame(m, FT_WRITABLE, 0, 1, 0);
    assert_true(fake_tlb_flush_requested());
    frame_put_type(m);

    fake_tlb_clear();
    assert_int_equal(frame_get_type(m, FT_L4), 0);
    assert_frame(m, FT_L4, 0, 1, V);
    assert_true(fake_tlb_flush_requested());
    assert_int_equal(fake_validations, 2);
}

/* A full TLB flush after the last type reference went (tlb_flush_all
 * counts them in tlb_flush_epoch): no translation from the old type can
 * be cached any more, so the change of type asks for no flush of its own. */
static void type_change_after_full_flush_needs_no_flush(void **state)
{
    uint64_t m = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(m, FT_L1), 0);
    frame_put_type(m);
    tlb_flush_epoch++;                          /* what tlb_flush_all() counts */
    fake_tlb_clear();
    assert_int_equal(frame_get_type(m, FT_WRITABLE), 0);
    assert_frame(m, FT_WRITABLE, 0, 1, 0);
    assert_false(fake_tlb_flush_requested());
    frame_put_type(m);
    assert_int_equal(frame_get_type(m, FT_L2), 0);          /* no flush since: asks */
    assert_true(fake_tlb_flush_requested());
}

/* A table typed again as the same level after its count went to 0: no
 * flush (the type did not change), but it is validated again. */
static void same_table_type_again_no_flush(void **state)
{
    uint64_t t = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(t, FT_L3), 0);
    frame_put_type(t);
    fake_tlb_clear();
    fake_counters_clear();
    assert_int_equal(frame_get_type(t, FT_L3), 0);
    assert_frame(t, FT_L3, 0, 1, V);
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(fake_validations, 1);
}

/* The type is set before validation (docs/pv-mmu.md §4): an L1 entry that
 * maps its own table writable finds a frame typed L1 and is refused, so a
 * table can never map itself writable.  Read-only it is fine (a general
 * reference on itself). */
static void l1_mapping_itself(void **state)
{
    uint64_t t = fake_alloc();
    uint64_t *e = fake_page(t);

    (void)state;
    e[3] = pte(t, PTE_PRW);
    assert_int_equal(frame_get_type(t, FT_L1), -XEN_EBUSY);
    assert_frame(t, FT_L1, 0, 0, 0);

    e[3] = pte(t, PTE_P);
    assert_int_equal(frame_get_type(t, FT_L1), 0);
    assert_frame(t, FT_L1, 1, 1, V);
    frame_put_type(t);
    assert_frame(t, FT_L1, 0, 0, 0);
}

/* A failed validation returns its error and leaves the frame at type count
 * 0 and not validated (its type value is the one it tried); the frame can
 * then be made writable. */
static void failed_validation(void **state)
{
    uint64_t t = fake_alloc(), l1 = fake_alloc();

    (void)state;
    fake_page(t)[0] = pte(l1, PTE_PRW);
    fake_page(t)[1] = pte(l1, PTE_P | PTE_PSE);         /* a 2 MiB page: refused */
    assert_int_equal(frame_get_type(t, FT_L2), -XEN_EINVAL);
    assert_frame(t, FT_L2, 0, 0, 0);
    assert_frame(l1, FT_L1, 0, 0, 0);       /* validated for entry 0, then given back */
    assert_int_equal(fake_validations, 2);
    assert_int_equal(fake_devalidations, 1);

    fake_tlb_clear();
    assert_int_equal(frame_get_type(t, FT_WRITABLE), 0);
    assert_frame(t, FT_WRITABLE, 0, 1, 0);
    assert_true(fake_tlb_flush_requested());
}

/* The last type reference of an L4 devalidates the whole tree below it:
 * every table loses its references, the data frames too (one mapped
 * writable, one read-only).  The entries stay in memory (adjusted). */
static void last_reference_devalidates_tree(void **state)
{
    struct fake_chain c;
    uint64_t ro;

    (void)state;
    fake_build_chain(&c);
    ro = fake_alloc();
    fake_page(c.l1)[1] = pte(ro, PTE_P);

    assert_int_equal(frame_get_type(c.l4, FT_L4), 0);
    assert_int_equal(fake_validations, 4);
    assert_frame(c.l4, FT_L4, 0, 1, V);
    assert_frame(c.l3, FT_L3, 1, 1, V);
    assert_frame(c.l2, FT_L2, 1, 1, V);
    assert_frame(c.l1, FT_L1, 1, 1, V);
    assert_frame(c.data, FT_WRITABLE, 1, 1, 0);
    assert_frame(ro, FT_NONE, 1, 0, 0);

    frame_put_type(c.l4);
    assert_int_equal(fake_devalidations, 4);
    assert_frame(c.l4, FT_L4, 0, 0, 0);
    assert_frame(c.l3, FT_L3, 0, 0, 0);
    assert_frame(c.l2, FT_L2, 0, 0, 0);
    assert_frame(c.l1, FT_L1, 0, 0, 0);
    assert_frame(c.data, FT_WRITABLE, 0, 0, 0);
    assert_frame(ro, FT_NONE, 0, 0, 0);
    assert_int_equal(fake_page(c.l1)[0], pte(c.data, PTE_PRW | PTE_US | PTE_GUEST_KERNEL));
    assert_int_equal(fake_page(c.l4)[0], pte(c.l3, PTE_PRW | PTE_US | PTE_A));
}

/* What the trace's twins of pt_validate and pt_devalidate see: each table
 * validated once its validation ended (children first, with the result),
 * each devalidated one before its devalidation (parents first); frames
 * becoming writable call neither. */
static void tables_reach_validation_in_order(void **state)
{
    static const unsigned order[4] = { FT_L1, FT_L2, FT_L3, FT_L4 };
    struct fake_chain c;
    uint64_t mfns[4], bad = fake_alloc();

    (void)state;
    fake_build_chain(&c);
    mfns[0] = c.l1, mfns[1] = c.l2, mfns[2] = c.l3, mfns[3] = c.l4;
    assert_int_equal(fake_pin(c.l4, FT_L4), 0);
    assert_int_equal(fake_table_calls, 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(fake_table_log[i].devalidate, 0);
        assert_int_equal(fake_table_log[i].mfn, mfns[i]);
        assert_int_equal(fake_table_log[i].type, order[i]);
        assert_int_equal(fake_table_log[i].rc, 0);
    }
    fake_counters_clear();
    fake_unpin(c.l4);
    assert_int_equal(fake_table_calls, 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(fake_table_log[i].devalidate, 1);
        assert_int_equal(fake_table_log[i].mfn, mfns[3 - i]);
        assert_int_equal(fake_table_log[i].type, order[3 - i]);
    }

    fake_counters_clear();
    fake_page(bad)[0] = pte(bad, PTE_PRW);              /* a writable self-map: refused */
    assert_int_equal(frame_get_type(bad, FT_L2), -XEN_EINVAL);
    assert_int_equal(fake_table_calls, 1);
    assert_int_equal(fake_table_log[0].mfn, bad);
    assert_int_equal(fake_table_log[0].rc, -XEN_EINVAL);
}

/* A table with two parents stays validated until the second one lets go. */
static void shared_table_outlives_one_parent(void **state)
{
    uint64_t a = fake_alloc(), b = fake_alloc(), x = fake_alloc(), d = fake_alloc();

    (void)state;
    fake_page(a)[0] = pte(x, PTE_PRW);
    fake_page(b)[7] = pte(x, PTE_P);
    fake_page(x)[0] = pte(d, PTE_PRW);
    assert_int_equal(frame_get_type(a, FT_L2), 0);
    assert_int_equal(frame_get_type(b, FT_L2), 0);
    assert_int_equal(fake_validations, 3);          /* a, x, b: x once */
    assert_frame(x, FT_L1, 2, 2, V);
    assert_frame(d, FT_WRITABLE, 1, 1, 0);

    frame_put_type(a);
    assert_int_equal(fake_devalidations, 1);
    assert_frame(a, FT_L2, 0, 0, 0);
    assert_frame(x, FT_L1, 1, 1, V);
    assert_frame(d, FT_WRITABLE, 1, 1, 0);

    frame_put_type(b);
    assert_int_equal(fake_devalidations, 3);
    assert_frame(x, FT_L1, 0, 0, 0);
    assert_frame(d, FT_WRITABLE, 0, 0, 0);
}

/* Dropping the last reference of a writable frame does nothing but count:
 * what it holds looks like page-table entries, but it is not a table, so
 * nothing is read or released, and the memory is untouched. */
static void writable_last_reference_needs_no_work(void **state)
{
    uint64_t w = fake_alloc(), x = fake_alloc();
    uint64_t copy[512];

    (void)state;
    assert_int_equal(frame_get(x), 0);
    for (unsigned i = 0; i < 512; i++)
        fake_page(w)[i] = pte(x, PTE_PRW);
    memcpy(copy, fake_page(w), sizeof(copy));

    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    frame_put_type(w);
    frame_put_type(w);
    assert_frame(w, FT_WRITABLE, 0, 0, 0);
    assert_frame(x, FT_NONE, 1, 0, 0);
    assert_int_equal(fake_validations, 0);
    assert_int_equal(fake_devalidations, 0);
    assert_memory_equal(fake_page(w), copy, sizeof(copy));
}

/* frame_is_table: a validated guest table of exactly that level. */
static void is_table(void **state)
{
    uint64_t t = fake_alloc(), w = fake_alloc();

    (void)state;
    assert_int_equal(frame_get_type(t, FT_L2), 0);
    assert_int_equal(frame_get_type(w, FT_WRITABLE), 0);
    assert_int_equal(frame_is_table(t, FT_L2), 1);
    assert_int_equal(frame_is_table(t, FT_L1), 0);
    assert_int_equal(frame_is_table(t, FT_L3), 0);
    assert_int_equal(frame_is_table(w, FT_L1), 0);
    assert_int_equal(frame_is_table(0, FT_NONE), 0);
    assert_int_equal(frame_is_table(FAKE_FRAMES, FT_L2), 0);
    assert_int_equal(frame_is_table(UINT64_MAX, FT_L2), 0);
    frame_put_type(t);
    assert_int_equal(frame_is_table(t, FT_L2), 0);  /* type L2 still, not validated */
}

/* The descriptor-page type: its first reference runs the descriptor check
 * over the page (fixing descriptors up in place); it is never marked
 * VALIDATED, so its last reference does no devalidation.  A page with a
 * descriptor the check refuses cannot take the type. */
static void descriptor_page_type(void **state)
{
    uint64_t g = fake_alloc(), bad = fake_alloc();

    (void)state;
    fake_page(g)[1] = 0x00af9b000000ffffUL;            /* code, DPL 0 */
    assert_int_equal(frame_get_type(g, FT_SEG_DESC), 0);
    assert_frame(g, FT_SEG_DESC, 0, 1, 0);
    assert_int_equal(fake_page(g)[1], 0x00affb000000ffffUL);    /* DPL raised to 3 */
    assert_int_equal(frame_get_type(g, FT_WRITABLE), -XEN_EINVAL);
    assert_int_equal(frame_get_type(g, FT_L1), -XEN_EINVAL);
    assert_int_equal(frame_get_type(g, FT_SEG_DESC), 0);
    frame_put_type(g);
    frame_put_type(g);
    assert_frame(g, FT_SEG_DESC, 0, 0, 0);
    assert_int_equal(fake_devalidations, 0);
    assert_int_equal(fake_validations, 0);

    fake_page(bad)[100] = 0x0000890000000067UL;        /* a 64-bit TSS */
    assert_int_equal(frame_get_type(bad, FT_SEG_DESC), -XEN_EINVAL);
    assert_frame(bad, FT_SEG_DESC, 0, 0, 0);
}

/* The audit (hv/mm/audit.c), which the other tests use as an oracle, agrees
 * with the counts of a pinned tree, and reports each kind of wrong count:
 * a general count, a type count, the validated flag of a table. */
static void audit_agrees_and_detects(void **state)
{
    struct fake_chain c;

    (void)state;
    fake_build_chain(&c);
    assert_int_equal(fake_audit(), 0);          /* nothing referenced: all 0 */
    assert_int_equal(fake_pin(c.l4, FT_L4), 0);
    assert_frame(c.l4, FT_L4, 1, 1, V | P);
    assert_int_equal(fake_audit(), 0);

    frame_of(c.data)->count++;
    assert_int_equal(fake_audit(), 1);
    frame_of(c.data)->count--;
    frame_of(c.l2)->type_count++;
    assert_int_equal(fake_audit(), 1);
    frame_of(c.l2)->type_count--;
    frame_of(c.l1)->flags &= (uint8_t)~V;       /* l1, and data (its entry not walked) */
    assert_int_equal(fake_audit(), 2);
    frame_of(c.l1)->flags |= V;
    frame_of(c.l3)->type = FT_L2;               /* l3 wrong, and so l2 (read as an L1) */
    assert_int_equal(fake_audit(), 2);
    frame_of(c.l3)->type = FT_L3;
    assert_int_equal(fake_audit(), 0);

    fake_unpin(c.l4);
    assert_int_equal(fake_audit(), 0);
    assert_frame(c.data, FT_WRITABLE, 0, 0, 0);
}

#define T(f) cmocka_unit_test_setup(f, fake_machine_reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(get_put_guest_frame),
        T(get_refused_for_foreign_frames),
        T(get_refused_beyond_frame_limit),
        T(first_type_reference_retypes),
        T(same_type_counts_up),
        T(writable_again_needs_no_flush),
        T(other_type_refused_while_referenced),
        T(type_changes_once_count_is_zero),
        T(type_change_after_full_flush_needs_no_flush),
        T(same_table_type_again_no_flush),
        T(l1_mapping_itself),
        T(failed_validation),
        T(last_reference_devalidates_tree),
        T(tables_reach_validation_in_order),
        T(shared_table_outlives_one_parent),
        T(writable_last_reference_needs_no_work),
        T(is_table),
        T(descriptor_page_type),
        T(audit_agrees_and_detects),
    };

    return cmocka_run_group_tests(tests, NULL, fake_machine_free);
}
