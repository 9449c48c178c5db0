/* Writable page tables (mm/ptwr.c). */
#ifndef HV_MM_PTWR_H
#define HV_MM_PTWR_H

#include <stdint.h>
#include "arch/regs.h"
#include "domain/domain.h"
#include "abi/mmu.h"

/* Returns 1 if the guest turned writable page tables on (vm_assist). */
static inline int ptwr_enabled(void)
{
    return (dom0.vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) != 0;
}

/* Tries to emulate the guest's faulting write to addr as an L1 update, when
 * ptwr_enabled(); returns 1 if it did (r now resumes after the instruction),
 * 0 if the fault must go to the guest. */
int ptwr_emulate(struct cpu_regs *r, uint64_t addr);

#endif
