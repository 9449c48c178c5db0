/*
 * The report the guest prints when a trap has no handler that takes it,
 * and the exit status it then ends with.
 */
#ifndef GUEST_KERNEL_CRASH_H
#define GUEST_KERNEL_CRASH_H

#include "kernel/trap.h"

/* Exit status after a fatal trap: distinct from exit(n) statuses an app
 * would pick, from abort()'s 127 and from the hypervisor's own 70/71. */
#define GUEST_EXIT_TRAP 126

/* Prints what happened (vector, error code, registers, cr2 and how the
 * page tables map it for #PF, a backtrace, the app name) and ends the
 * guest with GUEST_EXIT_TRAP.  A fault inside the report ends it at once. */
void crash_report(const struct trap_frame *frame) __attribute__((noreturn));

/* The name of an architectural vector ("#PF page fault"), or "vector" for
 * others. */
const char *trap_vector_name(unsigned int vector);

#endif
