/* The COM1 UART, polled: no interrupts, no buffering. */
#include "boot/serial.h"
#include "arch/io.h"

#define COM1        0x3f8
#define LSR_DATA    0x01    /* line status: a byte is waiting */
#define LSR_THRE    0x20    /* line status: transmit holding register empty */

/* Programs COM1 for 115200 baud, 8 data bits, no parity, 1 stop bit. */
void serial_init(void)
{
    outb(COM1 + 1, 0x00);   /* no interrupts */
    outb(COM1 + 3, 0x80);   /* divisor latch */
    outb(COM1 + 0, 0x01);   /* 115200 */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8n1 */
    outb(COM1 + 2, 0xc7);   /* FIFO on, cleared */
    outb(COM1 + 4, 0x03);   /* DTR, RTS */
}

/* Writes one byte, waiting for the transmitter. */
static void serial_put(char c)
{
    while (!(inb(COM1 + 5) & LSR_THRE))
        ;
    outb(COM1, (uint8_t)c);
}

/* Writes n bytes as they are (the terminal adds carriage returns). */
void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        serial_put(s[i]);
}

/* Returns the next received byte, or -1 if none is waiting. */
int serial_read_byte(void)
{
    if (!(inb(COM1 + 5) & LSR_DATA))
        return -1;
    return inb(COM1);
}
