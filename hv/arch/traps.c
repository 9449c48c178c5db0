/*
 * What happens on an exception.
 *
 *   from the guest (CS RPL 3)     -> guest_exception() (hv/domain/guest_fault.c)
 *   in the hypervisor, with a
 *   fixup for the faulting rip    -> resume at the fixup (copy_from_guest & co.)
 *   in the hypervisor, otherwise  -> print vector, error code, registers and a
 *                                    cause, end QEMU with EXIT_HV_PANIC (a #DF
 *                                    from a stack guard page: "stack overflow")
 */
#include "arch/traps.h"
#include "arch/extable.h"
#include "arch/io.h"
#include "arch/machine.h"
#include "arch/protect.h"
#include "mm/hv_protect.h"
#include "abi/layout.h"
#include "lib/string.h"
#include "domain/guest_fault.h"
#include "domain/timer.h"
#include "lib/printf.h"

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range exceeded", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved vector 15", "#MF x87 floating point", "#AC alignment check",
    "#MC machine check", "#XM SIMD floating point", "#VE virtualization",
    "#CP control protection", "reserved vector 22", "reserved vector 23",
    "reserved vector 24", "reserved vector 25", "reserved vector 26", "reserved vector 27",
    "#HV hypervisor injection", "#VC VMM communication", "#SX security", "reserved vector 31",
};

/* Returns the name of exception vector v ("#PF page fault"). */
const char *exception_name(uint64_t v)
{
    return v < 32 ? exception_names[v] : "interrupt";
}

/* Prints a register frame, eight lines. */
void dump_regs(const struct cpu_regs *r)
{
    printk("  rip %016lx  cs %04lx  rflags %016lx\n", r->rip, r->cs, r->rflags);
    printk("  rsp %016lx  ss %04lx  error  %016lx\n", r->rsp, r->ss, r->error);
    printk("  rax %016lx  rbx %016lx  rcx %016lx\n", r->rax, r->rbx, r->rcx);
    printk("  rdx %016lx  rsi %016lx  rdi %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("  rbp %016lx  r8  %016lx  r9  %016lx\n", r->rbp, r->r8, r->r9);
    printk("  r10 %016lx  r11 %016lx  r12 %016lx\n", r->r10, r->r11, r->r12);
    printk("  r13 %016lx  r14 %016lx  r15 %016lx\n", r->r13, r->r14, r->r15);
    printk("  cr2 %016lx  cr3 %016lx\n", read_cr2(), read_cr3());
}

/* Describes a #PF error code in words, e.g. "write to a not-present page". */
void describe_page_fault(uint64_t error, char *buf, unsigned size)
{
    snprintf(buf, size, "%s %s a %s page%s%s",
             error & 0x10 ? "instruction fetch" : error & 2 ? "write" : "read",
             error & 0x10 ? "from" : error & 2 ? "to" : "of",
             error & 1 ? "present (protection)" : "not-present",
             error & 8 ? ", reserved bit set" : "", error & 4 ? ", from ring 3" : "");
}

/* Adds to a hypervisor #PF's cause which protection refused it: a guest
 * page touched outside the guest-access helpers (SMAP) or run (SMEP). */
static void describe_protection(uint64_t error, char *buf, unsigned size)
{
    uint64_t va = read_cr2();
    unsigned n = strlen(buf);

    if (!(error & 1) || (va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END))
        return;
    if ((error & 0x10) && (cpu_protections() & PROTECT_SMEP))
        snprintf(buf + n, size - n, "; SMEP: the hypervisor ran code of a guest page");
    else if (!(error & 0x10) && (cpu_protections() & PROTECT_SMAP))
        snprintf(buf + n, size - n, "; SMAP: a guest page touched outside the guest-access helpers");
}

/* Prints the report for an exception inside the hypervisor and stops: for
 * a #DF whose fault hit a stack's guard page, as a stack overflow. */
static void __attribute__((noreturn)) hv_exception(struct cpu_regs *r)
{
    const char *stack = r->vector == 8 ? hv_stack_guard_name(read_cr2()) : 0;
    char cause[160] = "";

    if (stack) {
        printk("pvx: panic: hypervisor stack overflow: #DF double fault after a fault at "
               "0x%lx, in the guard page below the %s stack\n", read_cr2(), stack);
        dump_regs(r);
        machine_exit(EXIT_HV_PANIC);
    }
    if (r->vector == 14) {
        describe_page_fault(r->error, cause, sizeof(cause));
        describe_protection(r->error, cause, sizeof(cause));
    }
    printk("pvx: panic: unexpected %s (vector %lu, error 0x%lx) in the hypervisor%s%s\n",
           exception_name(r->vector), r->vector, r->error, cause[0] ? ": " : "", cause);
    dump_regs(r);
    machine_exit(EXIT_HV_PANIC);
}

void (*trap_handler)(struct cpu_regs *r) RO_AFTER_BOOT = trap_handle;

/* Entered from entry.S for every exception; returns to resume r. */
void trap_handle(struct cpu_regs *r)
{
    uint64_t fixup;

    if ((r->cs & 3) == 3) {
        guest_exception(r);
        guest_return_work(r);
        return;
    }
    if (r->vector == TIMER_VECTOR) {        /* while the hypervisor waits (block, poll) */
        timer_interrupt();
        return;
    }
    if (r->vector == SPURIOUS_VECTOR)
        return;
    if ((r->vector == 14 || r->vector == 13 || r->vector == 11) &&
        (fixup = extable_find(r->rip)) != 0) {      /* #PF, #GP, #NP (a segment load) */
        r->rip = fixup;
        return;
    }
    hv_exception(r);
}
