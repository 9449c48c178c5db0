/*
 * Delivering an exception or an event to the guest kernel: the bounce frame
 * (pv-abi.md §9.2), written on the guest's stack below the interrupted rsp
 * (aligned down to 16):
 *
 *        higher addresses
 *   +56  ss                       the interrupted context, as the CPU
 *   +48  rsp                      would push it, with two PV changes:
 *   +40  rflags  (IF = !saved mask)
 *   +32  cs | saved mask << 32    cs RPL 0 = "was in kernel mode"
 *   +24  rip
 *   +16  error code               only for vectors that have one
 *    +8  r11
 *    +0  rcx   <- new rsp         the handler pops rcx and r11 first
 *
 * The handler then runs at its address with cs 0xe033, ss 0xe02b; with
 * "mask events" the upcall mask is set after its old value was saved.
 */
#ifndef HV_DOMAIN_BOUNCE_H
#define HV_DOMAIN_BOUNCE_H

#include <stdint.h>
#include "arch/regs.h"

#define BOUNCE_NO_ERROR (~0UL)

/* Redirects r to handler through a bounce frame; error is the error code
 * or BOUNCE_NO_ERROR.  Crashes the domain if the handler is 0 or the frame
 * cannot be written. */
void bounce_to_guest(struct cpu_regs *r, uint64_t handler, uint64_t error, int mask_events,
                     const char *what);

/* Delivers exception vector (with error code, or BOUNCE_NO_ERROR) through
 * the guest's trap table; crashes the domain if there is no handler. */
void deliver_exception(struct cpu_regs *r, unsigned vector, uint64_t error);

/* Makes an NMI pending for vCPU 0 (VCPUOP_send_nmi); it is delivered on
 * the way back to the guest unless the guest is still in its NMI handler. */
void nmi_raise(void);

/* If an event upcall is due (pending and not masked), delivers it through
 * the event callback.  Called on every way back to the guest. */
void deliver_pending_events(struct cpu_regs *r);

#endif
