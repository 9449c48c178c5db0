/*
 * Switching between cooperative threads (sched.h).  A switch is a function
 * call, so only what the C ABI says a callee preserves needs saving: rbx,
 * rbp, r12-r15, and the control words of the FPU (x87 CW) and SSE (MXCSR).
 * A suspended thread's stack, from its saved sp up:
 *
 *   sp -> | mxcsr (low 4 bytes), x87 CW (next 2) |
 *         | r15 | r14 | r13 | r12 | rbx | rbp      |
 *         | return address                         |  into schedule(), or
 *                                                     thread_start for a new thread
 */

/* thread_switch(uint64_t *save_sp (rdi), uint64_t next_sp (rsi)) */
    .text
    .globl thread_switch
thread_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    add $8, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

/* A new thread's first instructions: rsp is 16-byte aligned here and rbp
 * is 0, which ends backtraces.  thread_run() never returns. */
    .globl thread_start
thread_start:
    xor %ebp, %ebp
    call thread_run
    ud2

    .section .note.GNU-stack, "", @progbits
