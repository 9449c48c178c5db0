/*
 * The first instructions of the hypervisor.
 *
 * Both loaders enter start32 in 32-bit protected mode with paging off:
 *   GRUB2 multiboot2:       eax = 0x36d76289, ebx = physical address of the MB2 info
 *   qemu -kernel multiboot: eax = 0x2badb002, ebx = physical address of the MB1 info
 *
 * start32 checks for long mode, builds boot page tables that map the first
 * 4 GiB of machine memory twice with 2 MiB pages,
 *
 *   boot_l4[0]   -> boot_l3 -> boot_l2[0..3]   identity (only while we switch)
 *   boot_l4[257] -> boot_l3 -> boot_l2[0..3]   direct map at 0xffff808000000000
 *
 * turns on PAE, long mode, NX and paging, and jumps to the 64-bit code, which
 * moves to the direct map and calls hv_main(magic, info_phys).
 */
#include "arch/x86.h"

#define MB2_MAGIC        0xe85250d6
#define MB1_MAGIC        0x1badb002
#define MB1_FLAGS        0x00000003      /* page-aligned modules, memory map */

    .section .multiboot, "a"
    .align 8
mb2_header:
    .long MB2_MAGIC
    .long 0                              /* architecture: i386 protected mode */
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + (mb2_header_end - mb2_header))
    .align 8                             /* module alignment tag: page-aligned modules */
    .word 6, 0
    .long 8
    .word 0, 0                           /* end tag */
    .long 8
mb2_header_end:

    .align 4
mb1_header:
    .long MB1_MAGIC
    .long MB1_FLAGS
    .long -(MB1_MAGIC + MB1_FLAGS)

    .section .boot.text, "ax"
    .code32
    .globl start32
start32:
    cld
    cli
    mov %eax, %edi                       /* keep magic and info for hv_main */
    mov %ebx, %esi
    mov $boot_stack_top, %esp

    /* Long mode needs CPUID leaf 0x80000001 EDX bit 29. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    /* boot_l2[i] maps 2 MiB page i, for 4 * 512 pages = 4 GiB. */
    mov $boot_l2, %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_P | PTE_RW | PTE_PSE), %eax
    mov %eax, (%ebx, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax                        /* bits 32+ of the address */
    mov %eax, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* boot_l3[0..3] -> the four L2 pages; the L4 points at boot_l3 twice. */
    mov $boot_l3, %ebx
    mov $boot_l2 + (PTE_P | PTE_RW), %eax
    xor %ecx, %ecx
2:  mov %eax, (%ebx, %ecx, 8)
    add $4096, %eax
    inc %ecx
    cmp $4, %ecx
    jne 2b
    movl $boot_l3 + (PTE_P | PTE_RW), boot_l4
    movl $boot_l3 + (PTE_P | PTE_RW), boot_l4 + 257 * 8

    mov %cr4, %eax
    or $(CR4_PAE | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    mov %eax, %cr4
    mov $boot_l4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $(EFER_LME | EFER_SCE | EFER_NXE), %eax
    wrmsr
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP | CR0_PE | CR0_MP | CR0_NE), %eax
    and $~(CR0_EM | CR0_TS), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $8, $start64

no_long_mode:
    /* Say why on COM1, then leave QEMU with the panic status. */
    mov $no_lm_msg, %esi
3:  lodsb
    test %al, %al
    jz 4f
    mov $0x3f8, %dx
    out %al, %dx
    jmp 3b
4:  mov $EXIT_HV_PANIC, %al
    out %al, $0xf4
    hlt
    jmp 4b

    .code64
start64:
    xor %eax, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    movabs $hv_start_high, %rax
    jmp *%rax

    .section .boot.data, "a"
    .align 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff             /* 64-bit ring-0 code, selector 8 */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt
no_lm_msg:
    .asciz "pvx: this CPU has no long mode; pvx needs x86-64\n"

    .section .boot.bss, "aw", @nobits
    .align 4096
    .globl boot_l4
boot_l4:   .skip 4096
boot_l3:   .skip 4096
boot_l2:   .skip 4 * 4096
           .skip 4096
boot_stack_top:

    .text
hv_start_high:
    /* Below the guest register frame that the top of this stack will hold. */
    movabs $hv_stack_top - 512, %rsp
    /* edi = magic, esi = physical info pointer, both zero-extended already. */
    call hv_main
5:  hlt
    jmp 5b

    .section .note.GNU-stack, "", @progbits
