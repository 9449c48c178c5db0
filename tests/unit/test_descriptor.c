/*
 * Segment descriptors a guest may install: descriptor_check and
 * descriptor_page_validate (hv/domain/descriptor.[ch]; pv-abi.md §3.6).
 *
 * The guest kernel runs in ring 3 and writes its own GDT and LDT frames; the
 * check is all that keeps a descriptor from giving it ring 0 (a DPL 0 code
 * segment it could reach), a gate into the hypervisor's code selectors, or
 * a TSS or interrupt gate the CPU would trust.  Tested, with the exact
 * result and the descriptor after the fix-up:
 *   - not present: accepted as is, whatever the other bits;
 *   - code and data (S=1), every type and DPL: accepted, DPL raised to 3,
 *     no other bit touched;
 *   - system type 0 (the upper half of a 16-byte gate): accepted as is;
 *   - call gates: target a guest GDT selector (index < 7168), any LDT
 *     selector, or FLAT_KERNEL_CS: accepted, the DPL moved into the target's
 *     RPL and forced to 0; any other target in the reserved area (the
 *     hypervisor's code and data, FLAT_KERNEL_CS32, the TSS and LDT slots)
 *     or any reserved bit 32-39 set: refused, the descriptor untouched;
 *   - every other system type (LDT, TSS, interrupt and trap gates, the
 *     reserved ones): refused;
 *   - a whole page: all 512 descriptors fixed up in place, and -EINVAL if
 *     any one is refused, the last one included.
 */
#include "unit.h"
#include "fake_machine.h"
#include "domain/descriptor.h"
#include "abi/errno.h"
#include "abi/layout.h"

#define D_P         (1UL << 47)
#define D_S         (1UL << 44)
#define D_DPL(d)    ((uint64_t)(d) << 45)
#define D_TYPE(t)   ((uint64_t)(t) << 40)

/* A present 64-bit call gate (low half) to sel:offset with dpl. */
static uint64_t call_gate(uint16_t sel, unsigned dpl, uint32_t offset)
{
    return (offset & 0xffffUL) | ((uint64_t)sel << 16) | D_TYPE(0xc) | D_DPL(dpl) | D_P |
           ((uint64_t)(offset >> 16) << 48);
}

/* Checks d; fails unless the result is want_ok and the descriptor is then
 * want (for a refusal: unchanged). */
static void check(uint64_t d, int want_ok, uint64_t want)
{
    uint64_t v = d;
    int ok = descriptor_check(&v);

    if (ok != want_ok || v != want)
        fail_msg("0x%016lx: returned %d, left 0x%016lx; want %d, 0x%016lx", (unsigned long)d,
                 ok, (unsigned long)v, want_ok, (unsigned long)want);
}

static void not_present_accepted_as_is(void **state)
{
    const uint64_t ds[] = {
        0, ~D_P, 0x0000090000000067UL, call_gate(0xe008, 0, 0x1234) & ~D_P,
        0x00af1b000000ffffUL, D_TYPE(0xe) | D_DPL(3) | 0xffffffffUL,
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(ds) / sizeof(ds[0]); i++)
        check(ds[i], 1, ds[i]);
}

/* Every code/data type at every DPL: DPL becomes 3, nothing else changes. */
static void code_data_dpl_raised(void **state)
{
    (void)state;
    for (unsigned type = 0; type < 16; type++)
        for (unsigned dpl = 0; dpl < 4; dpl++) {
            uint64_t d = 0x12cf00345678ffffUL | D_P | D_S | D_TYPE(type) | D_DPL(dpl);

            check(d, 1, d | D_DPL(3));
        }
    check(0x00af9b000000ffffUL, 1, 0x00affb000000ffffUL);  /* ring-0 64-bit code */
    check(0x00cf93000000ffffUL, 1, 0x00cff3000000ffffUL);  /* ring-0 data */
    check(0x00affb000000ffffUL, 1, 0x00affb000000ffffUL);  /* already DPL 3 */
}

static void system_type_0_accepted(void **state)
{
    (void)state;
    for (unsigned dpl = 0; dpl < 4; dpl++) {
        uint64_t d = 0xffff00ffffffffffUL & ~(0xfUL << 40) & ~D_S & ~D_DPL(3);

        check(d | D_P | D_DPL(dpl), 1, d | D_P | D_DPL(dpl));
    }
}

/* Call gates to a guest selector, an LDT selector or FLAT_KERNEL_CS: the
 * DPL goes into the target's RPL (replacing whatever RPL it had), the DPL
 * becomes 0, the offset is kept. */
static void call_gate_fixed_up(void **state)
{
    const uint16_t sels[] = {
        0x0000, 0x0008, 0x0013, 0x1ff8, 0xdff8, 0xdffb,    /* GDT index < 7168 */
        0x0004, 0x0007, 0xe00c, 0xe044, 0xfffc, 0xffff,    /* TI set: the LDT */
        FLAT_KERNEL_CS, FLAT_KERNEL_CS & ~3, 0xe031, 0xe032,
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++)
        for (unsigned dpl = 0; dpl < 4; dpl++) {
            uint16_t want_sel = (uint16_t)((sels[i] & ~3) | dpl);

            check(call_gate(sels[i], dpl, 0xdeadbeef), 1, call_gate(want_sel, 0, 0xdeadbeef));
        }
}

/* Targets in the hypervisor's reserved area other than FLAT_KERNEL_CS:
 * refused, untouched. */
static void call_gate_bad_target(void **state)
{
    const uint16_t sels[] = {
        0xe000, 0xe008, 0xe010, FLAT_KERNEL_CS32, FLAT_KERNEL_DS, 0xe018, 0xe038,
        0xe040, 0xe050, 0xe060, 0xe0f8, 0xfff8, 0xfffb,
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++)
        for (unsigned dpl = 0; dpl < 4; dpl++)
            check(call_gate(sels[i], dpl, 0x1000), 0, call_gate(sels[i], dpl, 0x1000));
}

/* Bits 32-39 of a 64-bit call gate are reserved: any one set is refused. */
static void call_gate_reserved_bits(void **state)
{
    (void)state;
    for (unsigned bit = 32; bit < 40; bit++) {
        uint64_t d = call_gate(0x0010, 3, 0x2000) | (1UL << bit);

        check(d, 0, d);
    }
}

/* LDT (2), TSS (1, 3, 9, 11), interrupt and trap gates (14, 15, 6, 7, 4 the
 * 16-bit call gate) and the reserved types: refused, present, at any DPL. */
static void other_system_types_refused(void **state)
{
    (void)state;
    for (unsigned type = 1; type < 16; type++) {
        if (type == 0xc)
            continue;
        for (unsigned dpl = 0; dpl < 4; dpl++) {
            uint64_t d = 0x0000000000100067UL | D_P | D_TYPE(type) | D_DPL(dpl);

            check(d, 0, d);
        }
    }
}

/* A whole page: every descriptor checked and fixed up in place. */
static void page_fixed_up_in_place(void **state)
{
    uint64_t m = fake_alloc();
    uint64_t *d = fake_page(m);

    (void)state;
    d[1] = 0x00af9b000000ffffUL;
    d[2] = 0x00cfb3000000ffffUL;                    /* data, DPL 1 */
    d[3] = call_gate(0x0010, 3, 0x401000);
    d[4] = 0x00000000ffffffffUL;                    /* its upper half: offset 63:32 */
    d[5] = D_P;                                     /* system type 0, present */
    d[511] = 0x00af1b000000ffffUL;                  /* not present */
    assert_int_equal(descriptor_page_validate(m), 0);
    assert_int_equal(d[0], 0);
    assert_int_equal(d[1], 0x00affb000000ffffUL);
    assert_int_equal(d[2], 0x00cff3000000ffffUL);
    assert_int_equal(d[3], call_gate(0x0013, 0, 0x401000));
    assert_int_equal(d[4], 0x00000000ffffffffUL);
    assert_int_equal(d[5], D_P);
    assert_int_equal(d[511], 0x00af1b000000ffffUL);
}

/* One refused descriptor anywhere in the page, the first or the last:
 * -EINVAL (all 512 are checked, not just those a GDT limit would use). */
static void page_refused_for_one_bad_descriptor(void **state)
{
    const unsigned at[] = { 0, 255, 511 };

    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        uint64_t m = fake_alloc();

        fake_page(m)[at[i]] = 0x0000890000000067UL;    /* a TSS */
        assert_int_equal(descriptor_page_validate(m), -XEN_EINVAL);
        fake_page(m)[at[i]] = call_gate(0xe008, 0, 0);
        assert_int_equal(descriptor_page_validate(m), -XEN_EINVAL);
    }
}

#define T(f) cmocka_unit_test_setup(f, fake_machine_reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(not_present_accepted_as_is),
        T(code_data_dpl_raised),
        T(system_type_0_accepted),
        T(call_gate_fixed_up),
        T(call_gate_bad_target),
        T(call_gate_reserved_bits),
        T(other_system_types_refused),
        T(page_fixed_up_in_place),
        T(page_refused_for_one_bad_descriptor),
    };

    return cmocka_run_group_tests(tests, NULL, fake_machine_free);
}
