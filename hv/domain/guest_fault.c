/*
 * Exceptions and interrupts that arrive while the guest runs.
 *
 *   #PF   a write to the guest's own L1 under writable_pagetables is
 *         emulated (mm/ptwr.c); otherwise cr2 goes into vcpu_info and the
 *         fault is bounced with the error code's U/S bit cleared (the guest
 *         was in kernel mode) (pv-abi.md §9.3)
 *   #GP   privileged instructions the PV ABI emulates, and "int n", are
 *         handled in domain/emulate.c; the rest is bounced
 *   #UD   the forced-emulation CPUID prefix (ud2; "xen"; cpuid) is emulated
 *         (domain/emulate.c); any other #UD is bounced
 *   #NM   with the virtual CR0.TS set: TS is cleared and #NM bounced
 *   other exceptions are bounced through the trap table (domain/bounce.c);
 *         a missing handler crashes the domain with a report
 */
#include <stdarg.h>
#include "domain/guest_fault.h"
#include "domain/bounce.h"
#include "domain/emulate.h"
#include "domain/timer.h"
#include "domain/vcpu.h"
#include "arch/io.h"
#include "arch/machine.h"
#include "arch/traps.h"
#include "abi/trap.h"
#include "lib/printf.h"
#include "mm/ptwr.h"
#include "mm/audit.h"
#include "mm/page_type.h"
#include "hypercall/hypercall.h"

/* Prints the reason and the guest's registers, then ends the run. */
void domain_crash(const struct cpu_regs *r, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("pvx: domain 0 crashed: %s\n", buf);
    printk("pvx: guest registers:\n");
    dump_regs(r);
    machine_exit(EXIT_GUEST_CRASHED);
}

/* Crashes the domain for a #PF at cr2 it has no handler for. */
static void __attribute__((noreturn, cold, noinline)) page_fault_unhandled(struct cpu_regs *r,
                                                                          uint64_t cr2)
{
    char what[128], cause[96];

    describe_page_fault(r->error & ~4UL, cause, sizeof(cause));
    snprintf(what, sizeof(what), "#PF page fault at 0x%lx (%s)", cr2, cause);
    domain_crash(r, "%s, and the guest has no handler for it", what);
}

/* A #PF from the guest: ptwr, or a bounce with cr2 recorded. */
static void page_fault(struct cpu_regs *r)
{
    uint64_t cr2 = read_cr2();

    if ((r->error & 3) == 3 && ptwr_enabled() && ptwr_emulate(r, cr2))
        return;
    vcpu0.cr2 = cr2;
    vcpu0_upcall->cr2 = cr2;
    if (!vcpu0.traps[14].address)
        page_fault_unhandled(r, cr2);
    deliver_exception(r, 14, r->error & ~4UL);
}

/* On every way back to the guest (after a hypercall's exit work, an
 * exception or an interrupt): the TLB flush a change asked for, an event
 * upcall if one is due, the audit if it is on.  Each of them but the upcall
 * sets a bit of hv_exit_work, so one test and the upcall's (pending, mask
 * clear: one 16-bit compare, as in entry.S) tell when there is nothing. */
void guest_return_work(struct cpu_regs *r)
{
    if (!hv_exit_work && *(const volatile uint16_t *)vcpu0_upcall != 1)
        return;
    tlb_flush_if_pending();
    deliver_pending_events(r);
    audit_check();
}

/* Handles an exception or interrupt taken while the guest ran. */
void guest_exception(struct cpu_regs *r)
{
    switch (r->vector) {
    case 14:
        page_fault(r);
        return;
    case 13:
        if (!emulate_privileged(r))
            deliver_exception(r, 13, r->error);
        return;
    case 6:
        if (!emulate_forced_cpuid(r))
            deliver_exception(r, 6, BOUNCE_NO_ERROR);
        return;
    case SPURIOUS_VECTOR:
        return;                 /* the APIC's spurious interrupt: nothing to do */
    case 7:
        if (vcpu0.fpu_ts) {
            vcpu0.fpu_ts = 0;
            __asm__ volatile("clts");
        }
        deliver_exception(r, 7, BOUNCE_NO_ERROR);
        return;
    case TIMER_VECTOR:
        timer_interrupt();
        return;
    default:
        deliver_exception(r, (unsigned)r->vector,
                          TRAP_HAS_ERROR_CODE(r->vector) ? r->error : BOUNCE_NO_ERROR);
    }
}
