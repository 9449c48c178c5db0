/*
 * The crash report of a fatal trap (crash.h).  Example, a write to an
 * unmapped address:
 *
 *   crash: #PF page fault (vector 14) in app 'traps', error code 0x2 [write not-present kernel]
 *     rip 0xffffffff80001234  cs 0xe030 (saved mask 0)  rflags 0x246  rsp ...  ss 0xe02b
 *     rax ... (all 15 registers)
 *     cr2 0xdead000 (vcpu_info.arch.cr2)
 *     walk of 0xdead000 in the bootstrap page tables (L4 mfn 0x...):
 *       L4[  0] = 0x0000000000000000  not present
 *     backtrace: 0xffffffff80001234 0xffffffff80001300 ...
 *       (addr2line -e <image>.elf <address>)
 *   crash: ending with status 126
 *
 * The report is written with vsnprintf and console_write rather than printf,
 * so a trap that hit in the middle of a printf does not garble it.  The page
 * walk reads the bootstrap tables (start_info.pt_base): the guest does not
 * track which root is in CR3 if an app switched to its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "kernel/backtrace.h"
#include "kernel/console.h"
#include "kernel/crash.h"
#include "kernel/shared_info.h"
#include "kernel/shutdown.h"
#include "kernel/start.h"
#include "mm/p2m.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"

#define CRASH_BACKTRACE_MAX 16

extern uint64_t failsafe_segments[4];

static const char *const vector_names[32] = {
    [0] = "#DE divide error", [1] = "#DB debug", [2] = "NMI", [3] = "#BP breakpoint",
    [4] = "#OF overflow", [5] = "#BR bound range", [6] = "#UD invalid opcode",
    [7] = "#NM device not available", [8] = "#DF double fault",
    [10] = "#TS invalid TSS", [11] = "#NP segment not present", [12] = "#SS stack fault",
    [13] = "#GP general protection", [14] = "#PF page fault", [16] = "#MF x87 FPU error",
    [17] = "#AC alignment check", [18] = "#MC machine check", [19] = "#XM SIMD FP error",
    [20] = "#VE virtualisation", [21] = "#CP control protection",
};

/* The vector's name, "event upcall"/"failsafe callback" for the callbacks. */
const char *trap_vector_name(unsigned int vector)
{
    if (vector < 32 && vector_names[vector] != NULL)
        return vector_names[vector];
    if (vector == TRAP_EVENT)
        return "event upcall";
    if (vector == TRAP_FAILSAFE)
        return "failsafe callback";
    return "vector";
}

/* printf to the console, bypassing stdio. */
static void crash_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void crash_print(const char *fmt, ...)
{
    char line[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    console_write(line, strlen(line));
}

/* " [write not-present kernel]" for a #PF error code. */
static void crash_print_pfec(uint64_t ec)
{
    crash_print(" [%s%s %s %s%s]", ec & PFEC_FETCH ? "fetch" : ec & PFEC_WRITE ? "write" : "read",
                ec & PFEC_RSVD ? " reserved-bit" : "", ec & PFEC_PRESENT ? "protection" : "not-present",
                ec & PFEC_USER ? "user" : "kernel", "");
}

/* All registers of the interrupted context, four to a line. */
static void crash_print_registers(const struct trap_frame *f)
{
    static const char *const names[15] = {
        "r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8",
        "rbp", "rdi", "rsi", "rdx", "rcx", "rbx", "rax",
    };
    const uint64_t *gprs = &f->r15;

    crash_print("  rip %#lx  cs %#lx (saved mask %u)  rflags %#lx  rsp %#lx  ss %#lx\n",
                f->rip, f->cs & 0xffff, trap_frame_saved_mask(f), f->rflags, f->rsp, f->ss);
    for (int i = 14, col = 1; i >= 0; i--, col++)
        crash_print("  %-3s 0x%016lx%s", names[i], gprs[i], col % 4 == 0 || i == 0 ? "\n" : "");
}

/* Each level's entry for va in the bootstrap tables, down to the frame. */
static void crash_print_walk(uint64_t va)
{
    unsigned long root;
    uint64_t ma, entry = 0;

    if (bootstrap_region.v_end == 0) {
        crash_print("  (no page walk: guest/mm was not initialised)\n");
        return;
    }
    root = pt_bootstrap_l4_mfn();
    crash_print("  walk of %#lx in the bootstrap page tables (L4 mfn %#lx):\n", va, root);
    for (int level = 4; level >= 1; level--) {
        if (pt_entry_maddr(root, va, level, &ma) != 0)
            return;
        entry = pt_read_entry(ma);
        crash_print("    L%d[%3u] = 0x%016lx", level, pt_index(va, level), entry);
        if (!(entry & PTE_P)) {
            crash_print("  not present\n");
            return;
        }
        crash_print("  %s%s%s\n", entry & PTE_RW ? "rw" : "ro", entry & PTE_US ? " user" : "",
                    entry & PTE_NX ? " nx" : "");
        if (level > 1 && (entry & PTE_PSE))
            return;
    }
    if (pte_mfn(entry) <= p2m_max_mfn() && mfn_is_ours(pte_mfn(entry)))
        crash_print("    -> mfn %#lx = pfn %#lx\n", pte_mfn(entry), mfn_to_pfn(pte_mfn(entry)));
    else
        crash_print("    -> mfn %#lx, not one of our frames\n", pte_mfn(entry));
}

/* The interrupted rip, then the return addresses of the frame chain. */
static void crash_print_backtrace(const struct trap_frame *f)
{
    uint64_t addrs[CRASH_BACKTRACE_MAX];
    int n = backtrace_walk(f->rbp, addrs, CRASH_BACKTRACE_MAX);

    crash_print("  backtrace: %#lx", f->rip);
    for (int i = 0; i < n; i++)
        crash_print(" %#lx", addrs[i]);
    crash_print("\n    (addr2line -e %s.elf <address>)\n", guest_app_name);
}

/* The whole report, then the exit.  A second entry means the report itself
 * faulted: say so and stop. */
void crash_report(const struct trap_frame *f)
{
    static int crashing;

    if (crashing++) {
        crash_print("crash: trap %lu inside the crash report at rip %#lx\n", f->vector, f->rip);
        guest_shutdown(GUEST_EXIT_TRAP);
    }
    console_flush();
    crash_print("crash: %s (vector %lu) in app '%s', error code %#lx", trap_vector_name(f->vector),
                f->vector, guest_app_name, f->error_code);
    if (f->vector == TRAP_PF)
        crash_print_pfec(f->error_code);
    crash_print("\n");
    crash_print_registers(f);
    if (f->vector == TRAP_FAILSAFE)
        crash_print("  selectors that failed to load: ds %#lx es %#lx fs %#lx gs %#lx\n",
                    failsafe_segments[0], failsafe_segments[1], failsafe_segments[2],
                    failsafe_segments[3]);
    if (f->vector == TRAP_PF && shared_info != NULL) {
        crash_print("  cr2 %#lx (vcpu_info.arch.cr2)\n", this_vcpu->cr2);
        crash_print_walk(this_vcpu->cr2);
    }
    crash_print_backtrace(f);
    crash_print("crash: ending with status %d\n", GUEST_EXIT_TRAP);
    guest_shutdown(GUEST_EXIT_TRAP);
}
