/* What every host unit test includes: cmocka and the error-text checks. */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* Written into err before each call, so a -1 without a message shows up. */
#define NO_MESSAGE "(no message written)"

/* The call returned 0; otherwise fails with the message it gave. */
#define expect_ok(rc, err)                                                   \
    do {                                                                     \
        if ((rc) != 0)                                                       \
            fail_msg("rejected (rc %d): %s", (int)(rc), (err));              \
    } while (0)

/* The call returned -1 and its message contains want. */
#define expect_error(rc, err, want)                                          \
    do {                                                                     \
        if ((rc) != -1)                                                      \
            fail_msg("rc %d, want -1 with \"%s\"", (int)(rc), (want));       \
        if (strstr((err), (want)) == NULL)                                   \
            fail_msg("message \"%s\" does not contain \"%s\"", (err), (want)); \
    } while (0)

#endif
