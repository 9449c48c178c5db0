/* Self-tests of the hypervisor's protections (boot/selftest.c). */
#ifndef HV_BOOT_SELFTEST_H
#define HV_BOOT_SELFTEST_H

#include <stdint.h>
#include "boot/cmdline.h"

/* Before the W^X check: for SELFTEST_WX, maps one hypervisor page both
 * writable and executable, which the check must refuse. */
void selftest_before_wx_check(enum selftest t);

/* Just before the guest's first instruction, with its page tables loaded:
 * SELFTEST_SMAP reads guest address guest_va without a SMAP window,
 * SELFTEST_STACK overflows the hypervisor stack and SELFTEST_RO writes the
 * hypercall table; each must end in the exception handler's report and
 * EXIT_HV_PANIC.  If the protection did not
 * stop it, panics saying so. */
void selftest_before_guest(enum selftest t, uint64_t guest_va);

#endif
