/*
 * The guest's one vCPU: what the PV ABI lets the guest kernel set up in
 * place of the hardware state it cannot touch (pv-abi.md §3.5-3.8, §9).
 * Its registers live in the frame at the top of the hypervisor stack
 * (arch/regs.h) while it is in the hypervisor.
 */
#ifndef HV_DOMAIN_VCPU_H
#define HV_DOMAIN_VCPU_H

#include <stdint.h>
#include "abi/shared_info.h"

#define NR_GDT_FRAMES 14

struct virtual_trap {
    uint64_t address;       /* handler, 0 = none */
    uint8_t flags;          /* TI_DPL_MASK | TI_MASK_EVENTS */
};

struct vcpu {
    uint8_t nmi_pending;                    /* VCPUOP_send_nmi, not yet delivered */
    uint8_t nmi_masked;                     /* in the NMI handler until HYPERVISOR_iret
                                             * (cleared by entry.S's iret fast path too) */
    struct virtual_trap traps[256];         /* set_trap_table */
    uint64_t event_callback;                /* callbacks (set_callbacks, callback_op) */
    uint64_t failsafe_callback;
    uint64_t syscall_callback;
    uint8_t failsafe_masks, syscall_masks;
    uint64_t kernel_ss, kernel_sp;          /* stack_switch */
    uint64_t gs_base_user;                  /* set_segment_base */
    int fpu_ts;                             /* virtual CR0.TS (fpu_taskswitch) */
    uint64_t gdt_frames[NR_GDT_FRAMES];     /* set_gdt */
    unsigned gdt_ents;
    uint64_t cr2;                           /* the last #PF address delivered */
};

extern struct vcpu vcpu0;
extern struct vcpu_info *vcpu0_upcall;

/* Returns vCPU 0's vcpu_info in shared_info. */
struct vcpu_info *vcpu0_info(void);

#endif
