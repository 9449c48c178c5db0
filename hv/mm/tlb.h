/*
 * TLB flushes a guest asks for: by update_va_mapping's flags and mmuext_op's
 * flush commands.  pvx has one vCPU on one CPU, so "this vCPU", "all vCPUs"
 * and "the vCPUs in this mask" are the same CPU; the mask is still read, so
 * a bad mask pointer fails as on Xen.
 */
#ifndef HV_MM_TLB_H
#define HV_MM_TLB_H

#include <stdint.h>

/* Flushes every TLB entry of this CPU, global ones included. */
void tlb_flush_local(void);

/* Invalidates the TLB entry of guest address va (ignored outside the guest's range). */
void tlb_flush_one(uint64_t va);

/* Reads the first word of a guest vCPU bitmap; returns 0 or -EFAULT. */
long tlb_read_vcpumask(uint64_t mask);

#endif
