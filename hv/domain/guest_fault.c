/*
 * Exceptions raised by the guest.  Until the guest has a trap table
 * (set_trap_table, a later step), every guest exception crashes the domain:
 * the report names the vector, the cause and the guest's registers, and the
 * run ends with EXIT_GUEST_CRASHED.  Real Xen does the same for a guest
 * without a handler (pv-abi.md §5.4: "an exception before set_trap_table
 * crashes the domain").
 */
#include <stdarg.h>
#include "domain/guest_fault.h"
#include "arch/io.h"
#include "arch/machine.h"
#include "arch/traps.h"
#include "lib/printf.h"
#include "mm/audit.h"
#include "mm/page_type.h"
#include "mm/ptwr.h"

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

/* Handles an exception the guest raised: a write to its own L1 table under
 * writable_pagetables is emulated; anything else crashes the domain (no
 * trap table yet). */
void guest_exception(struct cpu_regs *r)
{
    char cause[96];

    if (r->vector == 14 && (r->error & 3) == 3 && ptwr_emulate(r, read_cr2())) {
        tlb_flush_if_pending();
        audit_check();
        return;
    }
    if (r->vector == 14) {
        describe_page_fault(r->error & ~4UL, cause, sizeof(cause));
        domain_crash(r, "%s at 0x%lx (%s), and the guest has no trap table",
                     exception_name(r->vector), read_cr2(), cause);
    }
    domain_crash(r, "%s (vector %lu, error 0x%lx), and the guest has no trap table",
                 exception_name(r->vector), r->vector, r->error);
}
