/*
 * Page-table validation, level by level: pt_validate / pt_devalidate and
 * the references one entry holds (hv/mm/pt_validate.c, pte_table.h,
 * pte_rules.h; docs/pv-mmu.md §5, pv-abi.md §8.2-8.3), on the fake machine.
 *
 * Validation is what stands between a guest's page tables and the CPU: an
 * entry it lets through unchecked is a mapping of memory that is not the
 * guest's, or a writable mapping of a live page table, and a reference it
 * takes and does not give back leaves a frame typed for ever.  Tables are
 * built in fake memory and validated by pinning them (fake_pin, what
 * MMUEXT_PIN_Ln_TABLE does); after each success the frame-table audit
 * recomputes every count from the tables.  Tested, with exact errors:
 *   - L1: read-only entries take a general reference, writable ones a
 *     writable type reference too; writable on a table or descriptor page,
 *     or any entry for a frame not the guest's, is -EBUSY; beyond
 *     frame_limit -EPERM; G, PWT, PCD and PAT are allowed; the adjustments
 *     (US=0 -> US + bit 52, a user entry gets G) and nothing for
 *     not-present entries, whatever they hold;
 *   - L2-L4: PWT, PCD, PSE and G each -EINVAL before any reference; a
 *     general and next-level type reference on the target, validating it;
 *     a target of the wrong level, not the guest's, or failing validation
 *     (its own error passed up); read-only self-maps hold nothing, writable
 *     ones are -EINVAL; US (and A on an L4) set;
 *   - an L4's slots 256-271: junk there is neither checked nor referenced,
 *     257-271 come from hv_l4(), 256 is cleared (and pt_install_m2p_slot
 *     fills it, which devalidation must then skip);
 *   - the skip of eight empty entries at a time misses no present entry;
 *   - a failure part-way gives back exactly what was taken (every count
 *     as before), also deep in a tree: an L4 whose third L3 leads to a bad
 *     L1 entry, with subtrees validated and devalidated on the way and a
 *     shared, already-validated table left as it was.
 */
#include "unit.h"
#include "fake_machine.h"
#include "mm/pte_table.h"
#include "domain/vcpu.h"
#include "abi/errno.h"

/* Frame flags, short: the frame-table rows below read like docs/pv-mmu.md. */
#define V FRAME_VALIDATED
#define P FRAME_PINNED
#define US PTE_US
#define GK PTE_GUEST_KERNEL

static const enum frame_type level_type[] = { FT_NONE, FT_L1, FT_L2, FT_L3, FT_L4 };

/* Pins t as level, expecting success, and checks the audit. */
static void pin_ok(uint64_t t, enum frame_type type)
{
    assert_int_equal(fake_pin(t, type), 0);
    assert_int_equal(fake_audit(), 0);
}

/* Makes seg a descriptor page held the way set_gdt holds a GDT frame (a
 * general and a descriptor-page reference), so the audit accounts for it. */
static void hold_as_gdt(uint64_t seg)
{
    assert_int_equal(frame_get(seg), 0);
    assert_int_equal(frame_get_type(seg, FT_SEG_DESC), 0);
    vcpu0.gdt_frames[0] = seg;
    vcpu0.gdt_ents = 512;
}

/* Pins t as level, expecting rc, and checks that no count changed. */
static void pin_refused(uint64_t t, enum frame_type type, int rc)
{
    struct fake_snapshot s;

    fake_save(&s);
    assert_int_equal(fake_pin(t, type), rc);
    assert_counts_as_saved(&s);
    assert_int_equal(fake_audit(), 0);
}

static void l1_read_only_takes_general_only(void **state)
{
    uint64_t t = fake_alloc(), d = fake_alloc(), e = fake_alloc();

    (void)state;
    fake_page(t)[0] = pte(d, PTE_P);
    fake_page(t)[1] = pte(d, PTE_P | US);
    fake_page(t)[2] = pte(e, PTE_P);
    pin_ok(t, FT_L1);
    assert_frame(t, FT_L1, 1, 1, V | P);
    assert_frame(d, FT_NONE, 2, 0, 0);
    assert_frame(e, FT_NONE, 1, 0, 0);
    fake_unpin(t);
    assert_frame(t, FT_L1, 0, 0, 0);
    assert_frame(d, FT_NONE, 0, 0, 0);
    assert_frame(e, FT_NONE, 0, 0, 0);
}

static void l1_writable_takes_writable_type(void **state)
{
    uint64_t t = fake_alloc(), d = fake_alloc();

    (void)state;
    fake_page(t)[0] = pte(d, PTE_PRW);
    fake_page(t)[1] = pte(d, PTE_PRW | US);
    fake_page(t)[2] = pte(d, PTE_P);
    pin_ok(t, FT_L1);
    assert_frame(d, FT_WRITABLE, 3, 2, 0);
    fake_unpin(t);
    assert_frame(d, FT_WRITABLE, 0, 0, 0);
}

/* A page table of any level, or a descriptor page, in use cannot be mapped
 * writable (-EBUSY); read-only it can. */
static void l1_writable_on_table_is_busy(void **state)
{
    uint64_t target[5], seg = fake_alloc();

    (void)state;
    for (int lv = 1; lv <= 4; lv++) {
        target[lv] = fake_alloc();
        pin_ok(target[lv], level_type[lv]);
    }
    hold_as_gdt(seg);
    target[0] = seg;
    for (int i = 0; i <= 4; i++) {
        uint64_t t = fake_alloc();

        fake_page(t)[9] = pte(target[i], PTE_P);
        fake_page(t)[10] = pte(target[i], PTE_PRW);
        pin_refused(t, FT_L1, -XEN_EBUSY);
        fake_page(t)[10] = 0;
        pin_ok(t, FT_L1);                    /* the read-only entry alone */
        assert_int_equal(frame_of(target[i])->count, 2);
    }
}

/* The hypervisor's frames and free frames: -EBUSY, read-only or not. */
static void l1_foreign_is_busy(void **state)
{
    const uint64_t mfns[] = { 0, FAKE_AUDIT_MFN, FAKE_FIRST_GUEST - 1, FAKE_FIRST_FREE,
                              FAKE_FRAMES - 1 };

    (void)state;
    for (unsigned i = 0; i < sizeof(mfns) / sizeof(mfns[0]); i++) {
        uint64_t t = fake_alloc();

        fake_page(t)[0] = pte(mfns[i], PTE_P);
        pin_refused(t, FT_L1, -XEN_EBUSY);
        fake_page(t)[0] = pte(mfns[i], PTE_PRW);
        pin_refused(t, FT_L1, -XEN_EBUSY);
    }
}

/* A frame beyond managed memory (I/O memory on a real machine): -EPERM. */
static void l1_beyond_ram_is_eperm(void **state)
{
    const uint64_t mfns[] = { FAKE_FRAMES, FAKE_FRAMES + 1, 1UL << 20, (1UL << 40) - 1 };

    (void)state;
    for (unsigned i = 0; i < sizeof(mfns) / sizeof(mfns[0]); i++) {
        uint64_t t = fake_alloc();

        fake_page(t)[0] = pte(mfns[i], PTE_P);
        pin_refused(t, FT_L1, -XEN_EPERM);
        fake_page(t)[0] = pte(mfns[i], PTE_PRW | PTE_PCD);
        pin_refused(t, FT_L1, -XEN_EPERM);
    }
}

/* The initial domain may use G and every cache bit in an L1, and NX and the
 * available bits pass through untouched. */
static void l1_allows_g_and_cache_bits(void **state)
{
    const uint64_t flags[] = {
        PTE_P | PTE_PWT, PTE_P | PTE_PCD, PTE_P | PTE_PAT, PTE_P | PTE_G | US,
        PTE_PRW | PTE_PWT | PTE_PCD | PTE_PAT | PTE_G | PTE_A | PTE_D | US | GK | PTE_NX_BIT |
            (7UL << 9) | (0x3ffUL << 53),
    };
    uint64_t t = fake_alloc(), d = fake_alloc();
    const unsigned n = sizeof(flags) / sizeof(flags[0]);

    (void)state;
    for (unsigned i = 0; i < n; i++)
        fake_page(t)[i] = pte(d, flags[i] | US | GK);   /* kernel entries: stored as given */
    pin_ok(t, FT_L1);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(fake_page(t)[i], pte(d, flags[i] | US | GK));
    assert_frame(d, FT_WRITABLE, n, 1, 0);
}

/* US=0 (the guest's kernel mapping): US and bit 52 set.  US=1 without bit
 * 52 (a user mapping): G set.  Both: left alone.  Not present: never
 * changed, never referenced, whatever it holds. */
static void l1_adjustments(void **state)
{
    static const struct { uint64_t in, out; } cases[] = {
        { PTE_P,                 PTE_P | US | GK },
        { PTE_PRW,               PTE_PRW | US | GK },
        { PTE_P | PTE_G,         PTE_P | PTE_G | US | GK },
        { PTE_P | PTE_NX_BIT,    PTE_P | PTE_NX_BIT | US | GK },
        { PTE_P | US,            PTE_P | US | PTE_G },
        { PTE_PRW | US | PTE_A,  PTE_PRW | US | PTE_A | PTE_G },
        { PTE_P | US | GK,       PTE_P | US | GK },
        { PTE_P | US | GK | PTE_G, PTE_P | US | GK | PTE_G },
    };
    const unsigned n = sizeof(cases) / sizeof(cases[0]);
    uint64_t t = fake_alloc(), d = fake_alloc();

    (void)state;
    for (unsigned i = 0; i < n; i++)
        fake_page(t)[i * 3] = pte(d, cases[i].in);
    fake_page(t)[100] = pte(0, PTE_RW | US);                /* not present: the hv's frame */
    fake_page(t)[101] = pte(FAKE_FRAMES + 9, PTE_RW);      /* not present: beyond RAM */
    fake_page(t)[102] = 0xfffffffffffffffeUL;               /* everything but P */
    pin_ok(t, FT_L1);
    for (unsigned i = 0; i < n; i++)
        if (fake_page(t)[i * 3] != pte(d, cases[i].out))
            fail_msg("case %u: 0x%lx stored as 0x%lx, want 0x%lx", i,
                     (unsigned long)pte(d, cases[i].in), (unsigned long)fake_page(t)[i * 3],
                     (unsigned long)pte(d, cases[i].out));
    assert_int_equal(fake_page(t)[100], pte(0, PTE_RW | US));
    assert_int_equal(fake_page(t)[101], pte(FAKE_FRAMES + 9, PTE_RW));
    assert_int_equal(fake_page(t)[102], 0xfffffffffffffffeUL);
    assert_frame(d, FT_WRITABLE, n, 2, 0);
    assert_frame(0, FT_NONE, 0, 0, 0);
}

/* L2-L4: PWT, PCD, PSE and G are each refused, before anything is taken:
 * the target is not even retyped. */
static void upper_refused_flags(void **state)
{
    const uint64_t bad[] = { PTE_PWT, PTE_PCD, PTE_PSE, PTE_G };
    const unsigned slots[] = { 0, 0, 0, 0, 511 };

    (void)state;
    for (int lv = 2; lv <= 4; lv++)
        for (unsigned i = 0; i < 4; i++) {
            uint64_t t = fake_alloc(), child = fake_alloc();

            fake_page(t)[slots[lv]] = pte(child, PTE_PRW | US | bad[i]);
            fake_counters_clear();
            pin_refused(t, level_type[lv], -XEN_EINVAL);
            assert_frame(child, FT_NONE, 0, 0, 0);
            assert_int_equal(fake_validations, 1);
        }
}

/* An upper entry holds a general and a next-level type reference on the
 * table below, validated on the way; the RW bit of upper entries does not
 * matter. */
static void upper_takes_next_level_reference(void **state)
{
    (void)state;
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = fake_alloc(), x = fake_alloc();

        fake_page(t)[3] = pte(x, PTE_PRW);
        fake_page(t)[4] = pte(x, PTE_P);
        fake_counters_clear();
        pin_ok(t, level_type[lv]);
        assert_int_equal(fake_validations, 2);
        assert_frame(t, level_type[lv], 1, 1, V | P);
        assert_frame(x, level_type[lv - 1], 2, 2, V);
        fake_unpin(t);
        assert_int_equal(fake_devalidations, 2);
        assert_frame(x, level_type[lv - 1], 0, 0, 0);
    }
}

/* A target that is in use as anything but the level below is -EINVAL:
 * another table of the same level (Xen's linear page tables, which pvx
 * does not support), a level further away, a writable frame, a descriptor
 * page. */
static void upper_wrong_level_target(void **state)
{
    uint64_t table[5], w = fake_alloc(), seg = fake_alloc();

    (void)state;
    for (int lv = 1; lv <= 4; lv++) {
        table[lv] = fake_alloc();
        pin_ok(table[lv], level_type[lv]);
    }
    assert_int_equal(fake_pin(w, FT_WRITABLE), 0);
    hold_as_gdt(seg);
    for (int lv = 2; lv <= 4; lv++) {
        for (int target = 1; target <= 4; target++) {
            uint64_t t = fake_alloc();

            if (target == lv - 1)
                continue;
            fake_page(t)[0] = pte(table[target], PTE_P);
            pin_refused(t, level_type[lv], -XEN_EINVAL);
        }
        uint64_t u = fake_alloc();

        fake_page(u)[0] = pte(w, PTE_P);
        pin_refused(u, level_type[lv], -XEN_EINVAL);
        fake_page(u)[0] = pte(seg, PTE_P);
        pin_refused(u, level_type[lv], -XEN_EINVAL);
    }
}

/* A target that is not the guest's, or beyond RAM: -EINVAL. */
static void upper_target_not_guests(void **state)
{
    const uint64_t mfns[] = { 0, FAKE_FIRST_FREE, FAKE_FRAMES, (1UL << 40) - 1 };

    (void)state;
    for (int lv = 2; lv <= 4; lv++)
        for (unsigned i = 0; i < sizeof(mfns) / sizeof(mfns[0]); i++) {
            uint64_t t = fake_alloc();

            fake_page(t)[1] = pte(mfns[i], PTE_PRW);
            pin_refused(t, level_type[lv], -XEN_EINVAL);
        }
}

/* A target that fails validation: its error comes up unchanged (not turned
 * into -EINVAL), and nothing is left taken. */
static void upper_target_fails_validation(void **state)
{
    uint64_t l2 = fake_alloc(), l1 = fake_alloc();
    uint64_t l3 = fake_alloc(), l2b = fake_alloc(), l1b = fake_alloc();
    uint64_t l4 = fake_alloc(), l3c = fake_alloc();

    (void)state;
    fake_page(l2)[0] = pte(l1, PTE_PRW);
    fake_page(l1)[5] = pte(FAKE_FRAMES, PTE_P);             /* beyond RAM */
    pin_refused(l2, FT_L2, -XEN_EPERM);

    fake_page(l3)[0] = pte(l2b, PTE_PRW);
    fake_page(l2b)[0] = pte(l1b, PTE_PRW);
    fake_page(l1b)[0] = pte(0, PTE_P);                      /* the hypervisor's */
    pin_refused(l3, FT_L3, -XEN_EBUSY);

    fake_page(l4)[0] = pte(l3c, PTE_PRW);
    fake_page(l3c)[0] = pte(l2b, PTE_PRW | PTE_PSE);        /* a 1 GiB page */
    pin_refused(l4, FT_L4, -XEN_EINVAL);
    assert_frame(l2b, FT_L2, 0, 0, 0);                      /* retyped by the second case only */
}

/* A read-only self-map (an entry pointing at its own table) is allowed and
 * holds no reference; it is still adjusted. */
static void self_map_read_only(void **state)
{
    (void)state;
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = fake_alloc();

        fake_page(t)[lv == 4 ? 300 : 7] = pte(t, PTE_P);
        fake_counters_clear();
        pin_ok(t, level_type[lv]);
        assert_int_equal(fake_validations, 1);
        assert_frame(t, level_type[lv], 1, 1, V | P);
        assert_int_equal(fake_page(t)[lv == 4 ? 300 : 7], pte(t, PTE_P | US | (lv == 4 ? PTE_A : 0)));
        fake_unpin(t);
        assert_frame(t, level_type[lv], 0, 0, 0);
    }
}

/* A writable self-map would let the guest write its own table: -EINVAL. */
static void self_map_writable_refused(void **state)
{
    (void)state;
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = fake_alloc(), x = fake_alloc();

        fake_page(t)[0] = pte(x, PTE_PRW);          /* taken, then given back */
        fake_page(t)[8] = pte(t, PTE_PRW);
        pin_refused(t, level_type[lv], -XEN_EINVAL);
        assert_frame(t, level_type[lv], 0, 0, 0);
    }
}

/* An L4's slots 256-271 are the hypervisor's: whatever the guest wrote there
 * (guest frames, refused flags, the hypervisor's frames, beyond RAM) is
 * ignored and not referenced; after validation 257-271 are hv_l4()'s and
 * 256 is empty; the guest's slots are the guest's (hv_l4()'s own entries in
 * guest slots are not copied).  pt_install_m2p_slot fills 256, and
 * devalidation skips it. */
static void l4_hypervisor_slots(void **state)
{
    uint64_t t = fake_alloc(), a = fake_alloc(), x = fake_alloc(), d = fake_alloc();
    uint64_t *e = fake_page(t);

    (void)state;
    e[0] = pte(a, PTE_PRW);
    e[256] = pte(x, PTE_PRW);
    e[257] = pte(x, PTE_P);
    e[260] = pte(d, PTE_P | PTE_PSE | PTE_G);
    e[264] = pte(t, PTE_PRW);                       /* a writable self-map */
    e[270] = pte(FAKE_FRAMES + 5, PTE_PRW);
    e[271] = pte(0, PTE_P);
    pin_ok(t, FT_L4);
    assert_frame(t, FT_L4, 1, 1, V | P);
    assert_frame(a, FT_L3, 1, 1, V);
    assert_frame(x, FT_NONE, 0, 0, 0);
    assert_frame(d, FT_NONE, 0, 0, 0);
    assert_int_equal(e[0], pte(a, PTE_PRW | US | PTE_A));
    assert_int_equal(e[256], 0);
    for (unsigned i = 257; i <= 271; i++)
        assert_int_equal(e[i], FAKE_HV_L4E(i));
    assert_int_equal(e[255], 0);
    assert_int_equal(e[272], 0);
    assert_int_equal(e[511], 0);

    pt_install_m2p_slot(e);
    assert_int_equal(e[256], FAKE_HV_M2P_L4E);
    assert_int_equal(fake_audit(), 0);
    fake_counters_clear();
    fake_unpin(t);
    assert_int_equal(fake_devalidations, 2);
    assert_frame(t, FT_L4, 0, 0, 0);
    assert_frame(a, FT_L3, 0, 0, 0);
    assert_int_equal(e[256], FAKE_HV_M2P_L4E);      /* left in place, not "given back" */
}

/* L2 and L3 entries get US; L4 entries US and A; other bits untouched. */
static void upper_adjustments(void **state)
{
    (void)state;
    for (int lv = 2; lv <= 4; lv++) {
        uint64_t t = fake_alloc(), x = fake_alloc(), y = fake_alloc();
        uint64_t add = US | (lv == 4 ? PTE_A : 0);
        uint64_t avail = PTE_NX_BIT | (5UL << 9) | (0x155UL << 52);

        fake_page(t)[0] = pte(x, PTE_P);
        fake_page(t)[1] = pte(x, PTE_PRW | US | PTE_A | PTE_D);
        fake_page(t)[2] = pte(y, PTE_PRW | avail);
        pin_ok(t, level_type[lv]);
        assert_int_equal(fake_page(t)[0], pte(x, PTE_P | add));
        assert_int_equal(fake_page(t)[1], pte(x, PTE_PRW | US | PTE_A | PTE_D));
        assert_int_equal(fake_page(t)[2], pte(y, PTE_PRW | avail | add));
    }
}

/* Validation tests eight empty entries at once; present entries at the
 * edges of such groups, after empty ones, must all be found (and given
 * back by devalidation). */
static void no_entry_missed_by_group_skip(void **state)
{
    const unsigned idx[] = { 1, 7, 8, 15, 23, 255, 504, 510, 511 };
    const unsigned n = sizeof(idx) / sizeof(idx[0]);
    uint64_t t = fake_alloc(), u = fake_alloc(), d[9], l1[9];

    (void)state;
    for (unsigned i = 0; i < n; i++) {
        d[i] = fake_alloc();
        l1[i] = fake_alloc();
        fake_page(t)[idx[i]] = pte(d[i], PTE_PRW);
        fake_page(u)[idx[i]] = pte(l1[i], PTE_P);
    }
    fake_page(t)[16] = pte(0, PTE_RW);              /* not present: ignored */
    pin_ok(t, FT_L1);
    pin_ok(u, FT_L2);
    for (unsigned i = 0; i < n; i++) {
        assert_frame(d[i], FT_WRITABLE, 1, 1, 0);
        assert_frame(l1[i], FT_L1, 1, 1, V);
    }
    fake_unpin(t);
    fake_unpin(u);
    for (unsigned i = 0; i < n; i++) {
        assert_frame(d[i], FT_WRITABLE, 0, 0, 0);
        assert_frame(l1[i], FT_L1, 0, 0, 0);
    }
}

/* An L1 failing at its last entry, or its first, or in the middle of a mix
 * of read-only and writable entries to shared frames: every count is back
 * where it was. */
static void failure_unwinds_l1(void **state)
{
    const unsigned bad_at[] = { 0, 300, 511 };

    (void)state;
    for (unsigned k = 0; k < 3; k++) {
        uint64_t t = fake_alloc(), d1 = fake_alloc(), d2 = fake_alloc(), d3 = fake_alloc();
        uint64_t *e = fake_page(t);

        e[1] = pte(d1, PTE_PRW);
        e[3] = pte(d1, PTE_P);
        e[8] = pte(d2, PTE_PRW | US);
        e[17] = pte(d2, PTE_PRW);
        e[100] = pte(d3, PTE_P | PTE_G);
        e[299] = pte(d1, PTE_PRW);
        if (bad_at[k] != 511)
            e[510] = pte(d3, PTE_PRW);              /* after the bad one: never taken */
        e[bad_at[k]] = pte(FAKE_FRAMES + 1, PTE_P);
        pin_refused(t, FT_L1, -XEN_EPERM);
        assert_frame(t, FT_L1, 0, 0, 0);
    }
}

/* An L2 with three good L1s (each validated, with a writable data frame)
 * and then a refused entry: the three are devalidated again. */
static void failure_unwinds_upper(void **state)
{
    uint64_t t = fake_alloc(), l1[3], d[3];

    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        l1[i] = fake_alloc();
        d[i] = fake_alloc();
        fake_page(t)[i * 50] = pte(l1[i], PTE_PRW);
        fake_page(l1[i])[i] = pte(d[i], PTE_PRW);
    }
    fake_page(t)[400] = pte(fake_alloc(), PTE_PRW | PTE_PSE);
    fake_counters_clear();
    pin_refused(t, FT_L2, -XEN_EINVAL);
    assert_int_equal(fake_validations, 4);
    assert_int_equal(fake_devalidations, 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_frame(l1[i], FT_L1, 0, 0, 0);
        assert_frame(d[i], FT_WRITABLE, 0, 0, 0);
    }
}

/* The same L3 under two L4 entries, then a refused entry: both references
 * given back, the L3 devalidated once. */
static void failure_unwinds_shared_subtree(void **state)
{
    uint64_t t = fake_alloc(), a = fake_alloc();

    (void)state;
    fake_page(t)[0] = pte(a, PTE_PRW);
    fake_page(t)[1] = pte(a, PTE_P);
    fake_page(t)[2] = pte(fake_alloc(), PTE_PRW | PTE_PCD);
    fake_counters_clear();
    pin_refused(t, FT_L4, -XEN_EINVAL);
    assert_int_equal(fake_validations, 2);
    assert_int_equal(fake_devalidations, 1);
    assert_frame(a, FT_L3, 0, 0, 0);
}

/* A table that was validated before (pinned) and referenced by the failing
 * table keeps its validation: only the reference is given back. */
static void failure_keeps_table_validated_before(void **state)
{
    uint64_t t = fake_alloc(), x = fake_alloc(), d = fake_alloc();

    (void)state;
    fake_page(x)[0] = pte(d, PTE_PRW);
    pin_ok(x, FT_L1);
    fake_page(t)[0] = pte(x, PTE_PRW);
    fake_page(t)[1] = pte(x, PTE_P);
    fake_page(t)[2] = pte(0, PTE_P);
    fake_counters_clear();
    pin_refused(t, FT_L2, -XEN_EINVAL);
    assert_int_equal(fake_devalidations, 0);
    assert_frame(x, FT_L1, 1, 1, V | P);
    assert_frame(d, FT_WRITABLE, 1, 1, 0);
}

/* A failure deep in a tree: an L4 whose first two L3s lead to complete
 * subtrees (one through an L1 that was pinned before), and whose third L3
 * has a good L2 and then an L2 whose L1 maps a hypervisor frame.  -EBUSY
 * from the L1 comes up through every level; every count is as before; the
 * subtrees validated on the way are devalidated again; the pinned L1 stays
 * validated.  Repaired, the same tree validates and unpins to the start. */
static void failure_deep_in_tree(void **state)
{
    uint64_t r = fake_alloc(), l3[3], l2[3], l1[3], data[3];
    uint64_t c_l2b = fake_alloc(), bad_l1 = fake_alloc(), shared = fake_alloc();
    uint64_t shared_data = fake_alloc(), kernel_l3 = fake_alloc();
    struct fake_snapshot start;

    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        l3[i] = fake_alloc();
        l2[i] = fake_alloc();
        l1[i] = fake_alloc();
        data[i] = fake_alloc();
        fake_page(r)[i] = pte(l3[i], PTE_PRW);
        fake_page(l3[i])[0] = pte(l2[i], PTE_PRW);
        fake_page(l2[i])[0] = pte(l1[i], PTE_PRW);
        fake_page(l1[i])[0] = pte(data[i], PTE_PRW);
        fake_page(l1[i])[1] = pte(data[i], PTE_P);
    }
    fake_page(shared)[0] = pte(shared_data, PTE_P);
    pin_ok(shared, FT_L1);
    fake_page(l2[0])[1] = pte(shared, PTE_P);
    fake_page(r)[300] = pte(kernel_l3, PTE_PRW);            /* after the failure: untouched */
    fake_page(l3[2])[5] = pte(c_l2b, PTE_PRW);
    fake_page(c_l2b)[9] = pte(bad_l1, PTE_PRW);
    fake_page(bad_l1)[0] = pte(data[2], PTE_PRW);
    fake_page(bad_l1)[42] = pte(0, PTE_P);                  /* the hypervisor's frame */
    fake_save(&start);

    fake_counters_clear();
    pin_refused(r, FT_L4, -XEN_EBUSY);
    /* r, l3/l2/l1 of three subtrees, c_l2b, bad_l1 */
    assert_int_equal(fake_validations, 12);
    /* all but those that failed: r, l3[2], c_l2b, bad_l1 */
    assert_int_equal(fake_devalidations, 8);
    assert_frame(shared, FT_L1, 1, 1, V | P);
    assert_frame(kernel_l3, FT_NONE, 0, 0, 0);
    for (unsigned i = 0; i < 3; i++)
        assert_frame(l1[i], FT_L1, 0, 0, 0);

    fake_page(bad_l1)[42] = pte(shared_data, PTE_P);
    pin_ok(r, FT_L4);
    assert_frame(r, FT_L4, 1, 1, V | P);
    assert_frame(bad_l1, FT_L1, 1, 1, V);
    assert_frame(data[2], FT_WRITABLE, 3, 2, 0);
    assert_frame(kernel_l3, FT_L3, 1, 1, V);
    assert_frame(shared, FT_L1, 2, 2, V | P);
    fake_unpin(r);
    assert_counts_as_saved(&start);
    assert_int_equal(fake_audit(), 0);
}

#define T(f) cmocka_unit_test_setup(f, fake_machine_reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(l1_read_only_takes_general_only),
        T(l1_writable_takes_writable_type),
        T(l1_writable_on_table_is_busy),
        T(l1_foreign_is_busy),
        T(l1_beyond_ram_is_eperm),
        T(l1_allows_g_and_cache_bits),
        T(l1_adjustments),
        T(upper_refused_flags),
        T(upper_takes_next_level_reference),
        T(upper_wrong_level_target),
        T(upper_target_not_guests),
        T(upper_target_fails_validation),
        T(self_map_read_only),
        T(self_map_writable_refused),
        T(l4_hypervisor_slots),
        T(upper_adjustments),
        T(no_entry_missed_by_group_skip),
        T(failure_unwinds_l1),
        T(failure_unwinds_upper),
        T(failure_unwinds_shared_subtree),
        T(failure_keeps_table_validated_before),
        T(failure_deep_in_tree),
    };

    return cmocka_run_group_tests(tests, NULL, fake_machine_free);
}
