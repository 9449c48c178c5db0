/* The guest's console: bytes to the hypervisor's console through console_io. */
#ifndef GUEST_KERNEL_CONSOLE_H
#define GUEST_KERNEL_CONSOLE_H

#include <stddef.h>

int console_write(const char *buf, size_t len);
int console_flush(void);

#endif
