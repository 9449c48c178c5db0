/* printk and log_msg: formatted output to the serial console. */
#include "lib/printf.h"
#include "boot/serial.h"

int hv_log_level = LOG_INFO;

/* Formats one message into a stack buffer and writes it to the serial line. */
static void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);

    serial_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Prints a formatted message unconditionally. */
void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/* Prints a formatted message if level is within the configured log level. */
void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;

    if ((int)level > hv_log_level)
        return;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
