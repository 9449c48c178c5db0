/* Ending the run through QEMU's isa-debug-exit port, and the legacy PIC. */
#include <stdarg.h>
#include "arch/machine.h"
#include "arch/io.h"
#include "lib/printf.h"
#include "abi/console.h"
#include "trace/trace.h"

/* Writes status to the exit port; QEMU ends with (status << 1) | 1.  If no
 * such device exists, halts forever with interrupts off. */
void machine_exit(int status)
{
    trace_end(status);
    outb(DEBUG_EXIT_PORT, (uint8_t)status);
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* Prints the message and ends with EXIT_HV_PANIC. */
void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("pvx: panic: %s\n", buf);
    machine_exit(EXIT_HV_PANIC);
}

/* The BIOS leaves the PIC's timer interrupt on vector 8, the #DF vector:
 * move both PICs to vectors 0x20-0x2f and mask every line. */
void pic_disable(void)
{
    outb(0x20, 0x11);       /* ICW1: init, ICW4 follows */
    outb(0xa0, 0x11);
    outb(0x21, 0x20);       /* ICW2: vector base */
    outb(0xa1, 0x28);
    outb(0x21, 0x04);       /* ICW3: cascade on IRQ2 */
    outb(0xa1, 0x02);
    outb(0x21, 0x01);       /* ICW4: 8086 mode */
    outb(0xa1, 0x01);
    outb(0x21, 0xff);       /* mask all */
    outb(0xa1, 0xff);
}
