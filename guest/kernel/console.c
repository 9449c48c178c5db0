/*
 * Console output through console_io(CONSOLEIO_write), buffered per line.
 *
 * Each hypercall costs hundreds of instructions, so bytes collect in a line
 * buffer and go out when a newline arrives or the buffer fills.  Whoever ends
 * the guest must call console_flush() so a last partial line is not lost.
 * Allowed for the initial domain on Xen (pv-abi.md §3.11); a Xen domU would get
 * -EPERM.  One vCPU, no event upcalls yet: no locking.
 */
#include "kernel/console.h"
#include "kernel/hypercall.h"

#define CONSOLE_LINE_SIZE 256

static char console_line[CONSOLE_LINE_SIZE];
static size_t console_used;

/*
 * Send the buffered bytes to the hypervisor and empty the buffer.
 * Returns 0, or the negative errno of console_io; the bytes are dropped
 * either way (there is nowhere else to put them).
 */
int console_flush(void)
{
    long rc = 0;

    if (console_used > 0)
        rc = hypercall_console_io(CONSOLEIO_write, console_used, console_line);
    console_used = 0;
    return (int)rc;
}

/*
 * Append len bytes to the console, flushing at each newline and whenever the
 * line buffer is full.  Returns 0, or the first negative errno console_io gave
 * (the rest of buf is still attempted).
 */
int console_write(const char *buf, size_t len)
{
    int err = 0;

    for (size_t i = 0; i < len; i++) {
        console_line[console_used++] = buf[i];
        if (buf[i] == '\n' || console_used == CONSOLE_LINE_SIZE) {
            int rc = console_flush();
            if (rc < 0 && err == 0)
                err = rc;
        }
    }
    return err;
}
