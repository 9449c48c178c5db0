/* Ending the guest with an exit status (see shutdown.c for how it reaches QEMU). */
#ifndef GUEST_KERNEL_SHUTDOWN_H
#define GUEST_KERNEL_SHUTDOWN_H

/* The status abort() and fatal signals end the guest with. */
#define GUEST_EXIT_ABORT 127

void guest_shutdown(int status) __attribute__((noreturn));

#endif
