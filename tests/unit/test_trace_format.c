/*
 * The trace's record lines: trace_format (hv/trace/trace_format.c).
 *
 * scripts/trace-view.py and docs/trace.md read these lines word by word
 * ("<category> <operation> key=value ..."), and a tour reader compares them
 * with the pictures; a renamed key, a value in the wrong base or a field
 * from the wrong slot of the record would silently break both.  Tested: one
 * record of every category and operation, each against its whole line;
 * the hypercall forms (batches, update_va_mapping, the rest, nested in a
 * multicall, continued, iret without a result, a number without a name);
 * names out of range print "?" instead of reading past a table; a short
 * buffer is cut and still returns the full length.
 */
#include <stdio.h>

#include "unit.h"
#include "trace/trace.h"
#include "abi/hypercall.h"

/* Formats r and checks the whole line and the returned length. */
static void expect_line(struct trace_record r, const char *want)
{
    char buf[256];
    int n = trace_format(&r, buf, sizeof(buf));

    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
}

static void hypercalls(void **state)
{
    (void)state;
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_mmu_update, .rc = 0,
                                       .v = { 0x1000, 3, 0, 540 } },
                "hc mmu_update count=3 rc=0 dur=540");
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_mmuext_op, .rc = -22,
                                       .a = TRACE_HC_NESTED, .v = { 0x2000, 1, 0, 80 } },
                "hc mmuext_op count=1 rc=-22 dur=80 in=multicall");
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_multicall, .rc = 0,
                                       .a = TRACE_HC_CONTINUED, .v = { 0x3000, 64, 0, 9000 } },
                "hc multicall count=64 rc=0 dur=9000 continued=1");
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_update_va_mapping, .rc = 0,
                                       .v = { 0x400000, 0x1a2b067, 2, 231 } },
                "hc update_va_mapping va=0x400000 val=0x1a2b067 flags=0x2 rc=0 dur=231");
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_xen_version, .rc = 0x40011,
                                       .v = { 0, 0, 0, 79 } },
                "hc xen_version a1=0x0 a2=0x0 a3=0x0 rc=262161 dur=79");
    expect_line((struct trace_record){ .cat = TC_HC, .op = HC_iret, .a = TRACE_HC_NORETURN },
                "hc iret a1=0x0 a2=0x0 a3=0x0");
    expect_line((struct trace_record){ .cat = TC_HC, .op = 63, .rc = -38, .v = { 1, 2, 3, 4 } },
                "hc hc63 a1=0x1 a2=0x2 a3=0x3 rc=-38 dur=4");
}

static void types_and_validation(void **state)
{
    (void)state;
    expect_line((struct trace_record){ .cat = TC_TYPE, .op = TO_TYPE_GET, .a = 1, .rc = 0,
                                       .v = { 0x1a2b, 1, 2 } },
                "type get mfn=0x1a2b type=l1 type_count=0->1 count=2 rc=0");
    expect_line((struct trace_record){ .cat = TC_TYPE, .op = TO_TYPE_GET, .a = 4, .rc = -22,
                                       .v = { 0x77, 0, 1 } },
                "type get mfn=0x77 type=l4 type_count=0->0 count=1 rc=-22");
    expect_line((struct trace_record){ .cat = TC_TYPE, .op = TO_TYPE_PUT, .a = 2,
                                       .v = { 0x1a2b, 0, 1 } },
                "type put mfn=0x1a2b type=l2 type_count=1->0 count=1");
    expect_line((struct trace_record){ .cat = TC_TYPE, .op = TO_TYPE_PUT, .a = 200,
                                       .v = { 5, 0, 0 } },
                "type put mfn=0x5 type=? type_count=1->0 count=0");
    expect_line((struct trace_record){ .cat = TC_VAL, .op = TO_VAL_VALIDATE, .a = 2, .rc = 0,
                                       .v = { 0x1ff48, 2 } },
                "val validate mfn=0x1ff48 level=2 entries=2 rc=0");
    expect_line((struct trace_record){ .cat = TC_VAL, .op = TO_VAL_DEVALIDATE, .a = 1,
                                       .v = { 0x1ff47, 512 } },
                "val devalidate mfn=0x1ff47 level=1 entries=512");
}

static void pins_flushes_faults_events(void **state)
{
    (void)state;
    expect_line((struct trace_record){ .cat = TC_PIN, .op = TO_PIN_PIN, .a = 4, .b = 1, .rc = 0,
                                       .v = { 0x1a2b, 1, 2 } },
                "pin pin_l4 mfn=0x1a2b level=4 pinned=1 type_count=1 count=2");
    expect_line((struct trace_record){ .cat = TC_PIN, .op = TO_PIN_UNPIN, .a = 1, .b = 0,
                                       .v = { 0x99, 0, 0 } },
                "pin unpin mfn=0x99 level=1 pinned=0 type_count=0 count=0");
    expect_line((struct trace_record){ .cat = TC_PIN, .op = TO_PIN_BASEPTR, .a = 4, .rc = 0,
                                       .v = { 0x200, 1, 1, 0x100 } },
                "pin new_baseptr mfn=0x200 level=4 pinned=0 type_count=1 count=1 old=0x100");
    expect_line((struct trace_record){ .cat = TC_PIN, .op = TO_PIN_USER_BASEPTR, .a = 4, .rc = 0,
                                       .v = { 0x300, 1, 1, 0 } },
                "pin new_user_baseptr mfn=0x300 level=4 pinned=0 type_count=1 count=1 old=0x0");
    expect_line((struct trace_record){ .cat = TC_PIN, .op = TO_PIN_BOOT, .a = 4, .b = 1,
                                       .v = { 0x1ff4a, 2, 3 } },
                "pin boot_l4 mfn=0x1ff4a level=4 pinned=1 type_count=2 count=3");
    expect_line((struct trace_record){ .cat = TC_TLB, .op = TO_TLB_FLUSH }, "tlb flush");
    expect_line((struct trace_record){ .cat = TC_TLB, .op = TO_TLB_INVLPG, .v = { 0x7f0000 } },
                "tlb invlpg va=0x7f0000");
    expect_line((struct trace_record){ .cat = TC_EXC, .op = TO_EXC_FAULT, .a = 14,
                                       .v = { 7, 0xffffffff80001234, 0x5000 } },
                "exc fault vector=14 name=#PF error=0x7 rip=0xffffffff80001234 cr2=0x5000");
    expect_line((struct trace_record){ .cat = TC_EXC, .op = TO_EXC_FAULT, .a = 3,
                                       .v = { ~0UL, 0x1000 } },
                "exc fault vector=3 name=#BP error=- rip=0x1000");
    expect_line((struct trace_record){ .cat = TC_EXC, .op = TO_EXC_FAULT, .a = 30,
                                       .v = { 0, 0x1000 } },
                "exc fault vector=30 name=? error=0x0 rip=0x1000");
    expect_line((struct trace_record){ .cat = TC_EVT, .op = TO_EVT_PENDING, .a = 1, .v = { 3 } },
                "evt pending port=3 masked=1");
}

static void trees_and_end(void **state)
{
    (void)state;
    expect_line((struct trace_record){ .cat = TC_TREE, .op = TO_TREE_BEGIN, .a = TREE_PIN,
                                       .v = { 0x100, 0x200 } },
                "tree begin cr3=0x100 root=0x200 why=pin");
    expect_line((struct trace_record){ .cat = TC_TREE, .op = TO_TREE_BEGIN, .a = 9 },
                "tree begin cr3=0x0 root=0x0 why=?");
    expect_line((struct trace_record){ .cat = TC_TREE, .op = TO_TREE_NODE, .a = 4, .b = 1, .rc = -1,
                                       .v = { 0x1ff4a, ~0UL, 2UL << 32 | 3, 1UL << 32 | 1 } },
                "tree node mfn=0x1ff4a level=4 type=l4 type_count=2 count=3 pinned=1 parent=- "
                "slot=-1 entries=1 writable=1");
    expect_line((struct trace_record){ .cat = TC_TREE, .op = TO_TREE_NODE, .a = 1, .rc = 511,
                                       .v = { 0x1ff47, 0x1ff48, 1UL << 32 | 2, 512UL << 32 | 507 } },
                "tree node mfn=0x1ff47 level=1 type=l1 type_count=1 count=2 pinned=0 parent=0x1ff48 "
                "slot=511 entries=512 writable=507");
    expect_line((struct trace_record){ .cat = TC_TREE, .op = TO_TREE_END, .v = { 74 } },
                "tree end nodes=74");
    expect_line((struct trace_record){ .cat = TC_END, .op = TO_END_DOMAIN, .rc = 67 },
                "end domain status=67");
    expect_line((struct trace_record){ .cat = TC_END, .op = TO_END_LOST, .v = { 1000, 16384 } },
                "end lost records=1000 size=16384");
    expect_line((struct trace_record){ .cat = 99, .op = 7 }, "unknown cat=99 op=7");
}

/* A buffer too small: cut, NUL-terminated, and the full length returned. */
static void short_buffer(void **state)
{
    struct trace_record r = { .cat = TC_TLB, .op = TO_TLB_INVLPG, .v = { 0x7f0000 } };
    char small[8];

    (void)state;
    memset(small, 'z', sizeof(small));
    assert_int_equal(trace_format(&r, small, sizeof(small)), (int)strlen("tlb invlpg va=0x7f0000"));
    assert_string_equal(small, "tlb inv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hypercalls),
        cmocka_unit_test(types_and_validation),
        cmocka_unit_test(pins_flushes_faults_events),
        cmocka_unit_test(trees_and_end),
        cmocka_unit_test(short_buffer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
