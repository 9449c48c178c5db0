/* COM1 (0x3f8) at 115200 8n1: the hypervisor's console and the guest's. */
#ifndef HV_BOOT_SERIAL_H
#define HV_BOOT_SERIAL_H

#include <stddef.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
int serial_read_byte(void);

#endif
