/*
 * console_io (18), pv-abi.md §3.11.  The guest is the initial domain, so its
 * bytes go straight to the serial line, and it reads serial input.
 */
#include "hypercall/hypercall.h"
#include "boot/serial.h"
#include "mm/guest_access.h"
#include "abi/console.h"

#define CHUNK 256
#define COUNT_MAX 0x7fffffffUL

/* Writes count bytes from guest buffer buf to the console, a chunk at a
 * time; returns 0, or -EFAULT at the first unreadable chunk (bytes before it
 * have been written). */
static long console_write(uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];

    while (count) {
        uint64_t n = count < CHUNK ? count : CHUNK;

        if (copy_from_guest(tmp, buf, n))
            return -XEN_EFAULT;
        serial_write(tmp, n);
        buf += n;
        count -= n;
    }
    return 0;
}

/* Reads the bytes waiting on the serial line, at most count, into guest
 * buffer buf; returns how many, or -EFAULT. */
static long console_read(uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];
    uint64_t n = 0;
    int c;

    if (count > COUNT_MAX)
        return -XEN_E2BIG;
    while (n < count && n < CHUNK && (c = serial_read_byte()) >= 0)
        tmp[n++] = (char)c;
    if (n && copy_to_guest(buf, tmp, n))
        return -XEN_EFAULT;
    return (long)n;
}

/* console_io(cmd, count, buf): CONSOLEIO_write or CONSOLEIO_read. */
long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf, uint64_t a4, uint64_t a5)
{
    (void)a4, (void)a5;
    switch ((uint32_t)cmd) {
    case CONSOLEIO_write:
        return console_write((uint32_t)count, buf);
    case CONSOLEIO_read:
        return console_read((uint32_t)count, buf);
    default:
        return -XEN_ENOSYS;
    }
}
