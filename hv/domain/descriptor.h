/*
 * Segment descriptors a guest may install (pv-abi.md §3.6), in its GDT
 * frames (set_gdt) or one at a time (update_descriptor):
 *
 *   not present            accepted as is
 *   code / data (S = 1)    accepted; DPL 0-2 raised to 3 (the guest kernel
 *                          runs in ring 3)
 *   system type 0          accepted (the upper half of a 16-byte gate)
 *   call gate (type 0xc)   accepted if its target is a guest selector or
 *                          FLAT_KERNEL_CS and its reserved bits are 0; its
 *                          DPL goes into the target's RPL and DPL becomes 0,
 *                          so using it traps
 *   anything else          refused (LDT, TSS, interrupt and trap gates)
 */
#ifndef HV_DOMAIN_DESCRIPTOR_H
#define HV_DOMAIN_DESCRIPTOR_H

#include <stdint.h>

/* Checks *d and applies the fix-ups above; returns 1 if it is allowed. */
int descriptor_check(uint64_t *d);

/* Checks every descriptor of the frame at mfn (fixing them up in place);
 * returns 0 or -EINVAL.  The validation of a descriptor page. */
int descriptor_page_validate(uint64_t mfn);

#endif
