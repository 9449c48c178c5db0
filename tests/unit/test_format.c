/*
 * The hypervisor's own vsnprintf/snprintf (hv/lib/format.c), built here
 * under the names hv_vsnprintf/hv_snprintf so it can be compared with the
 * host C library's.
 *
 * Every message the hypervisor prints, and every error the unit tests check,
 * goes through this code; a wrong sign, a missing pad or a write past the
 * buffer would corrupt them all.  Tested:
 *   - a table of conversions where the two agree by design (%d %i %u %x %X
 *     %s %c %%, l/ll/z, width, '0' padding, '-', %.Ns and %.*s): the same
 *     text and the same return value as the host;
 *   - truncation at every buffer size from 0 to past the full length: the
 *     same bytes as the host, always NUL-terminated, never a byte past size,
 *     and the full length returned;
 *   - where pvx differs on purpose: %p is always 0x and 16 digits, a NULL
 *     %s prints "(null)", an unknown conversion is shown as written.
 */
#include <limits.h>
#include <stdio.h>
#include <sys/types.h>

#include "unit.h"

/* The hypervisor's prototypes, under the names format.c is built with. */
#define vsnprintf hv_vsnprintf
#define snprintf hv_snprintf
#include "lib/printf.h"
#undef vsnprintf
#undef snprintf

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

enum kind { K_NONE, K_INT, K_UINT, K_LONG, K_ULONG, K_LLONG, K_ULLONG, K_SIZE, K_SSIZE,
            K_STR, K_CHAR, K_PREC_STR };

struct fmt_case {
    const char *fmt;
    enum kind kind;
    long long i;                /* K_INT, K_LONG, K_LLONG, K_SSIZE, K_CHAR, K_PREC_STR (precision) */
    unsigned long long u;       /* K_UINT, K_ULONG, K_ULLONG, K_SIZE */
    const char *s;              /* K_STR, K_PREC_STR */
};

static const struct fmt_case cases[] = {
    { "", K_NONE, 0, 0, NULL },
    { "plain text", K_NONE, 0, 0, NULL },
    { "%%", K_NONE, 0, 0, NULL },
    { "100%% sure, %%%%", K_NONE, 0, 0, NULL },
    { "%d", K_INT, 0, 0, NULL },
    { "%d", K_INT, 42, 0, NULL },
    { "%d", K_INT, -42, 0, NULL },
    { "%d", K_INT, INT_MAX, 0, NULL },
    { "%d", K_INT, INT_MIN, 0, NULL },
    { "%i", K_INT, -7, 0, NULL },
    { "[%5d]", K_INT, 42, 0, NULL },
    { "[%5d]", K_INT, -42, 0, NULL },
    { "[%-5d]", K_INT, 42, 0, NULL },
    { "[%-5d]", K_INT, -42, 0, NULL },
    { "[%05d]", K_INT, 42, 0, NULL },
    { "[%05d]", K_INT, -42, 0, NULL },
    { "[%-05d]", K_INT, -42, 0, NULL },
    { "[%2d]", K_INT, 12345, 0, NULL },
    { "[%03d]", K_INT, -12345, 0, NULL },
    { "%ld", K_LONG, LONG_MAX, 0, NULL },
    { "%ld", K_LONG, LONG_MIN, 0, NULL },
    { "%li", K_LONG, -1, 0, NULL },
    { "%lld", K_LLONG, LLONG_MIN, 0, NULL },
    { "[%20lld]", K_LLONG, -1234567890123LL, 0, NULL },
    { "%zd", K_SSIZE, -5, 0, NULL },
    { "%u", K_UINT, 0, 0, NULL },
    { "%u", K_UINT, 0, UINT_MAX, NULL },
    { "[%10u]", K_UINT, 0, 12345, NULL },
    { "%lu", K_ULONG, 0, ULONG_MAX, NULL },
    { "%llu", K_ULLONG, 0, ULLONG_MAX, NULL },
    { "%zu", K_SIZE, 0, SIZE_MAX, NULL },
    { "%zu", K_SIZE, 0, 0, NULL },
    { "%x", K_UINT, 0, 0, NULL },
    { "%x", K_UINT, 0, 0xdeadbeef, NULL },
    { "%X", K_UINT, 0, 0xabcdef, NULL },
    { "%x", K_UINT, 0, UINT_MAX, NULL },
    { "[%08x]", K_UINT, 0, 0x1234, NULL },
    { "[%-8x]", K_UINT, 0, 0x1234, NULL },
    { "[%2x]", K_UINT, 0, 0x12345, NULL },
    { "%lx", K_ULONG, 0, 0xffffffff80000000UL, NULL },
    { "%016lx", K_ULONG, 0, 0x1000, NULL },
    { "%04lx", K_ULONG, 0, 0xe033, NULL },
    { "%lX", K_ULONG, 0, 0xffff800000000000UL, NULL },
    { "%llx", K_ULLONG, 0, 0x0123456789abcdefULL, NULL },
    { "%zx", K_SIZE, 0, 0x1029120, NULL },
    { "%s", K_STR, 0, 0, "hello" },
    { "%s", K_STR, 0, 0, "" },
    { "<%s>", K_STR, 0, 0, "a string with spaces" },
    { "[%10s]", K_STR, 0, 0, "right" },
    { "[%-10s]", K_STR, 0, 0, "left" },
    { "[%3s]", K_STR, 0, 0, "longer" },
    { "[%.3s]", K_STR, 0, 0, "abcdef" },
    { "[%.0s]", K_STR, 0, 0, "abcdef" },
    { "[%.10s]", K_STR, 0, 0, "abc" },
    { "[%5.2s]", K_STR, 0, 0, "abcdef" },
    { "[%-5.2s]", K_STR, 0, 0, "abcdef" },
    { "%.5s", K_STR, 0, 0, "xen-3.0" },
    { "[%.*s]", K_PREC_STR, 3, 0, "abcdef" },
    { "[%.*s]", K_PREC_STR, 0, 0, "abcdef" },
    { "[%.*s]", K_PREC_STR, 10, 0, "abc" },
    { "[%.*s]", K_PREC_STR, -1, 0, "negative means all" },
    { "[%8.*s]", K_PREC_STR, 2, 0, "abcdef" },
    { "%c", K_CHAR, 'A', 0, NULL },
    { "[%c%c]", K_CHAR, '%', 0, NULL },
    { "x%cy", K_CHAR, '\n', 0, NULL },
};

/* Runs case c through fn into buf[0..size); returns fn's value. */
static int run(snprintf_fn fn, char *buf, size_t size, const struct fmt_case *c)
{
    switch (c->kind) {
    case K_NONE:   return fn(buf, size, c->fmt, 0);
    case K_INT:    return fn(buf, size, c->fmt, (int)c->i);
    case K_UINT:   return fn(buf, size, c->fmt, (unsigned)c->u);
    case K_LONG:   return fn(buf, size, c->fmt, (long)c->i);
    case K_ULONG:  return fn(buf, size, c->fmt, (unsigned long)c->u);
    case K_LLONG:  return fn(buf, size, c->fmt, (long long)c->i);
    case K_ULLONG: return fn(buf, size, c->fmt, (unsigned long long)c->u);
    case K_SIZE:   return fn(buf, size, c->fmt, (size_t)c->u);
    case K_SSIZE:  return fn(buf, size, c->fmt, (ssize_t)c->i);
    case K_STR:    return fn(buf, size, c->fmt, c->s);
    case K_CHAR:   return fn(buf, size, c->fmt, (int)c->i, (int)c->i);
    case K_PREC_STR: return fn(buf, size, c->fmt, (int)c->i, c->s);
    }
    return -99;
}

static void same_as_host(void **state)
{
    char hv[256], host[256];

    (void)state;
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        int n_hv = run(hv_snprintf, hv, sizeof(hv), &cases[k]);
        int n_host = run(snprintf, host, sizeof(host), &cases[k]);

        if (n_hv != n_host || strcmp(hv, host) != 0)
            fail_msg("format \"%s\": pvx \"%s\" (%d), host \"%s\" (%d)", cases[k].fmt, hv, n_hv,
                     host, n_host);
    }
}

/* Every case at every buffer size: the same bytes as the host, nothing
 * written at or past size. */
static void truncation_same_as_host(void **state)
{
    char hv[64], host[64];

    (void)state;
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        for (size_t size = 0; size < 40; size++) {
            int n_hv, n_host;

            memset(hv, 'Z', sizeof(hv));
            memset(host, 'Z', sizeof(host));
            n_hv = run(hv_snprintf, hv, size, &cases[k]);
            n_host = run(snprintf, host, size, &cases[k]);
            if (n_hv != n_host || memcmp(hv, host, sizeof(hv)) != 0)
                fail_msg("format \"%s\" with size %zu: pvx \"%.*s\" (%d), host \"%.*s\" (%d)",
                         cases[k].fmt, size, (int)sizeof(hv), hv, n_hv, (int)sizeof(host), host,
                         n_host);
            for (size_t i = size; i < sizeof(hv); i++)
                if (hv[i] != 'Z')
                    fail_msg("format \"%s\" with size %zu wrote byte %zu", cases[k].fmt, size, i);
        }
    }
}

static void return_value(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(hv_snprintf(buf, 0, "hello %d", 12345), 11);
    assert_int_equal(buf[0], 'Z');
    assert_int_equal(hv_snprintf(NULL, 0, "%s-%lx", "abc", 0xffffUL), 8);
    assert_int_equal(hv_snprintf(buf, 1, "hello"), 5);
    assert_string_equal(buf, "");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "hello world"), 11);
    assert_string_equal(buf, "hello w");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%08x", 0xab), 8);
    assert_string_equal(buf, "000000a");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "1234567"), 7);
    assert_string_equal(buf, "1234567");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%s", ""), 0);
    assert_string_equal(buf, "");
}

/* Calls hv_vsnprintf and the host's vsnprintf with the same arguments. */
static void both_v(char *hv, char *host, size_t size, int *n_hv, int *n_host, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    *n_hv = hv_vsnprintf(hv, size, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    *n_host = vsnprintf(host, size, fmt, ap);
    va_end(ap);
}

/* Messages of the shape the hypervisor prints, with several arguments. */
static void several_arguments(void **state)
{
    char hv[200], host[200];
    int n_hv, n_host;

    (void)state;
    both_v(hv, host, sizeof(hv), &n_hv, &n_host, "contradictory notes: %s is both 0x%lx and 0x%lx",
           "VIRT_BASE", 0xffffffff80000000UL, 0xffffffff80200000UL);
    assert_string_equal(hv, host);
    assert_int_equal(n_hv, n_host);
    both_v(hv, host, sizeof(hv), &n_hv, &n_host, "%-10s|%5u|%016lx|%c|%.*s|%%|%d", "rip",
           17u, 0xffff800000001000UL, 'q', 4, "abcdefgh", -1);
    assert_string_equal(hv, host);
    assert_int_equal(n_hv, n_host);
    both_v(hv, host, 20, &n_hv, &n_host, "bad mem= value '%.*s' (want e.g. 128M, at least 1M)",
           4, "512Kxyz");
    assert_string_equal(hv, host);
    assert_int_equal(n_hv, n_host);
}

/* %p: always "0x" and 16 hex digits, also for NULL (glibc prints "(nil)"). */
static void pointer(void **state)
{
    char buf[64];

    (void)state;
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%p", (void *)0x1234), 18);
    assert_string_equal(buf, "0x0000000000001234");
    hv_snprintf(buf, sizeof(buf), "%p", (void *)0xffff800000000000UL);
    assert_string_equal(buf, "0xffff800000000000");
    hv_snprintf(buf, sizeof(buf), "[%p]", NULL);
    assert_string_equal(buf, "[0x0000000000000000]");
}

static void null_string(void **state)
{
    const char *volatile none = NULL;   /* hidden from -Wformat-overflow */
    char buf[64];

    (void)state;
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "[%s]", none), 8);
    assert_string_equal(buf, "[(null)]");
}

/* An unknown conversion is printed as written; a lone '%' at the end too. */
static void unknown_conversion(void **state)
{
    const char *q = "a%qb", *end = "50%", *dash = "x%-";
    char buf[64];

    (void)state;
    assert_int_equal(hv_snprintf(buf, sizeof(buf), q, 0), 4);
    assert_string_equal(buf, "a%qb");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), end, 0), 3);
    assert_string_equal(buf, "50%");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), dash, 0), 2);
    assert_string_equal(buf, "x%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_host),
        cmocka_unit_test(truncation_same_as_host),
        cmocka_unit_test(return_value),
        cmocka_unit_test(several_arguments),
        cmocka_unit_test(pointer),
        cmocka_unit_test(null_string),
        cmocka_unit_test(unknown_conversion),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
