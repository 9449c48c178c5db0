/*
 * Walking the chain of saved frame pointers (the guest is built with
 * -fno-omit-frame-pointer):
 *
 *   rbp --> +-------------------+
 *           | caller's rbp      | --> the next frame, higher on the stack
 *           | return address    |
 *           +-------------------+
 *
 * newlib is built without frame pointers, so a walk ends at its first frame.
 */
#ifndef GUEST_KERNEL_BACKTRACE_H
#define GUEST_KERNEL_BACKTRACE_H

#include <stdint.h>

/* Stores up to max return addresses found from frame pointer rbp in out[].
 * Stops at the first frame pointer that is not 8-aligned, not inside the
 * image (all our stacks are in .bss or the heap, which is .bss too) or not
 * above the previous one.  Returns the number stored. */
int backtrace_walk(uint64_t rbp, uint64_t *out, int max);

#endif
