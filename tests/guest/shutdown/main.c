/*
 * SCHEDOP_shutdown with each reason, and SCHEDOP_shutdown_code (pvx only:
 * on Xen the initial domain's shutdown halts or reboots the machine).
 *
 * The run must end with status 0 for poweroff and 64 + reason for the
 * others, so a test harness can tell them apart.  Arguments: "<reason>
 * [<latched>]"; with a second number the guest first latches that reason
 * with SCHEDOP_shutdown_code, and the latched reason wins.  A reason beyond SHUTDOWN_MAX is
 * refused with -EINVAL and the guest carries on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/hypercall.h"
#include "abi/errno.h"

/* Calls sched_op(cmd, {reason}); returns its result if it returns. */
static long sched_reason(int cmd, unsigned reason)
{
    struct sched_shutdown s = { reason };

    return hypercall_sched_op(cmd, &s);
}

int main(int argc, char **argv)
{
    long rc = sched_reason(SCHEDOP_shutdown, SHUTDOWN_MAX + 1);

    if (rc != -XEN_EINVAL) {
        printf("not ok shutdown with reason %d: got %ld, want -EINVAL\n", SHUTDOWN_MAX + 1, rc);
        return 1;
    }
    printf("ok shutdown with a bad reason gives -EINVAL\n");
    if (argc > 2)
        printf("shutdown_code %s: %ld\n", argv[2], sched_reason(SCHEDOP_shutdown_code, atoi(argv[2])));
    fflush(stdout);
    rc = sched_reason(SCHEDOP_shutdown, argc > 1 ? atoi(argv[1]) : 0);
    printf("not ok shutdown returned %ld\n", rc);
    return 1;
}
