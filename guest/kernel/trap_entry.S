/*
 * Entry and exit of every trap, software interrupt and callback
 * (pv-abi.md §9.2, §9.4, §9.6); trap.h draws the frames.
 *
 * The hypervisor enters a handler through SYSRET, so rcx and r11 hold
 * garbage and their real values sit at the top of the bounce frame: each
 * stub pops them first, pushes a zero where the vector has no error code,
 * pushes the vector and joins trap_common, which saves the rest of the
 * registers and the FPU/SSE state and calls trap_dispatch(frame).
 *
 * How we return: always with HYPERVISOR_iret, never with a direct iretq.
 * A direct iretq cannot restore the upcall mask together with rip/rsp: the
 * guest would have to clear the mask first and then iretq, and an event
 * arriving in between lands a second frame on the stack below the first
 * (Mini-OS then detects the "critical region" by rip and merges the two
 * frames).  HYPERVISOR_iret loads rip, rsp, rflags and the mask (!IF) in one
 * step, and it also re-enables NMI delivery, which a direct iretq does not.
 * The price is one hypercall per delivery (apps/bench reports it as
 * iret_round_trip); we take it for a return path with no race to reason
 * about.  The thread scheduler does not go through here at all: it switches
 * threads with plain calls (thread_switch.S).
 */
#include "abi/hypercall.h"

#define FRAME_GPRS  (15 * 8)
#define FXSAVE_SIZE 512

/* One stub per vector, TRAP_STUB_SIZE (16) bytes apart, so traps.c finds
 * the stub of vector v at trap_stubs + 16 * v without a table (the jump
 * is forced to its 5-byte form so every stub's size is known).  Vectors
 * the CPU gives an error code (8, 10-14, 17, 21, 29, 30) have it on the
 * stack already; "int n" to those vectors must stay refused by DPL, since
 * a software interrupt never pushes one. */
.macro trap_stub vec
1:  pop %rcx
    pop %r11
    .if !(\vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
    pushq $0
    .endif
    pushq $\vec
    {disp32} jmp trap_common
    .org 1b + 16, 0xcc          /* fails to assemble if a stub outgrows 16 bytes */
.endm

    .text
    .balign 16
    .globl trap_stubs
trap_stubs:
    .altmacro
    .set vec, 0
    .rept 256
    trap_stub %vec
    .set vec, vec + 1
    .endr
    .noaltmacro

/* The event upcall: no error code, events already masked by the hypervisor. */
    .balign 16
    .globl event_callback_entry
event_callback_entry:
    pop %rcx
    pop %r11
    pushq $0
    pushq $256
    jmp trap_common

/* The failsafe callback: four segment selector words (ds, es, fs, gs) lie
 * between r11 and rip.  Keep them for the report and drop them, which leaves
 * the usual frame. */
    .balign 16
    .globl failsafe_callback_entry
failsafe_callback_entry:
    pop %rcx
    pop %r11
    popq failsafe_segments(%rip)
    popq failsafe_segments + 8(%rip)
    popq failsafe_segments + 16(%rip)
    popq failsafe_segments + 24(%rip)
    pushq $0
    pushq $257
    jmp trap_common

/*
 * Save the interrupted registers in struct trap_frame order (rax highest),
 * then the FPU/SSE state.  The hypervisor aligned the frame to 16 bytes, so
 * rsp is 16-byte aligned here after 22 words, as fxsave and the C ABI want.
 * A #NM handler must find TS clear, else its own fxsave would raise #NM
 * again forever: Xen clears the virtual TS when it delivers #NM; we clear it
 * once more ourselves so a hypervisor that does not cannot loop us.
 */
trap_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    cmpq $7, FRAME_GPRS(%rsp)
    jne 1f
    xor %edi, %edi
    call hypercall_page + HC_fpu_taskswitch * 32
1:  sub $FXSAVE_SIZE, %rsp
    fxsave64 (%rsp)
    lea FXSAVE_SIZE(%rsp), %rdi
    call trap_dispatch

/* Restore everything from the (possibly edited) frame and return with
 * HYPERVISOR_iret: push the flags word (0: not VGCF_in_syscall, so rcx and
 * r11 come back from the frame too) and jump into the iret stub, which
 * pushes rcx, r11 and rax and completes the iret_context. */
    fxrstor64 (%rsp)
    add $FXSAVE_SIZE, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    pushq $0
    jmp hypercall_page + HC_iret * 32

    .bss
    .balign 8
    .globl failsafe_segments
failsafe_segments:
    .skip 32

    .section .note.GNU-stack, "", @progbits
