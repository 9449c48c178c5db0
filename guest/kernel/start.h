/* What the guest learnt at start of day, for the rest of the guest and for apps. */
#ifndef GUEST_KERNEL_START_H
#define GUEST_KERNEL_START_H

#include "abi/start_info.h"

/* The start_info page the builder passed in rsi (a VA in the bootstrap region). */
extern const struct start_info *guest_start_info;

/* The application's name (argv[0]), set by the image's link (apps/apps.mk). */
extern const char guest_app_name[];

void guest_start(const struct start_info *si) __attribute__((noreturn));

#endif
