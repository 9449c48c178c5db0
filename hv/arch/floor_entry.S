/*
 * The ring-3 half of the native-floor measurement (domain/floor.c): the
 * cost of a bare SYSCALL/SYSRET round trip, with nothing in between.
 *
 * floor_run_user(rip, rsp) enters ring 3 at rip with IRETQ and returns the
 * TSC ticks the user code measured.  The user code (floor_user_stub, copied
 * to a user page) reads the TSC, runs FLOOR_CALLS syscalls, reads the TSC
 * again and makes one more syscall with rax = FLOOR_DONE.  While it runs,
 * LSTAR points at floor_syscall, which returns at once with SYSRET, or for
 * FLOOR_DONE goes back to floor_run_user's caller.
 */
#define FLOOR_CALLS 1000
#define FLOOR_DONE  0xf100

    .text
    .globl floor_run_user, floor_syscall, floor_user_stub, floor_user_stub_end
floor_run_user:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, floor_saved_rsp(%rip)
    push $0xe02b                    /* ss */
    push %rsi                       /* rsp */
    push $0x2                       /* rflags: interrupts off */
    push $0xe033                    /* cs */
    push %rdi                       /* rip */
    iretq

floor_syscall:
    cmp $FLOOR_DONE, %rax
    je 1f
    sysretq
1:  mov floor_saved_rsp(%rip), %rsp
    mov %r9, %rax
    sub %r8, %rax
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* Position-independent ring-3 code, copied to a user page. */
floor_user_stub:
    rdtsc
    shl $32, %rdx
    or %rax, %rdx
    mov %rdx, %r8
    mov $FLOOR_CALLS, %ebx
2:  xor %eax, %eax
    syscall
    dec %ebx
    jnz 2b
    rdtsc
    shl $32, %rdx
    or %rax, %rdx
    mov %rdx, %r9
    mov $FLOOR_DONE, %eax
    syscall
floor_user_stub_end:

    .bss
    .align 8
floor_saved_rsp:
    .skip 8

    .section .note.GNU-stack, "", @progbits
