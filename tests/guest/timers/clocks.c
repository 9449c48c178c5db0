/* The clocks and newlib's time calls on them. */
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "kernel/clock.h"
#include "kernel/shared_info.h"
#include "kernel/thread.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/timers/timers_test.h"

#define READS 20000
#define Y2023 1672531200ULL     /* 2023-01-01 00:00:00 UTC */
#define Y2100 4102444800ULL

/* Monotonic, advancing, and a wall clock at a plausible date. */
void test_clocks(void)
{
    uint64_t prev = clock_monotonic_ns(), start = prev, wall;
    int backwards = 0;

    test_check("vcpu_time_info: tsc_to_system_mul is set", this_vcpu->time.tsc_to_system_mul != 0, 1);
    test_check("vcpu_time_info: version is even between updates", this_vcpu->time.version % 2, 0);
    for (int i = 0; i < READS; i++) {
        uint64_t now = clock_monotonic_ns();

        backwards += now < prev;
        prev = now;
    }
    test_check("monotonic clock: 20000 reads, none going back", backwards, 0);
    test_check("monotonic clock advances while we read it", prev > start, 1);
    wall = clock_wall_ns() / NSEC_PER_SEC;
    test_check("wall clock after 2023-01-01", wall > Y2023, 1);
    test_check("wall clock before 2100-01-01", wall < Y2100, 1);
    start = clock_monotonic_ns();
    test_check("sleep 10 ms", thread_sleep_ns(10 * NSEC_PER_MSEC), 0);
    test_check("... the monotonic clock advanced at least 10 ms", clock_monotonic_ns() - start >= 10 * NSEC_PER_MSEC, 1);
}

/* gettimeofday, time, clock_gettime, clock, nanosleep, usleep, sleep. */
void test_libc_time(void)
{
    struct timespec ts, req = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
    struct timeval tv;
    unsigned long blocks;
    uint64_t start, wall = clock_wall_ns() / NSEC_PER_SEC;
    clock_t ticks;

    test_check("gettimeofday", gettimeofday(&tv, NULL), 0);
    test_check("gettimeofday agrees with the wall clock (1 s)", (uint64_t)tv.tv_sec - wall <= 1, 1);
    test_check("time() agrees with the wall clock (1 s)", (uint64_t)time(NULL) - wall <= 1, 1);
    test_check("clock_gettime(CLOCK_REALTIME)", clock_gettime(CLOCK_REALTIME, &ts), 0);
    test_check("CLOCK_REALTIME agrees with the wall clock (1 s)", (uint64_t)ts.tv_sec - wall <= 1, 1);
    start = clock_monotonic_ns();
    test_check("clock_gettime(CLOCK_MONOTONIC)", clock_gettime(CLOCK_MONOTONIC, &ts), 0);
    test_check("CLOCK_MONOTONIC agrees with the kernel's clock",
               ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec - start < 100 * NSEC_PER_MSEC, 1);
    errno = 0;
    test_check("clock_gettime(99) fails with EINVAL", clock_gettime(99, &ts) == -1 && errno == EINVAL, 1);
    ticks = clock();
    test_check("clock() works", ticks != (clock_t)-1, 1);

    blocks = sched_idle_blocks();
    start = clock_monotonic_ns();
    test_check("nanosleep 20 ms", nanosleep(&req, NULL), 0);
    test_check("... slept at least 20 ms", clock_monotonic_ns() - start >= 20 * NSEC_PER_MSEC, 1);
    test_check("... blocked in the hypervisor meanwhile", sched_idle_blocks() > blocks, 1);
    test_check("clock() advanced by the sleep (CLOCKS_PER_SEC = 1000)", clock() - ticks >= 20, 1);
    start = clock_monotonic_ns();
    test_check("usleep 5000", usleep(5000), 0);
    test_check("... slept at least 5 ms", clock_monotonic_ns() - start >= 5 * NSEC_PER_MSEC, 1);
    req.tv_nsec = 1000 * 1000 * 1000;
    errno = 0;
    test_check("nanosleep with tv_nsec = 1e9 fails with EINVAL", nanosleep(&req, NULL) == -1 && errno == EINVAL, 1);
    test_check("sleep(0) returns 0", sleep(0), 0);
}
