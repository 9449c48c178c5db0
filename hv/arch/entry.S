/*
 * Ways into and out of the hypervisor.
 *
 * syscall_entry   SYSCALL from the guest kernel = a hypercall (pv-abi.md §1.1).
 *                 Number in rax, arguments in rdi rsi rdx r10 r8, result in rax.
 *                 Builds a struct cpu_regs at the top of the hypervisor stack,
 *                 calls hypercall_table[rax] with the arguments and returns
 *                 with SYSRET (rcx = rip, r11 = rflags, as the ABI says).
 * exc_<n>         IDT entry for vector n: pushes a zero error code where the
 *                 CPU pushes none, then the vector, then the registers, and
 *                 calls trap_handle(regs).
 * return_to_guest restores a struct cpu_regs and leaves with IRETQ.
 */
#include "arch/x86.h"
#include "abi/errno.h"
#include "abi/hypercall.h"
#include "arch/tsc.h"
#include "arch/smap.h"
#include "arch/idt.h"

#define HV_STACK_SIZE   (16 * 4096)
#define IST_STACK_SIZE  4096
#define VECTOR_SYSCALL  0x100
#define RFLAGS_IF_BIT   0x200
#define VGCF_IN_SYSCALL 0x100
#define VCPU_NMI_MASKED 1               /* offsetof(struct vcpu, nmi_masked), asserted in vcpu.c */

/* Offsets in struct cpu_regs (arch/regs.h). */
#define FRAME_RAX       (14 * 8)
#define CALLEE_SAVED    (6 * 8)

/* The registers C code may clobber, in struct cpu_regs order (top down). */
.macro SAVE_SCRATCH_GPRS
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
.endm

.macro SAVE_GPRS
    SAVE_SCRATCH_GPRS
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro RESTORE_GPRS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
.endm

/*
 * The hypercall fast path.  Only what the hypercall may change is saved:
 * rax (number, then result), the arguments (restored on return, so the
 * guest sees its own values and never a hypervisor one; a continuation
 * rewrites them), r9, and rcx and r11 (the return rip and rflags, which a
 * bounce frame records).  rbx, rbp and r12-r15 are preserved by the C code;
 * only the calls that may leave through IRETQ instead of SYSRET (iret,
 * multicall: hypercall_full_frame) store them in the frame first.  The
 * frame's constant words (vector, error, cs, ss) are written only on the
 * paths that read them (FILL_SYSCALL_FRAME): the exit work, which may
 * build a bounce frame from them, and the full-frame calls.
 *
 * On the way out: an event upcall due (pending and not masked in vCPU 0's
 * vcpu_info, one 16-bit compare) or other exit work (a continuation, a TLB
 * flush, the audit: hv_exit_work) goes through C.
 */
#define FRAME_TOP(n)    hv_stack_top - (n)(%rip)

/* The kernel's cs and ss in the frame, as do_iret and a bounce set them. */
.macro KERNEL_CS_SS
    movq $0xe02b, FRAME_TOP(8)          /* ss: FLAT_KERNEL_SS */
    movq $0xe033, FRAME_TOP(32)         /* cs: FLAT_KERNEL_CS */
.endm

.macro FILL_SYSCALL_FRAME
    KERNEL_CS_SS
    movq $0, FRAME_TOP(48)              /* error */
    movq $VECTOR_SYSCALL, FRAME_TOP(56)
.endm

    .text
    .globl syscall_entry
syscall_entry:
    mov %rsp, FRAME_TOP(16)             /* the guest's rsp */
    mov %r11, FRAME_TOP(24)             /* rflags */
    mov %rcx, FRAME_TOP(40)             /* rip after the SYSCALL */
    lea FRAME_TOP(56), %rsp
    SAVE_SCRATCH_GPRS
    sub $CALLEE_SAVED, %rsp
    cmp $HC_COUNT, %rax
    jae 2f
    bt %rax, hypercall_full_frame(%rip)
    jc 8f
7:  lea hypercall_table(%rip), %r11     /* every slot a handler (do_ni_hypercall) */
    mov %r10, %rcx                      /* the 4th argument, C calling convention */
    call *(%r11, %rax, 8)
1:  mov vcpu0_upcall(%rip), %r11
    cmpw $1, (%r11)                     /* upcall pending, mask clear */
    je 4f
    testb $0xff, hv_exit_work(%rip)
    jnz 4f
5:  mov FRAME_TOP(120), %r10
    mov FRAME_TOP(112), %r9
    mov FRAME_TOP(104), %r8
    mov FRAME_TOP(96), %rdi
    mov FRAME_TOP(88), %rsi
    mov FRAME_TOP(80), %rdx
    mov FRAME_TOP(40), %rcx             /* rip */
    mov FRAME_TOP(24), %r11             /* rflags */
    mov FRAME_TOP(16), %rsp
    sysretq
2:  mov $-XEN_ENOSYS, %rax
    jmp 1b
4:  mov %rax, FRAME_RAX(%rsp)
    FILL_SYSCALL_FRAME
    call hypercall_exit_work
    mov FRAME_RAX(%rsp), %rax           /* the result, which the call clobbered */
    jmp 5b
8:  FILL_SYSCALL_FRAME
    cmp $HC_iret, %eax
    jne syscall_full_frame
    jmp *iret_next(%rip)                /* iret_fast, or the full frame while hypercalls are traced */
iret_slow:
    SMAP_CLAC                           /* a fault in iret_fast's window lands here */
    .globl syscall_full_frame
syscall_full_frame:
    mov %r15, 0(%rsp)                   /* a full frame for iret and multicall */
    mov %r14, 8(%rsp)
    mov %r13, 16(%rsp)
    mov %r12, 24(%rsp)
    mov %rbp, 32(%rsp)
    mov %rbx, 40(%rsp)
    jmp 7b

/*
 * The iret stub of the hypercall page enters here, through an interrupt
 * gate of DPL 3 (IRET_VECTOR, arch/idt.c), not through SYSCALL: the CPU
 * switches to the hypervisor stack and pushes ss, rsp, rflags, cs and rip
 * itself, and no hypercall pays for telling iret apart.  The stub has
 * pushed rax, r11 and rcx into the iret context, so those three are free.
 * With rax = HC_iret and the scratch registers saved, the frame is the
 * one syscall_entry builds, and the two entries share what follows.
 */
#define GUEST_LOW_END   0x800000000000      /* 2^47 */
#define GUEST_HIGH      0xffff880000000000  /* HYPERVISOR_VIRT_END */
#define IRET_FLAGS_MASK ~0x23000            /* ~(IOPL | VM) */

.macro IRET_GATE_ENTRY
    cld
    push $0
    push $IRET_VECTOR
    mov $HC_iret, %eax
    SAVE_SCRATCH_GPRS
    sub $CALLEE_SAVED, %rsp
.endm

/* While hypercalls are traced (hv/trace/trace_hypercall.c), the gate
 * points here instead: every iret then goes through hypercall_table. */
    .globl iret_entry, iret_entry_traced
iret_entry_traced:
    IRET_GATE_ENTRY
    jmp syscall_full_frame

iret_entry:
    IRET_GATE_ENTRY
    KERNEL_CS_SS                        /* the gate pushed whatever the guest had */
    /* fall through */

/*
 * HYPERVISOR_iret without C, when nothing is unusual (hypercall/iret.c
 * has the rules and handles every other case): the guest's frame is
 * readable, returns to kernel mode at a guest address, and nothing is due
 * on the way out (no exit work, and no upcall pending that the new mask
 * would let through).  Then only rip, rsp, rflags, rax, rcx and r11
 * change, so the frame syscall_entry built is finished in place and left
 * with IRETQ.  Guest memory is only read before anything is changed; a
 * fault or any check that fails goes to iret_slow, i.e. do_iret.
 *
 *   guest rsp -> rax r11 rcx flags rip cs rflags rsp ss   (struct iret_context)
 *   hv stack  -> ... r10 r9 r8 rdi rsi rdx rcx rax vector error rip cs rflags rsp ss
 *                                                                   top - 40 ... top
 */
.macro IRET_LOAD offset, reg
99: mov \offset(%rsi), \reg
    .pushsection .ex_table, "a"
    .quad 99b, iret_slow
    .popsection
.endm

iret_fast:
    mov FRAME_TOP(16), %rsi             /* the guest's rsp */
    lea 72(%rsi), %rdx
    cmp %rsi, %rdx
    jb iret_slow                        /* wraps around */
    mov $GUEST_LOW_END, %rcx
    cmp %rcx, %rdx
    jbe 1f
    mov $GUEST_HIGH, %rcx
    cmp %rcx, %rsi
    jb iret_slow                        /* the hypervisor's range or non-canonical */
1:  SMAP_STAC                           /* guest memory: the frame's words */
    IRET_LOAD 40, %rdi                  /* cs: RPL 3 is user mode */
    and $3, %edi
    cmp $3, %edi
    je iret_slow
    IRET_LOAD 32, %rdx                  /* rip: a guest address */
    mov $GUEST_LOW_END, %rcx
    cmp %rcx, %rdx
    jb 2f
    mov $GUEST_HIGH, %rcx
    cmp %rcx, %rdx
    jb iret_slow
    cmp $-1, %rdx
    je iret_slow
2:  IRET_LOAD 48, %r8                   /* rflags */
    IRET_LOAD 56, %r10                  /* rsp */
    IRET_LOAD 24, %rdi                  /* flags */
    IRET_LOAD 16, %rcx
    IRET_LOAD 8, %r11
    IRET_LOAD 0, %r9                    /* rax, into the frame */
    SMAP_CLAC
    mov %r9, FRAME_TOP(64)
    testb $0xff, hv_exit_work(%rip)
    jnz iret_slow
    mov vcpu0_upcall(%rip), %r9
    bt $9, %r8                          /* IF set: the mask goes; an upcall pending? */
    jnc 3f
    cmpb $0, (%r9)
    jne iret_slow
3:  bt $9, %r8
    setnc 1(%r9)                        /* evtchn_upcall_mask = !IF */
    movb $0, vcpu0 + VCPU_NMI_MASKED(%rip)
    and $IRET_FLAGS_MASK, %r8
    or $RFLAGS_IF_BIT, %r8
    test $VGCF_IN_SYSCALL, %edi         /* SYSRET's rcx and r11 */
    jz 4f
    mov %rdx, %rcx
    mov %r8, %r11
4:  mov %rdx, FRAME_TOP(40)
    mov %r8, FRAME_TOP(24)
    mov %r10, FRAME_TOP(16)
    mov FRAME_TOP(64), %rax
    mov FRAME_TOP(80), %rdx
    mov FRAME_TOP(88), %rsi
    mov FRAME_TOP(96), %rdi
    mov FRAME_TOP(104), %r8
    mov FRAME_TOP(112), %r9
    mov FRAME_TOP(120), %r10
    lea hv_stack_top - 40(%rip), %rsp
    iretq

/* Exception stubs: one per vector, in a table the IDT setup reads. */
.macro EXC vector, has_error
    .align 16
exc_\vector:
    .if \has_error == 0
    push $0
    .endif
    push $\vector
    jmp trap_common
.endm

    .align 16
    .globl exc_stubs
exc_stubs:
    .irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    EXC \v, 0
    .endr
    .irp v, 8,10,11,12,13,14,17,21,29,30
    EXC \v, 1
    .endr

    .globl exc_timer, exc_spurious
    .align 16
exc_timer:
    push $0
    push $TIMER_VECTOR
    jmp trap_common
    .align 16
exc_spurious:
    push $0
    push $SPURIOUS_VECTOR
    jmp trap_common

    .section .rodata
    .align 8
    .globl exc_stub_table
exc_stub_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad exc_\v
    .endr

    .text
trap_common:
    cld
    SMAP_CLAC                           /* the guest may have left RFLAGS.AC set */
    SAVE_GPRS
    mov %rsp, %rdi
    call *trap_handler(%rip)            /* trap_handle, or its traced wrapper */
    mov %rsp, %rdi
    /* fall through */

    .globl return_to_guest
return_to_guest:
    mov %rdi, %rsp
    RESTORE_GPRS
    add $16, %rsp
    iretq

/* Where an iret that came by SYSCALL goes on (label 8 of syscall_entry);
 * read-only once the hypervisor has booted (mm/hv_protect.h). */
    .section .data.ro_after_boot, "aw"
    .align 8
    .globl iret_next
iret_next:
    .quad iret_fast

/*
 * The stacks, each above a guard page that mm/hv_protect.c unmaps, so an
 * overflow faults instead of running into the next stack (the #PF it
 * raises cannot be pushed either: a #DF, on its own IST stack).
 */
.macro STACK name, size
    .align 4096
    .globl \name\()_guard, \name\()_top
\name\()_guard:
    .skip 4096
    .skip \size
\name\()_top:
.endm

    .bss
    STACK hv_stack, HV_STACK_SIZE
    STACK ist_df, IST_STACK_SIZE
    STACK ist_nmi, IST_STACK_SIZE
    STACK ist_mc, IST_STACK_SIZE

    .section .note.GNU-stack, "", @progbits
