/*
 * The hypervisor's command line: cmdline_parse (hv/boot/cmdline.c).
 *
 * The line comes from grub.cfg or qemu -append, typed by a person, and a
 * mistake there must stop the boot with a message that names the bad word,
 * never be ignored or silently turned into another value.  Tested:
 *   - the defaults (128M, loglevel 1, no audit), also over a dirty struct;
 *   - mem= with K/M/G suffixes (either case), plain bytes, the 1M minimum,
 *     and every way a size can be malformed or overflow 64 bits;
 *   - loglevel= 0..2 and nothing else; audit; several words, extra spaces,
 *     a repeated option (the last one wins);
 *   - unknown words, named in the message; a short err buffer stays
 *     NUL-terminated;
 *   - trace= (each category, lists, all, repeats; empty and unknown names),
 *     trace_to= (ring, serial, nothing else) and trace_ring= (1 to 2^20).
 */
#include <stdio.h>

#include "unit.h"
#include "boot/cmdline.h"
#include "trace/trace.h"

static struct hv_options opt;
static char err[200];

/* Parses line into opt over a struct full of garbage. */
static int parse(const char *line)
{
    memset(&opt, 0x5a, sizeof(opt));
    strcpy(err, NO_MESSAGE);
    return cmdline_parse(line, &opt, err, sizeof(err));
}

static void defaults(void **state)
{
    (void)state;
    expect_ok(parse(""), err);
    assert_int_equal(opt.guest_mem, 128UL << 20);
    assert_int_equal(opt.log_level, 1);
    assert_int_equal(opt.audit, 0);
    expect_ok(parse("   "), err);
    assert_int_equal(opt.guest_mem, 128UL << 20);
    assert_int_equal(opt.log_level, 1);
    assert_int_equal(opt.audit, 0);
}

static void mem_sizes(void **state)
{
    static const struct { const char *line; uint64_t bytes; } ok[] = {
        { "mem=64M", 64UL << 20 },
        { "mem=64m", 64UL << 20 },
        { "mem=1G", 1UL << 30 },
        { "mem=3g", 3UL << 30 },
        { "mem=1M", 1UL << 20 },
        { "mem=1024K", 1UL << 20 },
        { "mem=2048k", 2UL << 20 },
        { "mem=1048576", 1UL << 20 },
        { "mem=0000000128M", 128UL << 20 },
        { "mem=17179869183G", 17179869183UL << 30 },    /* the largest G that fits */
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        expect_ok(parse(ok[i].line), err);
        if (opt.guest_mem != ok[i].bytes)
            fail_msg("%s: %lu bytes, want %lu", ok[i].line, opt.guest_mem, ok[i].bytes);
        assert_int_equal(opt.log_level, 1);
        assert_int_equal(opt.audit, 0);
    }
}

static void mem_below_1m(void **state)
{
    (void)state;
    expect_error(parse("mem=512K"), err, "bad mem= value '512K' (want e.g. 128M, at least 1M)");
    expect_error(parse("mem=1048575"), err, "bad mem= value '1048575'");
    expect_error(parse("mem=0"), err, "bad mem= value '0'");
    expect_error(parse("mem=0G"), err, "bad mem= value '0G'");
}

static void mem_malformed(void **state)
{
    static const char *bad[] = {
        "abc", "", "12Q", "M", "-1M", "+1M", "1MM", "1 ", "0x100000", "1.5G", "64MB", "64M=",
    };
    char line[64], want[64];

    (void)state;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(line, sizeof(line), "mem=%s", bad[i]);
        snprintf(want, sizeof(want), "bad mem= value '%s'", bad[i]);
        if (strcmp(bad[i], "1 ") == 0)      /* the space ends the word */
            strcpy(want, "bad mem= value '1'");
        expect_error(parse(line), err, want);
    }
}

static void mem_overflow(void **state)
{
    (void)state;
    expect_error(parse("mem=99999999999999999999G"), err, "bad mem= value '99999999999999999999G'");
    expect_error(parse("mem=99999999999999999999"), err, "bad mem= value '99999999999999999999'");
    /* 2^34 G = 2^64 bytes: the digits fit, the shift does not. */
    expect_error(parse("mem=17179869184G"), err, "bad mem= value '17179869184G'");
    expect_error(parse("mem=18014398509481984K"), err, "bad mem= value '18014398509481984K'");
    /* Sizes that would wrap to an acceptable 1G, 1M and 1M. */
    expect_error(parse("mem=17179869185G"), err, "bad mem= value '17179869185G'");
    expect_error(parse("mem=18014398509483008K"), err, "bad mem= value '18014398509483008K'");
    expect_error(parse("mem=18446744073710600192"), err, "bad mem= value '18446744073710600192'");
}

static void loglevel(void **state)
{
    (void)state;
    expect_ok(parse("loglevel=0"), err);
    assert_int_equal(opt.log_level, 0);
    expect_ok(parse("loglevel=2"), err);
    assert_int_equal(opt.log_level, 2);
    expect_ok(parse("loglevel=1"), err);
    assert_int_equal(opt.log_level, 1);
    expect_error(parse("loglevel=3"), err, "bad loglevel= value '3' (want 0, 1 or 2)");
    expect_error(parse("loglevel=x"), err, "bad loglevel= value 'x'");
    expect_error(parse("loglevel=10"), err, "bad loglevel= value '10'");
    expect_error(parse("loglevel=-1"), err, "bad loglevel= value '-1'");
    expect_error(parse("loglevel="), err, "bad loglevel= value ''");
}

static void audit(void **state)
{
    (void)state;
    expect_ok(parse("audit"), err);
    assert_int_equal(opt.audit, 1);
    assert_int_equal(opt.guest_mem, 128UL << 20);
    assert_int_equal(opt.log_level, 1);
    expect_error(parse("audit=1"), err, "unknown option 'audit=1'");
    expect_error(parse("auditx"), err, "unknown option 'auditx'");
    expect_error(parse("audi"), err, "unknown option 'audi'");
}

static void several_words(void **state)
{
    (void)state;
    expect_ok(parse("mem=64M loglevel=2 audit"), err);
    assert_int_equal(opt.guest_mem, 64UL << 20);
    assert_int_equal(opt.log_level, 2);
    assert_int_equal(opt.audit, 1);
    expect_ok(parse("   audit     mem=1G  loglevel=0   "), err);
    assert_int_equal(opt.guest_mem, 1UL << 30);
    assert_int_equal(opt.log_level, 0);
    assert_int_equal(opt.audit, 1);
    /* The last of a repeated option wins. */
    expect_ok(parse("mem=64M mem=256M loglevel=0 loglevel=2"), err);
    assert_int_equal(opt.guest_mem, 256UL << 20);
    assert_int_equal(opt.log_level, 2);
}

/* floor asks for the native-floor measurement; it is off by default. */
static void floor_option(void **state)
{
    (void)state;
    expect_ok(parse("mem=64M"), err);
    assert_int_equal(opt.floor, 0);
    expect_ok(parse("floor mem=64M"), err);
    assert_int_equal(opt.floor, 1);
    expect_error(parse("floor=1"), err, "unknown option 'floor=1'");
}

/* preempt=<n> forces continuations every n ops; 0 turns that off. */
static void preempt_option(void **state)
{
    (void)state;
    expect_ok(parse(""), err);
    assert_int_equal(opt.preempt, 0);
    expect_ok(parse("preempt=7"), err);
    assert_int_equal(opt.preempt, 7);
    expect_ok(parse("preempt=0"), err);
    assert_int_equal(opt.preempt, 0);
    expect_error(parse("preempt=x"), err, "bad preempt= value 'x'");
    expect_error(parse("preempt=7K"), err, "bad preempt= value '7K'");
    expect_error(parse("preempt=2000000"), err, "bad preempt= value '2000000'");
    expect_error(parse("preempt="), err, "bad preempt= value ''");
}

/* selftest=<what> names one of the protection self-tests; none by default. */
static void selftest_option(void **state)
{
    (void)state;
    expect_ok(parse(""), err);
    assert_int_equal(opt.selftest, SELFTEST_NONE);
    expect_ok(parse("selftest=smap"), err);
    assert_int_equal(opt.selftest, SELFTEST_SMAP);
    expect_ok(parse("selftest=stack audit"), err);
    assert_int_equal(opt.selftest, SELFTEST_STACK);
    expect_ok(parse("selftest=wx"), err);
    assert_int_equal(opt.selftest, SELFTEST_WX);
    expect_ok(parse("selftest=ro"), err);
    assert_int_equal(opt.selftest, SELFTEST_RO);
    expect_error(parse("selftest=sma"), err, "bad selftest= value 'sma' (want smap, stack, wx or ro)");
    expect_error(parse("selftest=smapx"), err, "bad selftest= value 'smapx'");
    expect_error(parse("selftest="), err, "bad selftest= value ''");
    expect_error(parse("selftest"), err, "unknown option 'selftest'");
}

/* trace=<cats>: the mask bits of trace/trace.h; off by default. */
static void trace_categories(void **state)
{
    static const struct { const char *line; uint8_t mask; } ok[] = {
        { "trace=hc", TRACE_HC }, { "trace=type", TRACE_TYPE }, { "trace=pin", TRACE_PIN },
        { "trace=val", TRACE_VAL }, { "trace=tlb", TRACE_TLB }, { "trace=exc", TRACE_EXC },
        { "trace=evt", TRACE_EVT }, { "trace=all", TRACE_ALL },
        { "trace=hc,pin", TRACE_HC | TRACE_PIN },
        { "trace=evt,exc,tlb,val,pin,type,hc", TRACE_ALL },
        { "trace=pin,pin", TRACE_PIN },
        { "trace=hc trace=pin", TRACE_PIN },                /* the last one wins */
    };

    (void)state;
    expect_ok(parse("mem=64M"), err);
    assert_int_equal(opt.trace_mask, 0);
    for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        expect_ok(parse(ok[i].line), err);
        if (opt.trace_mask != ok[i].mask)
            fail_msg("%s: mask 0x%x, want 0x%x", ok[i].line, opt.trace_mask, ok[i].mask);
    }
    expect_error(parse("trace=frob"), err, "bad trace= value 'frob' (want a comma list of hc, "
                 "type, pin, val, tlb, exc, evt, or all)");
    expect_error(parse("trace="), err, "bad trace= value ''");
    expect_error(parse("trace=hc,"), err, "bad trace= value 'hc,'");
    expect_error(parse("trace=,hc"), err, "bad trace= value ',hc'");
    expect_error(parse("trace=hc,,pin"), err, "bad trace= value 'hc,,pin'");
    expect_error(parse("trace=HC"), err, "bad trace= value 'HC'");
    expect_error(parse("trace=h"), err, "bad trace= value 'h'");
    expect_error(parse("trace=hcx"), err, "bad trace= value 'hcx'");
    expect_error(parse("trace"), err, "unknown option 'trace'");
}

/* trace_to= and trace_ring=: where the records go and how many the ring keeps. */
static void trace_sink_and_ring(void **state)
{
    (void)state;
    expect_ok(parse("trace=all"), err);
    assert_int_equal(opt.trace_sink, TRACE_TO_RING);
    assert_int_equal(opt.trace_ring, TRACE_RING_DEFAULT);
    expect_ok(parse("trace=all trace_to=serial"), err);
    assert_int_equal(opt.trace_sink, TRACE_TO_SERIAL);
    expect_ok(parse("trace_to=serial trace_to=ring"), err);
    assert_int_equal(opt.trace_sink, TRACE_TO_RING);
    expect_error(parse("trace_to=disk"), err, "bad trace_to= value 'disk' (want ring or serial)");
    expect_error(parse("trace_to="), err, "bad trace_to= value ''");
    expect_error(parse("trace_to=rings"), err, "bad trace_to= value 'rings'");
    expect_ok(parse("trace_ring=1"), err);
    assert_int_equal(opt.trace_ring, 1);
    expect_ok(parse("trace_ring=1048576"), err);
    assert_int_equal(opt.trace_ring, 1048576);
    expect_error(parse("trace_ring=0"), err, "bad trace_ring= value '0' (want 1 to 1048576 records)");
    expect_error(parse("trace_ring=1048577"), err, "bad trace_ring= value '1048577'");
    expect_error(parse("trace_ring=4K"), err, "bad trace_ring= value '4K'");
    expect_error(parse("trace_ring=99999999999999999999999"), err, "bad trace_ring= value");
}

static void unknown_word(void **state)
{
    (void)state;
    expect_error(parse("frobnicate"), err, "unknown option 'frobnicate'");
    assert_string_equal(err, "unknown option 'frobnicate' (known: mem=, loglevel=, audit, floor, "
                        "preempt=, selftest=, trace=, trace_to=, trace_ring=)");
    /* In the middle of a line: the message names that word only. */
    expect_error(parse("mem=64M  console=ttyS0  loglevel=2"), err, "unknown option 'console=ttyS0'");
    assert_string_equal(err, "unknown option 'console=ttyS0' (known: mem=, loglevel=, audit, floor, "
                        "preempt=, selftest=, trace=, trace_to=, trace_ring=)");
    /* Keys are exact and case-sensitive. */
    expect_error(parse("mem"), err, "unknown option 'mem'");
    expect_error(parse("MEM=64M"), err, "unknown option 'MEM=64M'");
    expect_error(parse("memory=64M"), err, "unknown option 'memory=64M'");
    expect_error(parse("loglevel"), err, "unknown option 'loglevel'");
    /* Only spaces separate words. */
    expect_error(parse("mem=64M\taudit"), err, "bad mem= value '64M\taudit'");
    /* A bad word after good ones still fails the whole line. */
    expect_error(parse("mem=64M loglevel=2 audit x"), err, "unknown option 'x'");
}

/* The message is cut to errlen and stays a string. */
static void short_err_buffer(void **state)
{
    char small[8];

    (void)state;
    memset(small, 'z', sizeof(small));
    assert_int_equal(cmdline_parse("frobnicate", &opt, small, sizeof(small)), -1);
    assert_string_equal(small, "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(mem_sizes),
        cmocka_unit_test(mem_below_1m),
        cmocka_unit_test(mem_malformed),
        cmocka_unit_test(mem_overflow),
        cmocka_unit_test(loglevel),
        cmocka_unit_test(audit),
        cmocka_unit_test(several_words),
        cmocka_unit_test(preempt_option),
        cmocka_unit_test(floor_option),
        cmocka_unit_test(selftest_option),
        cmocka_unit_test(trace_categories),
        cmocka_unit_test(trace_sink_and_ring),
        cmocka_unit_test(unknown_word),
        cmocka_unit_test(short_err_buffer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
