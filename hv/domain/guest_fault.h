/* Exceptions raised by the guest (hv/domain/guest_fault.c). */
#ifndef HV_DOMAIN_GUEST_FAULT_H
#define HV_DOMAIN_GUEST_FAULT_H

#include "arch/regs.h"

void guest_exception(struct cpu_regs *r);
void guest_return_work(struct cpu_regs *r);

/* Prints why the hypervisor crashed the guest, its registers, and ends the
 * run with EXIT_GUEST_CRASHED. */
void __attribute__((noreturn, format(printf, 2, 3)))
domain_crash(const struct cpu_regs *r, const char *fmt, ...);

#endif
