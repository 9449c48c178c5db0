/*
 * The machine-to-physical table (M2P): m2p[mfn] = the guest PFN of machine
 * frame mfn, or INVALID_M2P_ENTRY.  The hypervisor writes it through the
 * direct map; guests read it at MACH2PHYS_VIRT_START (0xffff800000000000,
 * L4 slot 256), mapped read-only and user-accessible (pv-abi.md §7).
 */
#ifndef HV_MM_M2P_H
#define HV_MM_M2P_H

#include <stdint.h>

/* Allocates the table for every managed frame, fills it with
 * INVALID_M2P_ENTRY and maps it read-only for guests. */
void m2p_init(void);

/* Records that machine frame mfn holds guest frame pfn. */
void m2p_set(uint64_t mfn, uint64_t pfn);

#endif
