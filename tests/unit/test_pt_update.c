/*
 * Changing one entry of a live page table: pt_update_l1 and pt_update_entry
 * (hv/mm/pt_update.[ch]; docs/pv-mmu.md §8, pv-abi.md §8.4), the common end
 * of mmu_update, update_va_mapping and writable page tables, on the fake
 * machine.  Then the worked example of docs/pv-mmu.md §12, step by step.
 *
 * A live table is one the CPU may walk, so an update must never store an
 * entry validation would refuse, must keep every count exact, and must not
 * drop a table's last reference on the way (that would devalidate, and so
 * unreference, a whole subtree the new entry still uses).  Tested on a
 * pinned L4 -> L3 -> L2 -> L1 -> data chain, with the audit after each step:
 *   - L1: map read-only / writable, unmap, RW -> RO and back on the same
 *     frame; the refusals (-EBUSY for a table, the L1 itself, a foreign
 *     frame; -EPERM beyond RAM) leave the entry and every count unchanged;
 *     an L1 change asks for no TLB flush (only a retyping does);
 *   - the same-refs fast path: exactly the bits outside frame, P, RW, PWT,
 *     PCD and PAT take it, shown by making the slow path impossible (the
 *     frame is handed to the hypervisor behind the MMU's back, so taking a
 *     new reference would fail); its result is still adjusted;
 *   - MMU_PT_UPDATE_PRESERVE_AD keeps A and D, on the fast and slow paths;
 *   - L2-L4: re-pointing an entry at the same table with other flags neither
 *     devalidates nor revalidates it (new references before old ones);
 *     switching tables validates the new one and devalidates the old one;
 *     clearing an entry devalidates the subtree; refused flags, wrong or
 *     failing targets and the L4's slots 256-271 are -EINVAL (or the
 *     target's error) with the entry unchanged; self-maps; every accepted
 *     upper-level change asks for a TLB flush.
 */
#include "unit.h"
#include "fake_machine.h"
#include "mm/pt_update.h"
#include "abi/errno.h"

/* Frame flags, short: the frame-table rows below read like docs/pv-mmu.md. */
#define V FRAME_VALIDATED
#define P FRAME_PINNED
#define US PTE_US
#define GK PTE_GUEST_KERNEL

static const enum frame_type level_type[] = { FT_NONE, FT_L1, FT_L2, FT_L3, FT_L4 };

/* A pinned, validated chain (fake_build_chain), with counters and the TLB
 * flag cleared:  l4 1,L4:1 VP   l3/l2/l1 1,Ln:1 V   data 1,w:1. */
static void live_chain(struct fake_chain *c)
{
    fake_build_chain(c);
    assert_int_equal(fake_pin(c->l4, FT_L4), 0);
    assert_int_equal(fake_audit(), 0);
    fake_tlb_clear();
    fake_counters_clear();
}

/* The table that holds entries of level lv in the chain. */
static uint64_t chain_table(const struct fake_chain *c, int lv)
{
    const uint64_t t[] = { 0, c->l1, c->l2, c->l3, c->l4 };

    return t[lv];
}

static void l1_map_and_unmap(void **state)
{
    struct fake_chain c;
    uint64_t e = fake_alloc(), *l1 = NULL;

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    assert_int_equal(pt_update_l1(&l1[5], pte(e, PTE_P), 0), 0);
    assert_int_equal(l1[5], pte(e, PTE_P | US | GK));
    assert_frame(e, FT_NONE, 1, 0, 0);
    assert_int_equal(fake_audit(), 0);

    assert_int_equal(pt_update_l1(&l1[6], pte(e, PTE_PRW | US), 0), 0);
    assert_int_equal(l1[6], pte(e, PTE_PRW | US | PTE_G));
    assert_frame(e, FT_WRITABLE, 2, 1, 0);
    assert_int_equal(fake_audit(), 0);

    assert_int_equal(pt_update_l1(&l1[6], 0, 0), 0);
    assert_int_equal(l1[6], 0);
    assert_frame(e, FT_WRITABLE, 1, 0, 0);
    /* Not present, whatever else it holds: stored as given, nothing taken. */
    assert_int_equal(pt_update_l1(&l1[5], pte(0, PTE_RW), 0), 0);
    assert_int_equal(l1[5], pte(0, PTE_RW));
    assert_frame(e, FT_WRITABLE, 0, 0, 0);
    assert_frame(0, FT_NONE, 0, 0, 0);         /* the hypervisor's frame 0: untouched */
    assert_int_equal(fake_audit(), 0);
}

/* Same frame, RW taken away and given back: the general count stays, the
 * writable type count follows RW. */
static void l1_rw_to_ro_and_back(void **state)
{
    struct fake_chain c;
    uint64_t *l1;

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_P), 0), 0);
    assert_frame(c.data, FT_WRITABLE, 1, 0, 0);
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_PRW), 0), 0);
    assert_frame(c.data, FT_WRITABLE, 1, 1, 0);
    assert_int_equal(l1[0], pte(c.data, PTE_PRW | US | GK));
    assert_int_equal(fake_audit(), 0);

    /* Read-only again; once the frame is a table, writable is refused. */
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_P), 0), 0);
    assert_frame(c.data, FT_WRITABLE, 1, 0, 0);
    assert_int_equal(frame_get_type(c.data, FT_L1), 0);
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_PRW), 0), -XEN_EBUSY);
    assert_int_equal(l1[0], pte(c.data, PTE_P | US | GK));
    assert_frame(c.data, FT_L1, 1, 1, V);
    frame_put_type(c.data);
}

/* An L1 change asks for no TLB flush (the guest flushes); only a frame
 * changing type does (here: L1 -> writable). */
static void l1_change_asks_no_flush(void **state)
{
    struct fake_chain c;
    uint64_t e = fake_alloc(), *l1;

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    assert_int_equal(pt_update_l1(&l1[1], pte(e, PTE_P), 0), 0);
    assert_int_equal(pt_update_l1(&l1[2], pte(c.data, PTE_PRW), 0), 0);
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_P | PTE_NX_BIT), 0), 0);
    assert_int_equal(pt_update_l1(&l1[2], 0, 0), 0);
    assert_int_equal(pt_update_entry(c.l1, 3, pte(e, PTE_P), 1, 0), 0);
    assert_false(fake_tlb_flush_requested());

    assert_int_equal(pt_update_l1(&l1[1], pte(e, PTE_PRW), 0), 0);
    assert_false(fake_tlb_flush_requested());           /* e: never typed -> writable */
    assert_int_equal(pt_update_l1(&l1[1], 0, 0), 0);
    assert_int_equal(frame_get_type(e, FT_L1), 0);      /* an empty L1 */
    frame_put_type(e);
    fake_tlb_clear();
    assert_int_equal(pt_update_l1(&l1[1], pte(e, PTE_PRW), 0), 0);
    assert_true(fake_tlb_flush_requested());            /* e: L1 -> writable */
    assert_int_equal(fake_audit(), 0);
}

/* Refused L1 updates: the error, the entry as it was, no count changed. */
static void l1_refused_leaves_entry(void **state)
{
    struct fake_chain c;
    uint64_t *l1, before;
    struct fake_snapshot s;

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    const struct { uint64_t e; int rc; } cases[] = {
        { pte(c.l2, PTE_PRW), -XEN_EBUSY },         /* a table */
        { pte(c.l3, PTE_PRW), -XEN_EBUSY },
        { pte(c.l4, PTE_PRW), -XEN_EBUSY },
        { pte(c.l1, PTE_PRW), -XEN_EBUSY },         /* the L1 itself */
        { pte(0, PTE_P), -XEN_EBUSY },              /* the hypervisor's */
        { pte(FAKE_FIRST_FREE, PTE_PRW), -XEN_EBUSY },
        { pte(FAKE_FRAMES, PTE_P), -XEN_EPERM },
        { pte((1UL << 40) - 1, PTE_PRW), -XEN_EPERM },
    };
    fake_save(&s);
    for (unsigned idx = 0; idx <= 1; idx++) {       /* over a present and an empty entry */
        before = l1[idx];
        for (unsigned i = 0; i < 8; i++) {
            assert_int_equal(pt_update_l1(&l1[idx], cases[i].e, i & 1), cases[i].rc);
            assert_int_equal(l1[idx], before);
            assert_counts_as_saved(&s);
        }
    }
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(fake_audit(), 0);
}

/* The fast path: with the data frame handed to the hypervisor behind the
 * MMU's back, any update that took new references would fail with -EBUSY.
 * Flipping each bit of a present writable entry (but P, the frame and RW,
 * which only drops the writable type: l1_rw_to_ro_and_back): exactly PWT,
 * PCD and PAT fail that way, with the entry unchanged; every other bit is
 * stored, adjusted, with no count changed. */
static void l1_same_refs_fast_path(void **state)
{
    const uint64_t slow = PTE_PWT | PTE_PCD | PTE_PAT;
    struct fake_chain c;
    struct fake_snapshot s;
    uint64_t *l1, orig;

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    orig = l1[0];
    frame_of(c.data)->owner = FRAME_HV;
    fake_save(&s);
    for (unsigned bit = 1; bit < 64; bit++) {
        uint64_t flip = 1UL << bit, new = orig ^ flip;
        int rc;

        if (flip & (PTE_MFN_MASK | PTE_RW))
            continue;
        l1[0] = orig;
        rc = pt_update_l1(&l1[0], new, 0);
        if (flip & slow) {
            if (rc != -XEN_EBUSY || l1[0] != orig)
                fail_msg("bit %u: rc %d, entry 0x%lx: want the slow path", bit, rc,
                         (unsigned long)l1[0]);
        } else if (rc != 0 || l1[0] != pte_adjust(new, 1)) {
            fail_msg("bit %u: rc %d, entry 0x%lx: want the fast path storing 0x%lx", bit, rc,
                     (unsigned long)l1[0], (unsigned long)pte_adjust(new, 1));
        }
        assert_counts_as_saved(&s);
    }
    frame_of(c.data)->owner = 0;
    l1[0] = orig;
    assert_int_equal(fake_audit(), 0);
}

/* MMU_PT_UPDATE_PRESERVE_AD: the A and D bits the CPU set in the entry
 * survive an update that does not carry them, on the fast path and on the
 * slow one; without the flag they go.  A not-present entry gets none. */
static void l1_preserve_ad(void **state)
{
    struct fake_chain c;
    uint64_t *l1, e = fake_alloc();

    (void)state;
    live_chain(&c);
    l1 = fake_page(c.l1);
    l1[0] |= PTE_A | PTE_D;                             /* as the CPU sets them */
    assert_int_equal(pt_update_l1(&l1[0], pte(c.data, PTE_PRW | PTE_NX_BIT), 1), 0);
    assert_int_equal(l1[0], pte(c.data, PTE_PRW | PTE_NX_BIT | US | GK | PTE_A | PTE_D));
    assert_int_equal(pt_update_l1(&l1[0], pte(e, PTE_P), 1), 0);      /* slow path */
    assert_int_equal(l1[0], pte(e, PTE_P | US | GK | PTE_A | PTE_D));
    assert_int_equal(pt_update_l1(&l1[0], pte(e, PTE_P), 0), 0);
    assert_int_equal(l1[0], pte(e, PTE_P | US | GK));
    l1[0] |= PTE_A | PTE_D;
    assert_int_equal(pt_update_l1(&l1[0], pte(e, 0), 1), 0);
    assert_int_equal(l1[0], pte(e, 0));
    assert_frame(c.data, FT_WRITABLE, 0, 0, 0);
    assert_frame(e, FT_NONE, 0, 0, 0);
    assert_int_equal(fake_audit(), 0);
}

/* Re-pointing an L2-L4 entry at the table it already points to, with other
 * flags (RW cleared, so not the fast path): the new reference is taken
 * before the old one is dropped, so the table below (held by nothing else)
 * is neither devalidated nor validated again. */
static void upper_same_table_other_flags(void **state)
{
    struct fake_chain c;

    (void)state;
    live_chain(&c);
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = chain_table(&c, lv), below = chain_table(&c, lv - 1);

        assert_int_equal(pt_update_entry(t, 0, pte(below, PTE_P), lv, 0), 0);
        assert_int_equal(fake_page(t)[0], pte(below, PTE_P | US | (lv == 4 ? PTE_A : 0)));
        assert_frame(below, level_type[lv - 1], 1, 1, V);
        assert_true(fake_tlb_flush_requested());
        fake_tlb_clear();
    }
    assert_int_equal(fake_validations, 0);
    assert_int_equal(fake_devalidations, 0);
    assert_frame(c.data, FT_WRITABLE, 1, 1, 0);
    assert_int_equal(fake_audit(), 0);
}

/* The upper-level fast path, shown as for L1: with the table below given to
 * the hypervisor, a change of A, D, NX, US or the available bits is stored
 * (and still asks for a flush); a change of RW needs references, -EINVAL. */
static void upper_same_refs_fast_path(void **state)
{
    struct fake_chain c;
    struct fake_snapshot s;
    uint64_t extra = PTE_A | PTE_D | PTE_NX_BIT | (7UL << 9) | (0x7ffUL << 52);

    (void)state;
    live_chain(&c);
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = chain_table(&c, lv), below = chain_table(&c, lv - 1);
        uint64_t orig = fake_page(t)[0];

        frame_of(below)->owner = FRAME_HV;
        fake_save(&s);
        assert_int_equal(pt_update_entry(t, 0, orig | extra, lv, 0), 0);
        assert_int_equal(fake_page(t)[0], orig | extra);
        assert_true(fake_tlb_flush_requested());
        fake_tlb_clear();
        assert_int_equal(pt_update_entry(t, 0, orig & ~PTE_RW, lv, 0), -XEN_EINVAL);
        assert_int_equal(fake_page(t)[0], orig | extra);
        assert_false(fake_tlb_flush_requested());
        assert_counts_as_saved(&s);
        frame_of(below)->owner = 0;
    }
    assert_int_equal(fake_validations, 0);
    assert_int_equal(fake_audit(), 0);
}

/* PRESERVE_AD on an upper entry. */
static void upper_preserve_ad(void **state)
{
    struct fake_chain c;
    uint64_t *l3;

    (void)state;
    live_chain(&c);
    l3 = fake_page(c.l3);
    l3[0] |= PTE_A | PTE_D;
    assert_int_equal(pt_update_entry(c.l3, 0, pte(c.l2, PTE_P), 3, 1), 0);
    assert_int_equal(l3[0], pte(c.l2, PTE_P | US | PTE_A | PTE_D));
    assert_int_equal(pt_update_entry(c.l3, 0, pte(c.l2, PTE_PRW), 3, 0), 0);
    assert_int_equal(l3[0], pte(c.l2, PTE_PRW | US));
    assert_int_equal(fake_audit(), 0);
}

/* Refused flags on L2-L4: -EINVAL, entry unchanged, no flush, no counts. */
static void upper_refused_flags_leave_entry(void **state)
{
    const uint64_t bad[] = { PTE_PWT, PTE_PCD, PTE_PSE, PTE_G };
    struct fake_chain c;
    struct fake_snapshot s;

    (void)state;
    live_chain(&c);
    fake_save(&s);
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = chain_table(&c, lv), below = chain_table(&c, lv - 1), fresh = fake_alloc();

        for (unsigned i = 0; i < 4; i++)
            for (unsigned idx = 0; idx <= 1; idx++) {
                uint64_t before = fake_page(t)[idx];

                assert_int_equal(pt_update_entry(t, idx, pte(below, PTE_PRW | bad[i]), lv, 0),
                                 -XEN_EINVAL);
                assert_int_equal(pt_update_entry(t, idx, pte(fresh, PTE_P | bad[i]), lv, 0),
                                 -XEN_EINVAL);
                assert_int_equal(fake_page(t)[idx], before);
            }
    }
    assert_false(fake_tlb_flush_requested());
    assert_counts_as_saved(&s);
    assert_int_equal(fake_validations, 0);
}

/* The L4's slots 256-271 cannot be changed, not even cleared: -EINVAL, the
 * hypervisor's entry stays.  255 and 272 are the guest's. */
static void l4_hypervisor_slots_refused(void **state)
{
    const unsigned hv[] = { 256, 257, 263, 271 };
    struct fake_chain c;
    uint64_t l3b = fake_alloc();
    uint64_t *l4;

    (void)state;
    live_chain(&c);
    l4 = fake_page(c.l4);
    for (unsigned i = 0; i < 4; i++) {
        uint64_t before = l4[hv[i]];

        assert_int_equal(pt_update_entry(c.l4, hv[i], 0, 4, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l4, hv[i], pte(l3b, PTE_PRW), 4, 0), -XEN_EINVAL);
        assert_int_equal(l4[hv[i]], before);
    }
    assert_frame(l3b, FT_NONE, 0, 0, 0);
    assert_false(fake_tlb_flush_requested());
    assert_int_equal(pt_update_entry(c.l4, 255, pte(l3b, PTE_PRW), 4, 0), 0);
    assert_int_equal(pt_update_entry(c.l4, 272, pte(l3b, PTE_P), 4, 0), 0);
    assert_frame(l3b, FT_L3, 2, 2, V);
    assert_int_equal(fake_audit(), 0);
}

/* Switching an L2 entry from one L1 to another: the new one is validated,
 * the old one (now held by nothing) devalidated, with its data frame. */
static void upper_switch_table(void **state)
{
    struct fake_chain c;
    uint64_t m = fake_alloc(), e = fake_alloc();

    (void)state;
    live_chain(&c);
    fake_page(m)[4] = pte(e, PTE_PRW);
    assert_int_equal(pt_update_entry(c.l2, 0, pte(m, PTE_PRW), 2, 0), 0);
    assert_int_equal(fake_validations, 1);
    assert_int_equal(fake_devalidations, 1);
    assert_frame(m, FT_L1, 1, 1, V);
    assert_frame(e, FT_WRITABLE, 1, 1, 0);
    assert_frame(c.l1, FT_L1, 0, 0, 0);
    assert_frame(c.data, FT_WRITABLE, 0, 0, 0);
    assert_true(fake_tlb_flush_requested());
    assert_int_equal(fake_audit(), 0);
}

/* Clearing an L4 entry devalidates the whole subtree below it. */
static void upper_clear_devalidates_subtree(void **state)
{
    struct fake_chain c;

    (void)state;
    live_chain(&c);
    assert_int_equal(pt_update_entry(c.l4, 0, 0, 4, 0), 0);
    assert_int_equal(fake_devalidations, 3);
    assert_frame(c.l3, FT_L3, 0, 0, 0);
    assert_frame(c.l2, FT_L2, 0, 0, 0);
    assert_frame(c.l1, FT_L1, 0, 0, 0);
    assert_frame(c.data, FT_WRITABLE, 0, 0, 0);
    assert_frame(c.l4, FT_L4, 1, 1, V | P);
    assert_true(fake_tlb_flush_requested());
    assert_int_equal(fake_audit(), 0);
}

/* New targets that cannot be the level below (in use otherwise, not the
 * guest's), or fail validation: the error, the entry and counts as before.
 * Over a present entry (the old references must stay) and an empty one. */
static void upper_bad_target_leaves_entry(void **state)
{
    struct fake_chain c;
    struct fake_snapshot s;
    uint64_t bad_l1 = fake_alloc(), other_l2 = fake_alloc();

    (void)state;
    live_chain(&c);
    assert_int_equal(fake_pin(other_l2, FT_L2), 0);
    fake_page(bad_l1)[0] = pte(c.data, PTE_PRW);
    fake_page(bad_l1)[1] = pte(FAKE_FRAMES, PTE_P);
    fake_tlb_clear();
    fake_save(&s);
    for (unsigned idx = 0; idx <= 1; idx++) {
        uint64_t before = fake_page(c.l2)[idx];

        assert_int_equal(pt_update_entry(c.l2, idx, pte(c.data, PTE_PRW), 2, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l2, idx, pte(other_l2, PTE_P), 2, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l2, idx, pte(c.l3, PTE_P), 2, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l2, idx, pte(0, PTE_P), 2, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l2, idx, pte(FAKE_FRAMES, PTE_P), 2, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(c.l2, idx, pte(bad_l1, PTE_PRW), 2, 0), -XEN_EPERM);
        assert_int_equal(fake_page(c.l2)[idx], before);
        assert_counts_as_saved(&s);
    }
    assert_int_equal(fake_audit(), 0);      /* (a flush was asked: bad_l1 was retyped L1) */
}

/* Self-maps through an update: read-only is accepted and holds nothing,
 * writable is -EINVAL, and removing one gives nothing back. */
static void upper_self_map(void **state)
{
    struct fake_chain c;
    struct fake_snapshot s;

    (void)state;
    live_chain(&c);
    fake_save(&s);
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = chain_table(&c, lv);
        unsigned idx = lv == 4 ? 300 : 9;

        assert_int_equal(pt_update_entry(t, idx, pte(t, PTE_PRW), lv, 0), -XEN_EINVAL);
        assert_int_equal(fake_page(t)[idx], 0);
        assert_int_equal(pt_update_entry(t, idx, pte(t, PTE_P), lv, 0), 0);
        assert_int_equal(fake_page(t)[idx], pte(t, PTE_P | US | (lv == 4 ? PTE_A : 0)));
        assert_counts_as_saved(&s);
        assert_int_equal(fake_audit(), 0);
        /* RO -> RW on the same frame is not the fast path: refused. */
        assert_int_equal(pt_update_entry(t, idx, pte(t, PTE_PRW), lv, 0), -XEN_EINVAL);
        assert_int_equal(pt_update_entry(t, idx, 0, lv, 0), 0);
        assert_counts_as_saved(&s);
    }
    assert_int_equal(fake_validations, 0);
    assert_int_equal(fake_devalidations, 0);
}

/* ---- docs/pv-mmu.md §12: a new address space, built writable, pinned late ---- */

/* One column of the table in §12: general count, type, type count, flags. */
struct col {
    uint32_t count;
    enum frame_type type;
    uint32_t type_count;
    uint8_t flags;
};

struct example {
    uint64_t b4, b3, b2, b1;            /* the bootstrap tables */
    uint64_t x[4];                      /* L4', L3', L2', L1' */
    uint64_t d;
};

#define SCRATCH 100                     /* B1 slots 100-103: the scratch VAs va_0..va_3 */

/* Checks one row of the table: L4' L3' L2' L1' D B4 B3. */
static void row(const struct example *ex, const char *step, const struct col want[7])
{
    const uint64_t mfns[7] = { ex->x[0], ex->x[1], ex->x[2], ex->x[3], ex->d, ex->b4, ex->b3 };
    static const char *const names[7] = { "L4'", "L3'", "L2'", "L1'", "D", "B4", "B3" };

    for (unsigned i = 0; i < 7; i++) {
        const struct frame *f = frame_of(mfns[i]);

        if (f->count != want[i].count || f->type != want[i].type ||
            f->type_count != want[i].type_count || f->flags != want[i].flags)
            fail_msg("after %s, %s: %u, %s:%u flags 0x%x; the table says %u, %s:%u flags 0x%x",
                     step, names[i], f->count, fake_type_name(f->type), f->type_count, f->flags,
                     want[i].count, fake_type_name(want[i].type), want[i].type_count,
                     want[i].flags);
    }
    assert_int_equal(fake_audit(), 0);
}

/* MMUEXT_NEW_BASEPTR (hv/mm/mmuext_op.c, modelled: it loads CR3): reference
 * the new root, fill its M2P slot, make it the base, drop the old one. */
static void new_baseptr(uint64_t mfn)
{
    uint64_t old = dom0.l4_mfn;

    assert_int_equal(frame_get(mfn), 0);
    assert_int_equal(frame_get_type(mfn, FT_L4), 0);
    pt_install_m2p_slot(fake_page(mfn));
    dom0.l4_mfn = mfn;
    frame_put_type(old);
    frame_put(old);
}

/* The guest's bootstrap: B4[511] -> B3, B3[510] -> B2, B2[1] -> B1, and B1
 * maps the four tables read-only; B4 pinned and the base.  Then steps 1-2:
 * the four new tables mapped writable at the scratch VAs and filled with
 * ordinary stores (L4'[511] copied from B4). */
static void example_steps_0_to_2(struct example *ex)
{
    uint64_t *b1;

    ex->b4 = fake_alloc();
    ex->b3 = fake_alloc();
    ex->b2 = fake_alloc();
    ex->b1 = fake_alloc();
    for (unsigned i = 0; i < 4; i++)
        ex->x[i] = fake_alloc();
    ex->d = fake_alloc();
    b1 = fake_page(ex->b1);
    fake_page(ex->b4)[511] = pte(ex->b3, PTE_PRW);
    fake_page(ex->b3)[510] = pte(ex->b2, PTE_PRW);
    fake_page(ex->b2)[1] = pte(ex->b1, PTE_PRW);
    b1[0] = pte(ex->b4, PTE_P);
    b1[1] = pte(ex->b3, PTE_P);
    b1[2] = pte(ex->b2, PTE_P);
    b1[3] = pte(ex->b1, PTE_P);
    assert_int_equal(fake_pin(ex->b4, FT_L4), 0);
    assert_int_equal(frame_get(ex->b4), 0);                 /* the builder's base reference */
    assert_int_equal(frame_get_type(ex->b4, FT_L4), 0);
    dom0.l4_mfn = ex->b4;
    pt_install_m2p_slot(fake_page(ex->b4));

    row(ex, "step 0", (const struct col[7]){
        { 0, FT_NONE, 0, 0 }, { 0, FT_NONE, 0, 0 }, { 0, FT_NONE, 0, 0 }, { 0, FT_NONE, 0, 0 },
        { 0, FT_NONE, 0, 0 }, { 3, FT_L4, 2, V | P }, { 2, FT_L3, 1, V } });

    for (unsigned i = 0; i < 4; i++)        /* update_va_mapping(va_i, X << 12 | P | RW) */
        assert_int_equal(pt_update_l1(&b1[SCRATCH + i], pte(ex->x[i], PTE_PRW), 0), 0);
    row(ex, "step 1", (const struct col[7]){
        { 1, FT_WRITABLE, 1, 0 }, { 1, FT_WRITABLE, 1, 0 }, { 1, FT_WRITABLE, 1, 0 },
        { 1, FT_WRITABLE, 1, 0 }, { 0, FT_NONE, 0, 0 }, { 3, FT_L4, 2, V | P },
        { 2, FT_L3, 1, V } });

    fake_page(ex->x[3])[1] = pte(ex->d, PTE_PRW);           /* L1'[1] */
    fake_page(ex->x[2])[2] = pte(ex->x[3], PTE_PRW);        /* L2'[2] */
    fake_page(ex->x[1])[0] = pte(ex->x[2], PTE_PRW);        /* L3'[0] */
    fake_page(ex->x[0])[0] = pte(ex->x[1], PTE_PRW);        /* L4'[0] */
    fake_page(ex->x[0])[511] = fake_page(ex->b4)[511];
    row(ex, "step 2", (const struct col[7]){
        { 1, FT_WRITABLE, 1, 0 }, { 1, FT_WRITABLE, 1, 0 }, { 1, FT_WRITABLE, 1, 0 },
        { 1, FT_WRITABLE, 1, 0 }, { 0, FT_NONE, 0, 0 }, { 3, FT_L4, 2, V | P },
        { 2, FT_L3, 1, V } });
}

static void worked_example(void **state)
{
    struct example ex;
    uint64_t *b1;

    (void)state;
    example_steps_0_to_2(&ex);
    b1 = fake_page(ex.b1);

    for (unsigned i = 0; i < 4; i++)        /* step 3: map them read-only */
        assert_int_equal(pt_update_l1(&b1[SCRATCH + i], pte(ex.x[i], PTE_P), 0), 0);
    row(&ex, "step 3", (const struct col[7]){
        { 1, FT_WRITABLE, 0, 0 }, { 1, FT_WRITABLE, 0, 0 }, { 1, FT_WRITABLE, 0, 0 },
        { 1, FT_WRITABLE, 0, 0 }, { 0, FT_NONE, 0, 0 }, { 3, FT_L4, 2, V | P },
        { 2, FT_L3, 1, V } });

    fake_counters_clear();
    fake_tlb_clear();
    assert_int_equal(fake_pin(ex.x[0], FT_L4), 0);          /* step 4 */
    assert_int_equal(fake_validations, 4);                  /* B3 is not validated again */
    assert_true(fake_tlb_flush_requested());
    row(&ex, "step 4", (const struct col[7]){
        { 2, FT_L4, 1, V | P }, { 2, FT_L3, 1, V }, { 2, FT_L2, 1, V }, { 2, FT_L1, 1, V },
        { 1, FT_WRITABLE, 1, 0 }, { 3, FT_L4, 2, V | P }, { 3, FT_L3, 2, V } });
    assert_int_equal(fake_page(ex.x[0])[0], pte(ex.x[1], PTE_PRW | US | PTE_A));
    assert_int_equal(fake_page(ex.x[3])[1], pte(ex.d, PTE_PRW | US | GK));
    assert_int_equal(fake_page(ex.x[0])[256], 0);
    assert_int_equal(fake_page(ex.x[0])[257], FAKE_HV_L4E(257));
    /* While it holds, L1' cannot be mapped writable. */
    assert_int_equal(pt_update_l1(&b1[SCRATCH + 3], pte(ex.x[3], PTE_PRW), 0), -XEN_EBUSY);
    assert_int_equal(b1[SCRATCH + 3], pte(ex.x[3], PTE_P | US | GK));

    new_baseptr(ex.x[0]);                                   /* step 5 */
    assert_int_equal(fake_page(ex.x[0])[256], FAKE_HV_M2P_L4E);
    row(&ex, "step 5", (const struct col[7]){
        { 3, FT_L4, 2, V | P }, { 2, FT_L3, 1, V }, { 2, FT_L2, 1, V }, { 2, FT_L1, 1, V },
        { 1, FT_WRITABLE, 1, 0 }, { 2, FT_L4, 1, V | P }, { 3, FT_L3, 2, V } });

    new_baseptr(ex.b4);                                     /* step 6 */
    row(&ex, "step 6", (const struct col[7]){
        { 2, FT_L4, 1, V | P }, { 2, FT_L3, 1, V }, { 2, FT_L2, 1, V }, { 2, FT_L1, 1, V },
        { 1, FT_WRITABLE, 1, 0 }, { 3, FT_L4, 2, V | P }, { 3, FT_L3, 2, V } });

    fake_counters_clear();
    fake_unpin(ex.x[0]);                                    /* step 7 */
    assert_int_equal(fake_devalidations, 4);
    row(&ex, "step 7", (const struct col[7]){
        { 1, FT_L4, 0, 0 }, { 1, FT_L3, 0, 0 }, { 1, FT_L2, 0, 0 }, { 1, FT_L1, 0, 0 },
        { 0, FT_WRITABLE, 0, 0 }, { 3, FT_L4, 2, V | P }, { 2, FT_L3, 1, V } });
}

/* §12, "what if the guest forgets one?": L1' still mapped writable when the
 * L4 is pinned.  -EINVAL from L2'[2] -> L1'; every reference given back; L4',
 * L3' and L2' keep the types L4, L3, L2 at type count 0. */
static void worked_example_forgotten_remap(void **state)
{
    struct example ex;
    uint64_t *b1;

    (void)state;
    example_steps_0_to_2(&ex);
    b1 = fake_page(ex.b1);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(pt_update_l1(&b1[SCRATCH + i], pte(ex.x[i], PTE_P), 0), 0);
    assert_int_equal(fake_pin(ex.x[0], FT_L4), -XEN_EINVAL);
    row(&ex, "the failed pin", (const struct col[7]){
        { 1, FT_L4, 0, 0 }, { 1, FT_L3, 0, 0 }, { 1, FT_L2, 0, 0 }, { 1, FT_WRITABLE, 1, 0 },
        { 0, FT_NONE, 0, 0 }, { 3, FT_L4, 2, V | P }, { 2, FT_L3, 1, V } });
}

#define T(f) cmocka_unit_test_setup(f, fake_machine_reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(l1_map_and_unmap),
        T(l1_rw_to_ro_and_back),
        T(l1_change_asks_no_flush),
        T(l1_refused_leaves_entry),
        T(l1_same_refs_fast_path),
        T(l1_preserve_ad),
        T(upper_same_table_other_flags),
        T(upper_same_refs_fast_path),
        T(upper_preserve_ad),
        T(upper_refused_flags_leave_entry),
        T(l4_hypervisor_slots_refused),
        T(upper_switch_table),
        T(upper_clear_devalidates_subtree),
        T(upper_bad_target_leaves_entry),
        T(upper_self_map),
        T(worked_example),
        T(worked_example_forgotten_remap),
    };

    return cmocka_run_group_tests(tests, NULL, fake_machine_free);
}
