/*
 * Hypercall handlers.  Each takes the five argument registers (rdi, rsi,
 * rdx, r10, r8) as unsigned longs and returns the value for rax: 0 or a
 * positive result, or a negative Xen errno (abi/errno.h).
 */
#ifndef HV_HYPERCALL_HYPERCALL_H
#define HV_HYPERCALL_HYPERCALL_H

#include <stdint.h>
#include "arch/regs.h"
#include "abi/errno.h"

typedef long (*hypercall_fn)(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

extern hypercall_fn hypercall_table[];
long do_ni_hypercall(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* Work to do before returning to the guest (bits), tested by syscall_entry. */
#define EXIT_WORK_TLB_FLUSH 0x1
#define EXIT_WORK_AUDIT     0x2
#define EXIT_WORK_RESTART   0x4     /* a continuation: step rip back over SYSCALL */
#define EXIT_WORK_NMI       0x8     /* an NMI is pending (VCPUOP_send_nmi) */
extern uint8_t hv_exit_work;
void hypercall_exit_work(void);
long hypercall_call(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf, uint64_t a4, uint64_t a5);
long do_xen_version(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_sched_op_compat(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_mmu_update(uint64_t reqs, uint64_t count, uint64_t pdone, uint64_t fd, uint64_t a5);
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, uint64_t a4, uint64_t a5);
long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t fd, uint64_t a5);
long do_multicall(uint64_t list, uint64_t nr_calls, uint64_t a3, uint64_t a4, uint64_t a5);
long do_vm_assist(uint64_t cmd, uint64_t type, uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_trap_table(uint64_t traps, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall, uint64_t a4, uint64_t a5);
long do_callback_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_event_channel_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_timer_op(uint64_t timeout, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg, uint64_t a4, uint64_t a5);
long do_set_gdt(uint64_t frame_list, uint64_t entries, uint64_t a3, uint64_t a4, uint64_t a5);
long do_update_descriptor(uint64_t ma, uint64_t desc, uint64_t a3, uint64_t a4, uint64_t a5);
long do_stack_switch(uint64_t ss, uint64_t rsp, uint64_t a3, uint64_t a4, uint64_t a5);
long do_fpu_taskswitch(uint64_t set, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_segment_base(uint64_t which, uint64_t base, uint64_t a3, uint64_t a4, uint64_t a5);

#endif
