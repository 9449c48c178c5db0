/*
 * The in-guest test API, in the spirit of XTF: a test image's main() runs its
 * cases with these checks and returns test_finish().  Each case prints one
 * greppable line that tests/run.sh counts:
 *
 *   ok <what>
 *   not ok <what>: got <value>, want <value>
 *   not ok <what>: <reason>            (test_require)
 *   skip <what>: <why>
 *
 * and the image ends with "test: <N> ok, <M> not ok, <K> skipped" and exit
 * status 0 only if nothing failed.
 */
#ifndef TESTS_GUEST_TEST_H
#define TESTS_GUEST_TEST_H

/* Checks got == want and prints the result line. */
void test_check(const char *what, long got, long want);

/* Checks that a kernel service is available: missing is NULL (ok) or the
 * reason it is not (not ok, with that reason).  Returns 1 if available. */
int test_require(const char *what, const char *missing);

/* Records a case that cannot run here, with the reason. */
void test_skip(const char *what, const char *why);

/* Prints the summary; returns 0 if no case failed, else 1. */
int test_finish(void);

/* 1 when running on pvx, 0 on Xen (from xen_version's extraversion). */
int test_on_pvx(void);

#endif
