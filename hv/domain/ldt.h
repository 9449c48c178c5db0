/* The guest's LDT (MMUEXT_SET_LDT, domain/ldt.c). */
#ifndef HV_DOMAIN_LDT_H
#define HV_DOMAIN_LDT_H

#include <stdint.h>

#define LDT_MAX_ENTRIES 8192

/* Installs the LDT of ents descriptors at guest address base (0 entries:
 * none).  Returns 0 or -EINVAL. */
long ldt_set(uint64_t base, uint32_t ents);

/* Returns the i-th frame the LDT holds a reference on, or 0. */
uint64_t ldt_frame(unsigned i);

#endif
