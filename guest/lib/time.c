/*
 * newlib's time calls on the kernel's clocks and threads (guest/kernel/
 * clock.h, thread.h): gettimeofday (and so time()), times (and so clock()),
 * clock_gettime, clock_getres, nanosleep, usleep and sleep.  While the
 * hypervisor gives us no clock they fail with ENOSYS (time() returns -1).
 *
 * <time.h> declares clock_gettime and nanosleep only under _POSIX_TIMERS,
 * which guest.mk defines for every guest compile.
 */
#define _COMPILING_NEWLIB   /* newlib's headers then declare the _<call> prototypes */

#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "kernel/clock.h"
#include "kernel/thread.h"
#include "posix_name.h"

/* 0 if the clock works, else -1 with errno ENOSYS. */
static int clock_required(void)
{
    if (clock_unavailable() == NULL)
        return 0;
    errno = ENOSYS;
    return -1;
}

/* Wall-clock time in seconds and microseconds; tz is ignored (UTC). */
int _gettimeofday(struct timeval *tv, void *tz)
{
    uint64_t now;

    (void)tz;
    if (clock_required() != 0)
        return -1;
    now = clock_wall_ns();
    tv->tv_sec = now / NSEC_PER_SEC;
    tv->tv_usec = (now % NSEC_PER_SEC) / NSEC_PER_USEC;
    return 0;
}
POSIX_NAME(gettimeofday, _gettimeofday);

/* Process times in CLOCKS_PER_SEC ticks: all of it counts as user time
 * (the guest is the only process), measured by the monotonic clock since
 * the first call.  Returns the same count. */
clock_t _times(struct tms *buf)
{
    static uint64_t first_ns;
    clock_t ticks;

    if (clock_required() != 0)
        return (clock_t)-1;
    if (first_ns == 0)
        first_ns = clock_monotonic_ns();
    ticks = (clock_monotonic_ns() - first_ns) / (NSEC_PER_SEC / CLOCKS_PER_SEC);
    *buf = (struct tms){ .tms_utime = ticks };
    return ticks;
}
POSIX_NAME(times, _times);

/* CLOCK_REALTIME: the wall clock; CLOCK_MONOTONIC: system time.  Others:
 * -1 with EINVAL. */
int clock_gettime(clockid_t id, struct timespec *ts)
{
    uint64_t now;

    if (id == CLOCK_REALTIME)
        now = clock_wall_ns();
    else if (id == CLOCK_MONOTONIC)
        now = clock_monotonic_ns();
    else {
        errno = EINVAL;
        return -1;
    }
    if (clock_required() != 0)
        return -1;
    ts->tv_sec = now / NSEC_PER_SEC;
    ts->tv_nsec = now % NSEC_PER_SEC;
    return 0;
}

/* Both clocks count nanoseconds. */
int clock_getres(clockid_t id, struct timespec *res)
{
    struct timespec ignored;

    if (clock_gettime(id, &ignored) != 0)
        return -1;
    if (res != NULL)
        *res = (struct timespec){ .tv_sec = 0, .tv_nsec = 1 };
    return 0;
}

/* Sleeps the calling thread for *req (never interrupted: *rem = 0).
 * -1 with EINVAL for a bad *req, ENOSYS without timers. */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NSEC_PER_SEC) {
        errno = EINVAL;
        return -1;
    }
    if (thread_sleep_ns(req->tv_sec * NSEC_PER_SEC + req->tv_nsec) != 0) {
        errno = ENOSYS;
        return -1;
    }
    if (rem != NULL)
        *rem = (struct timespec){ 0, 0 };
    return 0;
}

/* nanosleep in microseconds. */
int usleep(useconds_t us)
{
    struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000L };

    return nanosleep(&ts, NULL);
}

/* nanosleep in seconds; returns 0, or all of seconds if it could not sleep. */
unsigned int sleep(unsigned int seconds)
{
    struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };

    return nanosleep(&ts, NULL) == 0 ? 0 : seconds;
}
