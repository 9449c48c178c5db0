/*
 * Ending the guest with an exit status, the same way on pvx and on Xen 4.17.
 *
 * QEMU runs with `-device isa-debug-exit,iobase=0xf4,iosize=0x04`: writing v to
 * port 0xf4 ends QEMU with status (v << 1) | 1, which scripts/run.sh maps back
 * to v.  Only statuses 0..127 survive that round trip through an 8-bit shell
 * status.  Port I/O from the guest kernel (ring 3) is emulated by the hypervisor
 * once our virtual IOPL is at least 1 (pv-abi.md §3.15).
 *
 * SCHEDOP_shutdown is only the fallback: for dom0, Xen answers a poweroff by
 * halting the machine, which leaves QEMU running until its timeout, and a
 * crash by rebooting (QEMU exits under -no-reboot, with status 0).
 */
#include "kernel/console.h"
#include "kernel/hypercall.h"
#include "kernel/shutdown.h"

/*
 * Write status to the debug-exit port.  Returns only if nothing stopped the
 * machine (no such device); faults (and so kills the domain) if the
 * hypervisor refuses the port.
 */
static void debug_exit_outb(unsigned char status)
{
    asm volatile("outb %0, %1" : : "a"(status), "Nd"((unsigned short)DEBUG_EXIT_PORT));
}

/*
 * End the guest with status: flush the console, try the QEMU debug-exit port,
 * then shut the domain down (poweroff for 0, crash otherwise).  Never returns;
 * if even the shutdown hypercall comes back, spins in sched_op(yield).
 */
void guest_shutdown(int status)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    struct sched_shutdown shutdown = {
        .reason = status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash,
    };

    console_flush();
    if (hypercall_physdev_op(PHYSDEVOP_set_iopl, &iopl) == 0)
        debug_exit_outb((unsigned char)status);
    for (;;) {
        hypercall_sched_op(SCHEDOP_shutdown, &shutdown);
        hypercall_sched_op(SCHEDOP_yield, 0);
    }
}
