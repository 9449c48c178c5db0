/*
 * Traps, descriptor tables, callbacks and iret (pv-abi.md §3.5-3.8, §9):
 * set_trap_table (0), set_gdt (2), stack_switch (3), set_callbacks (4),
 * fpu_taskswitch (5), update_descriptor (10), iret (23),
 * set_segment_base (25), callback_op (30).
 */
#ifndef ABI_TRAP_H
#define ABI_TRAP_H

#include <stdint.h>

/* set_trap_table: an array terminated by address == 0 (NULL clears all). */
struct trap_info {
    uint8_t vector;
    uint8_t flags;          /* bits 1:0 DPL for "int n"; TI_MASK_EVENTS */
    uint16_t cs;
    uint32_t pad;
    uint64_t address;
};
#define TI_DPL_MASK             3
#define TI_MASK_EVENTS          4

/* The bounce frame a handler finds on its stack (pv-abi.md §9.2), from rsp
 * upward: rcx, r11, [error code], rip, cs | saved mask << 32, rflags, rsp, ss.
 * Vectors that push an error code: */
#define TRAP_HAS_ERROR_CODE(v)  ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                                 (v) == 21 || (v) == 29 || (v) == 30)

/* HYPERVISOR_iret: the frame at rsp when the iret stub's SYSCALL runs. */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};
#define VGCF_in_syscall         (1u << 8)

/* set_gdt: at most 14 frames, 7168 entries; 0xe000 on is the hypervisor's. */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_ENTRY 7168

/* set_segment_base(which, base) */
#define SEGBASE_FS              0
#define SEGBASE_GS_USER         1
#define SEGBASE_GS_KERNEL       2
#define SEGBASE_GS_USER_SEL     3

/* callback_op(cmd, arg) */
#define CALLBACKOP_register     0
#define CALLBACKOP_unregister   1
#define CALLBACKTYPE_event      0
#define CALLBACKTYPE_failsafe   1
#define CALLBACKTYPE_syscall    2
#define CALLBACKTYPE_nmi        4
#define CALLBACKTYPE_sysenter   5
#define CALLBACKTYPE_syscall32  7
#define CALLBACKF_mask_events   1

struct callback_register {
    uint16_t type;
    uint16_t flags;
    uint32_t pad;
    uint64_t address;
};

struct callback_unregister {
    uint16_t type;
    uint16_t unused;
};

_Static_assert(sizeof(struct trap_info) == 16, "trap_info layout");
_Static_assert(sizeof(struct iret_context) == 72, "iret_context layout");
_Static_assert(sizeof(struct callback_register) == 16, "callback_register layout");

#endif
