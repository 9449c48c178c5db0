/* The test groups of tests/guest/traps. */
#ifndef TESTS_GUEST_TRAPS_TEST_H
#define TESTS_GUEST_TRAPS_TEST_H

void test_exceptions(void);
void test_faults_memory(void);
void test_software_interrupts(void);
void test_bounce_frame(void);
void test_iret(void);

#endif
