/*
 * How a pvx run ends.  The hypervisor writes the status to QEMU's
 * isa-debug-exit port (0xf4); QEMU exits with (status << 1) | 1 and
 * scripts/run.sh turns that back into the status.
 *
 *   status   meaning
 *   0..63    the guest's own exit(n), through physdev set_iopl + outb
 *            (statuses up to 127 pass through too, but overlap the ones below)
 *   0        the guest shut down with SHUTDOWN_poweroff
 *   64+r     the guest shut down with reason r (reboot 65, suspend 66,
 *            crash 67, watchdog 68, soft_reset 69)
 *   70       the hypervisor crashed the guest (a fault it could not deliver)
 *   71       the hypervisor stopped: bad command line, bad guest image,
 *            too little memory, or an unexpected exception in the hypervisor
 */
#ifndef HV_ARCH_EXIT_CODES_H
#define HV_ARCH_EXIT_CODES_H

#define EXIT_SHUTDOWN_BASE  64
#define EXIT_GUEST_CRASHED  70
#define EXIT_HV_PANIC       71

#endif
