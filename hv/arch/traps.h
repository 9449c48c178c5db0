/* Exception handling and crash reports (arch/traps.c). */
#ifndef HV_ARCH_TRAPS_H
#define HV_ARCH_TRAPS_H

#include "arch/regs.h"

void trap_handle(struct cpu_regs *r);

/* What entry.S calls for every exception: trap_handle, unless the trace
 * put its wrapper here (trace_exceptions_install). */
extern void (*trap_handler)(struct cpu_regs *r);
const char *exception_name(uint64_t vector);
void dump_regs(const struct cpu_regs *r);
void describe_page_fault(uint64_t error, char *buf, unsigned size);

#endif
