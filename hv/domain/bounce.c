/* Bounce frames: exceptions and event upcalls into the guest (domain/bounce.h). */
#include "domain/bounce.h"
#include "domain/domain.h"
#include "domain/guest_fault.h"
#include "domain/vcpu.h"
#include "arch/traps.h"
#include "arch/x86.h"
#include "mm/guest_access.h"
#include "abi/layout.h"
#include "abi/trap.h"
#include "hypercall/hypercall.h"

#define KERNEL_MODE_CS  (FLAT_KERNEL_CS & ~3UL)     /* 0xe030: RPL 0 in the frame */

/* Returns 1 if a bounce frame may be written below rsp (pv-abi.md §9.2). */
static int stack_ok(uint64_t rsp)
{
    return rsp <= HYPERVISOR_VIRT_START || rsp >= HYPERVISOR_VIRT_END + 0x40;
}

/* Crashes the domain: the bounce to handler could not be made. */
static void __attribute__((noreturn, cold)) bounce_failed(const struct cpu_regs *r,
                                                           uint64_t handler, const char *what)
{
    if (!handler)
        domain_crash(r, "%s, and the guest has no handler for it", what);
    domain_crash(r, "%s, and the guest's stack at 0x%lx cannot take the bounce frame", what,
                 r->rsp);
}

/* Writes the bounce frame below r's rsp (aligned down to 16) straight
 * onto the guest's stack, one store per word in one SMAP window; returns
 * the new rsp, or 0 if the stack cannot take it. */
static inline __attribute__((always_inline)) uint64_t
write_frame(const struct cpu_regs *r, uint64_t error, uint64_t saved_mask)
{
    uint64_t top = r->rsp & ~15UL, has_error = error != BOUNCE_NO_ERROR;
    uint64_t rsp = top - (has_error ? 64 : 56);
    uint64_t rflags = (r->rflags & ~(uint64_t)(RFLAGS_IF | RFLAGS_IOPL)) |
                      (saved_mask ? 0 : RFLAGS_IF);
    int failed;

    if (!stack_ok(r->rsp) || !guest_range_ok(rsp, top - rsp))
        return 0;
    smap_open();
    failed = store_word_in_window(top - 8, r->ss) || store_word_in_window(top - 16, r->rsp) ||
             store_word_in_window(top - 24, rflags) ||
             store_word_in_window(top - 32, KERNEL_MODE_CS | saved_mask << 32) ||
             store_word_in_window(top - 40, r->rip) ||
             (has_error && store_word_in_window(top - 48, error)) ||
             store_word_in_window(rsp + 8, r->r11) || store_word_in_window(rsp, r->rcx);
    smap_close();
    return failed ? 0 : rsp;
}

/* Builds the frame and redirects r to handler; returns 0, or -1 (nothing
 * changed) if there is no handler or the frame cannot be written. */
static inline __attribute__((always_inline)) int
bounce(struct cpu_regs *r, uint64_t handler, uint64_t error, int mask_events)
{
    struct vcpu_info *vi = vcpu0_upcall;
    uint64_t saved_mask = vi->evtchn_upcall_mask, rsp;

    if (!handler || !(rsp = write_frame(r, error, saved_mask)))
        return -1;
    if (mask_events)
        vi->evtchn_upcall_mask = 1;
    r->rsp = rsp;
    r->rip = handler;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = (r->rflags & ~(uint64_t)(RFLAGS_TF | RFLAGS_NT | RFLAGS_AC | (1 << 16) | (1 << 17)))
                | RFLAGS_IF;
    return 0;
}

/* Builds the frame and redirects r to handler, or crashes the domain. */
void bounce_to_guest(struct cpu_regs *r, uint64_t handler, uint64_t error, int mask_events,
                     const char *what)
{
    if (bounce(r, handler, error, mask_events))
        bounce_failed(r, handler, what);
}

/* Delivers an exception through the trap table (its name is only looked up
 * for the crash report). */
void deliver_exception(struct cpu_regs *r, unsigned vector, uint64_t error)
{
    const struct virtual_trap *t = &vcpu0.traps[vector & 255];

    if (bounce(r, t->address, error, (t->flags & TI_MASK_EVENTS) != 0))
        bounce_failed(r, t->address, exception_name(vector));
}

/* Makes an NMI pending; the exit work delivers it. */
void nmi_raise(void)
{
    vcpu0.nmi_pending = 1;
    hv_exit_work |= EXIT_WORK_NMI;
}

/* Delivers a pending NMI (vector 2, blocked until HYPERVISOR_iret), then
 * the event upcall if one is pending and events are not masked. */
void deliver_pending_events(struct cpu_regs *r)
{
    struct vcpu_info *vi = vcpu0_info();

    if (vcpu0.nmi_pending && !vcpu0.nmi_masked) {
        vcpu0.nmi_pending = 0;
        vcpu0.nmi_masked = 1;
        hv_exit_work &= (uint8_t)~EXIT_WORK_NMI;
        deliver_exception(r, 2, BOUNCE_NO_ERROR);
    }

    if (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask)
        bounce_to_guest(r, vcpu0.event_callback, BOUNCE_NO_ERROR, 1, "an event upcall");
}
