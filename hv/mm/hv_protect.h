/*
 * The hypervisor's own mappings (mm/hv_protect.c): no page both writable
 * and executable, the direct map without execute, and an unmapped guard
 * page under every hypervisor stack.
 */
#ifndef HV_MM_HV_PROTECT_H
#define HV_MM_HV_PROTECT_H

#include <stddef.h>
#include <stdint.h>

/* For data the hypervisor writes only while it boots, before
 * hv_image_protect: the hypercall table, the exception handler pointer, the
 * IDT and the trace's state.  hv.ld puts the section with .rodata, which
 * hv_image_protect maps read-only, so a stray write afterwards faults
 * instead of redirecting a call (selftest=ro checks it). */
#define RO_AFTER_BOOT __attribute__((section(".data.ro_after_boot")))

/* Maps the image with per-part permissions and its stack guard pages
 * absent, makes the rest of the direct map non-executable and removes the
 * boot identity map.  Runs once, on the hypervisor stack, before any guest
 * L4 copies the hypervisor's slots, and after the last write to the text
 * (SMAP NOPs, the trace's redirected calls) and to RO_AFTER_BOOT data. */
void hv_image_protect(void);

/* Walks every mapping of the hypervisor's L4.  Returns the number of leaf
 * entries checked, or -1 with the first writable and executable one
 * described in err. */
long hv_check_wx(char *err, size_t errlen);

/* Returns the name of the stack ("hypervisor", "#DF IST", ...) whose guard
 * page holds hypervisor address va, or NULL. */
const char *hv_stack_guard_name(uint64_t va);

#endif
