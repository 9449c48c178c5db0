/*
 * Reading and writing guest memory from a hypercall.  Every guest pointer is
 * checked (canonical, not in the hypervisor's range, no wrap-around) and every
 * access runs with an exception fixup, so a wild pointer gives -EFAULT and
 * nothing else (pv-abi.md §1.2).
 */
#ifndef HV_MM_GUEST_ACCESS_H
#define HV_MM_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>

/* Copies n bytes from guest address src to dst; returns 0 or -EFAULT. */
long copy_from_guest(void *dst, uint64_t src, size_t n);

/* Copies n bytes from src to guest address dst; returns 0 or -EFAULT. */
long copy_to_guest(uint64_t dst, const void *src, size_t n);

#endif
