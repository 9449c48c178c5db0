/* Emulation of the privileged instructions the PV ABI lets a guest kernel
 * use, and of "int n" (domain/emulate.c). */
#ifndef HV_DOMAIN_EMULATE_H
#define HV_DOMAIN_EMULATE_H

#include "arch/regs.h"

/* Handles the guest instruction that raised #GP at r->rip; returns 1 if it
 * was emulated or turned into another delivery, 0 if #GP must be bounced. */
int emulate_privileged(struct cpu_regs *r);

/* Handles a #UD at r->rip: returns 1 if it was the forced-emulation CPUID
 * prefix and was emulated, 0 if #UD must be bounced. */
int emulate_forced_cpuid(struct cpu_regs *r);

#endif
