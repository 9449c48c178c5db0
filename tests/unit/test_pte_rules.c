/*
 * The per-level entry rules as pure functions: pte_mfn, pte_flags_ok,
 * pte_adjust and pte_same_refs (hv/mm/pte_rules.h; pv-abi.md §8.2-8.4),
 * bit by bit, with no frame table.
 *
 * Validation and every update path decide with these four: a flag bit
 * refused at the wrong level would let a guest build 2 MiB pages or
 * uncached or global upper mappings (or refuse what Xen allows); a wrong
 * adjustment leaves a kernel mapping unusable from ring 3, or a user one
 * without G; a bit wrongly counted as "same references" would let an update
 * change the frame or RW without taking references (a writable mapping of a
 * table).  Tested exhaustively over the 64 bits where it matters:
 *   - pte_mfn takes bits 12-51, nothing else;
 *   - pte_flags_ok: L1 takes anything; L2-L4 refuse exactly PWT, PCD, PSE
 *     and G;
 *   - pte_adjust: not-present entries untouched at every level; the L1
 *     truth table over US, bit 52 and G; US on L2/L3, US and A on L4, every
 *     other bit kept;
 *   - pte_same_refs: both present, and differing only outside the frame,
 *     P, RW, PWT, PCD and PAT; pte_same_frame: the same but RW may differ.
 */
#include "unit.h"
#include "mm/pte_rules.h"

#define GK PTE_GUEST_KERNEL

static void mfn_is_bits_12_to_51(void **state)
{
    (void)state;
    assert_int_equal(pte_mfn(0), 0);
    assert_int_equal(pte_mfn(0x123456789UL << 12), 0x123456789UL);
    assert_int_equal(pte_mfn(~0UL), (1UL << 40) - 1);
    assert_int_equal(pte_mfn(0xfff0000000000fffUL), 0);
    for (unsigned bit = 0; bit < 64; bit++)
        assert_int_equal(pte_mfn(1UL << bit), bit >= 12 && bit <= 51 ? 1UL << (bit - 12) : 0);
}

static void flags_ok_per_level(void **state)
{
    const uint64_t refused = PTE_PWT | PTE_PCD | PTE_PSE | PTE_G;

    (void)state;
    for (int level = 1; level <= 4; level++)
        for (unsigned bit = 0; bit < 64; bit++) {
            uint64_t e = 0x1234000UL | PTE_P | (1UL << bit);
            int want = level == 1 || !((1UL << bit) & refused);

            if (pte_flags_ok(e, level) != want)
                fail_msg("level %d, bit %u: %d, want %d", level, bit, pte_flags_ok(e, level), want);
        }
    assert_int_equal(pte_flags_ok(~0UL, 1), 1);
    assert_int_equal(pte_flags_ok(~refused, 4), 1);
}

/* Not present: never adjusted, whatever the other bits say. */
static void adjust_leaves_not_present(void **state)
{
    const uint64_t es[] = { 0, ~PTE_P, 0x5000UL | PTE_RW, PTE_US, GK | PTE_G };

    (void)state;
    for (int level = 1; level <= 4; level++)
        for (unsigned i = 0; i < sizeof(es) / sizeof(es[0]); i++)
            assert_int_equal(pte_adjust(es[i], level), es[i]);
}

/* L1, over every combination of US, bit 52 and G (and with the other bits
 * set and clear): US=0 -> US and bit 52 set; US=1 and no bit 52 -> G set;
 * US=1 and bit 52 -> as is. */
static void adjust_l1_truth_table(void **state)
{
    const uint64_t rest[] = { 0x42000UL | PTE_P, 0x42000UL | PTE_P | PTE_RW | PTE_A | PTE_D |
                              PTE_PWT | PTE_PCD | PTE_PAT | PTE_NX_BIT | (7UL << 9) |
                              (0x7feUL << 52) };

    (void)state;
    for (unsigned r = 0; r < 2; r++)
        for (unsigned m = 0; m < 8; m++) {
            uint64_t e = rest[r] | ((m & 1) ? PTE_US : 0) | ((m & 2) ? GK : 0) |
                         ((m & 4) ? PTE_G : 0);
            uint64_t want = !(e & PTE_US) ? e | PTE_US | GK : !(e & GK) ? e | PTE_G : e;

            if (pte_adjust(e, 1) != want)
                fail_msg("0x%lx: 0x%lx, want 0x%lx", (unsigned long)e,
                         (unsigned long)pte_adjust(e, 1), (unsigned long)want);
        }
    assert_int_equal(pte_adjust(PTE_P, 1), PTE_P | PTE_US | GK);
    assert_int_equal(pte_adjust(PTE_P | PTE_US, 1), PTE_P | PTE_US | PTE_G);
}

/* L2 and L3 gain US, L4 US and A; no other bit moves. */
static void adjust_upper(void **state)
{
    (void)state;
    for (int level = 2; level <= 4; level++) {
        uint64_t add = PTE_US | (level == 4 ? PTE_A : 0);

        for (unsigned bit = 1; bit < 64; bit++) {
            uint64_t e = 0x77000UL | PTE_P | (1UL << bit);

            assert_int_equal(pte_adjust(e, level), e | add);
        }
        assert_int_equal(pte_adjust(~0UL, level), ~0UL);
    }
}

/* Checks that flipping one bit of a present entry keeps same(old, new)
 * exactly when the bit is outside keep, both ways, and that an entry that
 * is not present is never "the same". */
static void check_bit_flips(int (*same)(uint64_t, uint64_t), uint64_t keep)
{
    const uint64_t bases[] = { 0x99000UL | PTE_P, 0x99000UL | PTE_P | PTE_RW | PTE_US | GK };

    for (unsigned b = 0; b < 2; b++) {
        assert_int_equal(same(bases[b], bases[b]), 1);
        for (unsigned bit = 0; bit < 64; bit++) {
            uint64_t other = bases[b] ^ (1UL << bit);
            int want = !((1UL << bit) & keep);

            if (same(bases[b], other) != want || same(other, bases[b]) != want)
                fail_msg("base 0x%lx, bit %u: want %d", (unsigned long)bases[b], bit, want);
        }
    }
    assert_int_equal(same(0, 0), 0);                   /* neither present */
    assert_int_equal(same(0x99000UL, 0x99000UL), 0);
    assert_int_equal(same(0x99000UL | PTE_P, 0x99000UL), 0);
}

/* "The same references": the frame, P, RW, PWT, PCD and PAT unchanged. */
static void same_refs_bits(void **state)
{
    (void)state;
    check_bit_flips(pte_same_refs, PTE_MFN_MASK | PTE_P | PTE_RW | PTE_PWT | PTE_PCD | PTE_PAT);
}

/* "The same frame": as above, but RW may change (only the writable type
 * reference is then taken or dropped). */
static void same_frame_bits(void **state)
{
    (void)state;
    check_bit_flips(pte_same_frame, PTE_MFN_MASK | PTE_P | PTE_PWT | PTE_PCD | PTE_PAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mfn_is_bits_12_to_51),
        cmocka_unit_test(flags_ok_per_level),
        cmocka_unit_test(adjust_leaves_not_present),
        cmocka_unit_test(adjust_l1_truth_table),
        cmocka_unit_test(adjust_upper),
        cmocka_unit_test(same_refs_bits),
        cmocka_unit_test(same_frame_bits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
