/* Shared declarations of tests/guest/timers. */
#ifndef TESTS_GUEST_TIMERS_TEST_H
#define TESTS_GUEST_TIMERS_TEST_H

void test_clocks(void);
void test_libc_time(void);
void test_hypervisor_timers(void);
void test_timer_list(void);

#endif
