/*
 * The first code of the pvx guest, and the ELF notes that tell a domain
 * builder (pvx's or Xen's) how to load it (pv-abi.md §5, §6).
 *
 * ELF notes.  Each note is named "Xen" and lives in .note.Xen, which the linker
 * script puts in a PT_NOTE segment (the builder reads notes from the file, through
 * the segment's p_offset).  Numeric notes are 8 bytes, string notes NUL-terminated:
 *
 *   XEN_VERSION     "xen-3.0"    required prefix, else the image is rejected
 *   LOADER          "generic"    required unless GUEST_OS starts with "linux"
 *   GUEST_OS        "pvx"
 *   FEATURES        "dom0"       we may run as the initial domain.  Nothing is
 *                                required: we use direct paging, so we do not ask
 *                                for writable_page_tables.
 *   VIRT_BASE       GUEST_BASE   the link base; the bootstrap region starts here
 *   PADDR_OFFSET    0            p_paddr is VA - GUEST_BASE (the linker script
 *                                sets LMAs that way), so segment n lands at
 *                                VIRT_BASE + p_paddr = its link address
 *   ENTRY           _start
 *   HYPERCALL_PAGE  hypercall_page, one page-aligned page the builder fills with
 *                                the 32-byte call stubs (§1.3)
 *
 * GUEST_BASE is an absolute symbol given at link time (--defsym), so the same
 * object serves images linked at 0xffffffff80000000 and at 0.
 *
 * Entry state, on pvx and on Xen alike: 64-bit mode, hardware ring 3 in the
 * hypervisor's "kernel mode", flat selectors, rsi = VA of start_info, rsp = top
 * of a one-page bootstrap stack inside the bootstrap region, every other GPR 0,
 * events masked (evtchn_upcall_mask = 1), no trap table (any exception kills the
 * domain), BSS already zeroed by the builder.  _start moves to a larger stack in
 * .bss and hands start_info to guest_start() in C, which never returns.
 */
#include "abi/elfnote.h"

#define GUEST_STACK_SIZE (64 * 1024)

/* A string note: name "Xen", type \type, desc = \str with its NUL, padded to 4. */
.macro xen_note_str type, str
    .balign 4
    .long 4, 2f - 1f, \type
    .asciz "Xen"
1:  .asciz "\str"
2:  .balign 4
.endm

/* A numeric note: name "Xen", type \type, desc = \value as 8 bytes. */
.macro xen_note_u64 type, value
    .balign 4
    .long 4, 8, \type
    .asciz "Xen"
    .quad \value
.endm

    .section .note.Xen, "a", @note
    xen_note_str XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
    xen_note_str XEN_ELFNOTE_LOADER, "generic"
    xen_note_str XEN_ELFNOTE_GUEST_OS, "pvx"
    xen_note_str XEN_ELFNOTE_FEATURES, "dom0"
    xen_note_u64 XEN_ELFNOTE_VIRT_BASE, GUEST_BASE
    xen_note_u64 XEN_ELFNOTE_PADDR_OFFSET, 0
    xen_note_u64 XEN_ELFNOTE_ENTRY, _start
    xen_note_u64 XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page

/*
 * _start: switch to the guest stack and call guest_start(start_info).
 * Never returns; if guest_start ever did, ud2 crashes the domain visibly.
 */
    .section .text.head, "ax", @progbits
    .globl _start
_start:
    cld
    lea guest_stack_top(%rip), %rsp
    mov %rsi, %rdi
    call guest_start
    ud2

/*
 * The hypercall page.  Filled with int3 so that a call into a page nobody
 * filled traps at once instead of sliding into the next stub.
 */
    .section .text.hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .section .bss.guest_stack, "aw", @nobits
    .balign 16
guest_stack:
    .skip GUEST_STACK_SIZE
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
