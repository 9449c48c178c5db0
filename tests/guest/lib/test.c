/* The in-guest test API (tests/guest/lib/test.h). */
#include <stdio.h>
#include <string.h>
#include "kernel/hypercall.h"
#include "tests/guest/lib/test.h"

static int nr_ok, nr_failed, nr_skipped;

/* Checks got == want; prints "ok" or "not ok" with both values. */
void test_check(const char *what, long got, long want)
{
    if (got == want) {
        nr_ok++;
        printf("ok %s\n", what);
    } else {
        nr_failed++;
        printf("not ok %s: got %ld (0x%lx), want %ld (0x%lx)\n", what, got, got, want, want);
    }
}

/* "ok" when missing is NULL, else "not ok" with the reason. */
int test_require(const char *what, const char *missing)
{
    if (missing == NULL) {
        nr_ok++;
        printf("ok %s\n", what);
        return 1;
    }
    nr_failed++;
    printf("not ok %s: %s\n", what, missing);
    return 0;
}

/* Prints "skip" with the reason. */
void test_skip(const char *what, const char *why)
{
    nr_skipped++;
    printf("skip %s: %s\n", what, why);
}

/* Prints the summary line; returns the exit status. */
int test_finish(void)
{
    printf("test: %d ok, %d not ok, %d skipped\n", nr_ok, nr_failed, nr_skipped);
    return nr_failed ? 1 : 0;
}

/* Returns 1 if the extraversion says pvx. */
int test_on_pvx(void)
{
    char extra[XENVER_EXTRAVERSION_LEN] = "";

    hypercall_xen_version(XENVER_extraversion, extra);
    return strstr(extra, "pvx") != NULL;
}
