/* Shared helpers of tests/guest/events. */
#ifndef TESTS_GUEST_EVENTS_TEST_H
#define TESTS_GUEST_EVENTS_TEST_H

#include "kernel/events.h"

/* An evtchn_handler_t that increments the int arg points to. */
void count_event(evtchn_port_t port, void *arg);

/* The test groups. */
void test_delivery(void);
void test_channels(void);
void test_callbacks(void);
void test_block_and_poll(void);

#endif
