/* The CPU's protections of the hypervisor against itself (arch/protect.c). */
#ifndef HV_ARCH_PROTECT_H
#define HV_ARCH_PROTECT_H

#define PROTECT_SMEP    1   /* CR4.SMEP: no execution of guest (user) pages */
#define PROTECT_SMAP    2   /* CR4.SMAP: no access to guest pages outside a window */

/* Turns on SMEP and SMAP where CPUID offers them, or, without SMAP, turns
 * every STAC/CLAC site into a NOP (arch/smap.h).  Must run before the first
 * exception and before the text becomes read-only.  Returns PROTECT_* bits. */
unsigned cpu_protect_init(void);

/* Returns the PROTECT_* bits cpu_protect_init turned on. */
unsigned cpu_protections(void);

#endif
