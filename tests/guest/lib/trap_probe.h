/*
 * Raising one trap and recording how it arrived, for the in-guest tests
 * that provoke exceptions (tests/guest/traps, tests/guest/gdt).
 *
 * PROBE(setup, insn, cleanup) runs setup, then insn at local label 1, then
 * cleanup at label 2.  Before that it stores both labels' addresses, so the
 * handler knows where the faulting instruction is (probe_fault_rip) and
 * where to resume after it (probe_resume_rip): a fault's frame points at
 * label 1, a trap's (int3, int n, single-step) at label 2.  The handler
 * copies the frame into `probe` and resumes at label 2 in either case.
 */
#ifndef TESTS_GUEST_LIB_TRAP_PROBE_H
#define TESTS_GUEST_LIB_TRAP_PROBE_H

#include <stdint.h>
#include "kernel/trap.h"

struct probe_record {
    int trapped;                    /* traps taken since probe_arm() */
    struct trap_frame frame;        /* the first one's frame */
    uint64_t frame_top;             /* address just above the bounce frame */
    uint64_t cr2;                   /* vcpu_info.arch.cr2 in the handler */
    unsigned int mask_in_handler;   /* evtchn_upcall_mask in the handler */
};

extern struct probe_record probe;
extern uint64_t probe_fault_rip, probe_resume_rip;

#define PROBE(setup, insn, cleanup, ...)                                        \
    __asm__ volatile("movq $1f, probe_fault_rip(%%rip)\n\t"                     \
                     "movq $2f, probe_resume_rip(%%rip)\n\t"                    \
                     setup "\n"                                                 \
                     "1:\t" insn "\n"                                           \
                     "2:\t" cleanup                                             \
                     : : : "memory", ##__VA_ARGS__)

/* Installs the recording handler on every vector (for the whole test).
 * A trap that comes while no probe is armed still gets the crash report. */
void probe_install(void);

/* Clears the record and accepts traps until the next probe_disarm(). */
void probe_arm(void);

/* Stops accepting traps: one outside a probe is then fatal. */
void probe_disarm(void);

/* Checks that the last probe took exactly one trap, on vector, with the
 * frame's rip at rip and, if ec >= 0, that error code.  Disarms. */
void probe_expect(const char *what, unsigned int vector, uint64_t rip, long ec);

#endif
