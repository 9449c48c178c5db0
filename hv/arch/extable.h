/*
 * Exception fixups.  An instruction that may fault on a guest address
 * (copy_from_guest and friends) gets an entry { faulting rip, fixup rip } in
 * the .ex_table section; the #PF and #GP handlers look it up and resume at
 * the fixup instead of panicking.
 */
#ifndef HV_ARCH_EXTABLE_H
#define HV_ARCH_EXTABLE_H

#include <stdint.h>

struct extable_entry {
    uint64_t insn;
    uint64_t fixup;
};

/* Returns the fixup address for a fault at rip, or 0 if there is none. */
uint64_t extable_find(uint64_t rip);

#endif
