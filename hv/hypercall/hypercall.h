/*
 * Hypercall handlers.  Each takes the five argument registers (rdi, rsi,
 * rdx, r10, r8) as unsigned longs and returns the value for rax: 0 or a
 * positive result, or a negative Xen errno (abi/errno.h).
 */
#ifndef HV_HYPERCALL_HYPERCALL_H
#define HV_HYPERCALL_HYPERCALL_H

#include <stdint.h>
#include "arch/regs.h"
#include "abi/errno.h"

typedef long (*hypercall_fn)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

void hypercall_dispatch(struct cpu_regs *regs);

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf, uint64_t a4, uint64_t a5);
long do_xen_version(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_sched_op_compat(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);

#endif
