/* Ending the run, and quieting legacy hardware we do not use. */
#ifndef HV_ARCH_MACHINE_H
#define HV_ARCH_MACHINE_H

#include "arch/exit_codes.h"

/* Ends QEMU with the given status (arch/exit_codes.h); does not return. */
void __attribute__((noreturn)) machine_exit(int status);

/* Prints "pvx: panic: <message>" and ends QEMU with EXIT_HV_PANIC. */
void __attribute__((noreturn, format(printf, 1, 2))) panic(const char *fmt, ...);

/* Remaps the legacy 8259 PICs away from the exception vectors and masks them. */
void pic_disable(void);

#endif
