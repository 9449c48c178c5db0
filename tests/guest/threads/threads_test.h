/* Shared declarations of tests/guest/threads. */
#ifndef TESTS_GUEST_THREADS_TEST_H
#define TESTS_GUEST_THREADS_TEST_H

void test_basics(void);
void test_storm(void);
void test_sleep_order(void);
void test_sleep_past_deadline(void);
void test_event_wait(void);
void run_deadlock(void) __attribute__((noreturn));

#endif
