/* The SYSCALL (hypercall) entry MSRs (arch/syscall.c). */
#ifndef HV_ARCH_SYSCALL_H
#define HV_ARCH_SYSCALL_H

void syscall_init(void);

#endif
