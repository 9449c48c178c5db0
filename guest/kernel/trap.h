/*
 * Exceptions, software interrupts and the two callbacks, as the guest kernel
 * receives them (pv-abi.md §3.5, §9).
 *
 * The hypervisor delivers every one of them the same way: it writes a bounce
 * frame on the current stack and jumps to the handler we registered.  The
 * entry stubs (trap_entry.S) turn that frame into a struct trap_frame, call
 * trap_dispatch() and return through HYPERVISOR_iret with whatever the
 * handler left in the frame:
 *
 *   bounce frame (from rsp up)           struct trap_frame (from low to high)
 *   rcx, r11 <- popped first (§9.2)      r15 .. rax   pushed by the stub
 *   [error code]                         vector       256 = event, 257 = failsafe
 *   rip                                  error_code   0 if the vector has none
 *   cs | saved upcall mask << 32         rip, cs, rflags, rsp, ss
 *   rflags (IF = !saved mask)                         the bounce frame's words
 *   rsp, ss
 *
 * Below the frame the stub saves the FPU/SSE state (fxsave), so handlers are
 * ordinary C that may use any register.
 */
#ifndef GUEST_KERNEL_TRAP_H
#define GUEST_KERNEL_TRAP_H

#include <stdint.h>

#define TRAP_NR_VECTORS 256
#define TRAP_EVENT      256     /* pseudo-vector of the event upcall */
#define TRAP_FAILSAFE   257     /* pseudo-vector of the failsafe callback */

/* Architectural vectors with a name in crash reports. */
enum {
    TRAP_DE = 0, TRAP_DB = 1, TRAP_NMI = 2, TRAP_BP = 3, TRAP_OF = 4, TRAP_BR = 5,
    TRAP_UD = 6, TRAP_NM = 7, TRAP_DF = 8, TRAP_TS = 10, TRAP_NP = 11, TRAP_SS = 12,
    TRAP_GP = 13, TRAP_PF = 14, TRAP_MF = 16, TRAP_AC = 17, TRAP_MC = 18, TRAP_XM = 19,
    TRAP_VE = 20, TRAP_CP = 21,
};

/* #PF error code bits (the U/S bit is 0 for guest kernel mode, §9.3). */
#define PFEC_PRESENT    (1u << 0)
#define PFEC_WRITE      (1u << 1)
#define PFEC_USER       (1u << 2)
#define PFEC_RSVD       (1u << 3)
#define PFEC_FETCH      (1u << 4)

#define RFLAGS_CF       (1UL << 0)
#define RFLAGS_TF       (1UL << 8)
#define RFLAGS_IF       (1UL << 9)
#define RFLAGS_DF       (1UL << 10)
#define RFLAGS_AC       (1UL << 18)

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* The upcall mask the interrupted context had (cs bits 39:32). */
static inline unsigned int trap_frame_saved_mask(const struct trap_frame *f)
{
    return (f->cs >> 32) & 0xff;
}

/*
 * A handler for one vector.  It may change any field of the frame (rip to
 * resume elsewhere, registers, rsp, rflags; rflags.IF = 0 resumes with
 * events masked) and returns 1 to resume the interrupted context as the
 * frame then describes it, or 0 to declare the trap fatal (crash report).
 */
typedef int (*trap_handler_t)(struct trap_frame *frame);

/* Registers the stub of every vector with set_trap_table: DPL 0 (so "int n"
 * gives #GP) except int3 and into (DPL 3), events masked on entry.  Prints
 * one line and leaves traps unavailable if the hypercall fails. */
void traps_init(void);

/* NULL when exceptions reach our handlers, else why not
 * (e.g. "set_trap_table failed: -38"). */
const char *traps_unavailable(void);

/* Installs fn for vector (0-255); NULL restores the default (a crash
 * report).  Returns the previous handler. */
trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t fn);

/* Re-registers one trap-table slot with DPL dpl (0-3: who may "int n" it)
 * and events masked on entry or not.  Returns set_trap_table's result. */
long trap_set_gate(unsigned int vector, unsigned int dpl, int mask_events);

/* Called by trap_entry.S for every delivery, with events masked or not as
 * the gate says.  Runs the handler; a fatal trap never returns. */
void trap_dispatch(struct trap_frame *frame);

/* The entry points trap_entry.S provides. */
extern char trap_stubs[];               /* TRAP_STUB_SIZE bytes per vector */
extern char event_callback_entry[];
extern char failsafe_callback_entry[];
#define TRAP_STUB_SIZE 16

#endif
