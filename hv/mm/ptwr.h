/* Writable page tables (mm/ptwr.c). */
#ifndef HV_MM_PTWR_H
#define HV_MM_PTWR_H

#include <stdint.h>
#include "arch/regs.h"

/* Tries to emulate the guest's faulting write to addr as an L1 update;
 * returns 1 if it did (r now resumes after the instruction), 0 if the
 * fault must go to the guest. */
int ptwr_emulate(struct cpu_regs *r, uint64_t addr);

#endif
