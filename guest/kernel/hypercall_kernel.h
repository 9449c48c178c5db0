/*
 * Hypercall wrappers for the kernel's own machinery: traps, descriptor
 * tables, callbacks, event channels, timers and vCPU operations
 * (pv-abi.md §3.5-3.8, §3.10, §3.13, §3.14).  The calling convention and
 * the clobbers are those of hypercall5() in hypercall.h.
 *
 * HYPERVISOR_iret has no wrapper: it is only ever entered by a jump from
 * the trap return path (trap_entry.S), never called.
 */
#ifndef GUEST_KERNEL_HYPERCALL_KERNEL_H
#define GUEST_KERNEL_HYPERCALL_KERNEL_H

#include <stdint.h>
#include "abi/event.h"
#include "abi/trap.h"
#include "abi/vcpu.h"
#include "kernel/hypercall.h"

/* set_trap_table(table): 0 or -errno.  table ends with address == 0;
 * NULL clears every slot. */
static inline long hypercall_set_trap_table(const struct trap_info *table)
{
    return hypercall5(HC_set_trap_table, table, 0, 0, 0, 0);
}

/* set_gdt(frames, entries): 0 or -errno (-EINVAL for a frame that is mapped
 * writable or holds a bad descriptor; the old GDT then stays). */
static inline long hypercall_set_gdt(const unsigned long *frames, unsigned int entries)
{
    return hypercall5(HC_set_gdt, frames, entries, 0, 0, 0);
}

/* update_descriptor(ma, desc): 0 or -errno; ma is the machine address of
 * the 8-byte descriptor slot. */
static inline long hypercall_update_descriptor(uint64_t ma, uint64_t desc)
{
    return hypercall5(HC_update_descriptor, ma, desc, 0, 0, 0);
}

/* set_callbacks(event, failsafe, syscall): always 0 on Xen. */
static inline long hypercall_set_callbacks(unsigned long event, unsigned long failsafe,
                                           unsigned long syscall)
{
    return hypercall5(HC_set_callbacks, event, failsafe, syscall, 0, 0);
}

/* callback_op(cmd, arg): 0 or -errno. */
static inline long hypercall_callback_op(int cmd, const void *arg)
{
    return hypercall5(HC_callback_op, cmd, arg, 0, 0, 0);
}

/* fpu_taskswitch(set): sets (1) or clears (0) the virtual CR0.TS; 0. */
static inline long hypercall_fpu_taskswitch(int set)
{
    return hypercall5(HC_fpu_taskswitch, set, 0, 0, 0, 0);
}

/* set_timer_op(timeout): arms the single-shot timer at absolute system
 * time timeout (ns), or cancels it with 0.  Always 0 on Xen. */
static inline long hypercall_set_timer_op(uint64_t timeout)
{
    return hypercall5(HC_set_timer_op, timeout, 0, 0, 0, 0);
}

/* event_channel_op(cmd, arg): 0 or -errno; OUT fields are written to arg. */
static inline long hypercall_event_channel_op(int cmd, void *arg)
{
    return hypercall5(HC_event_channel_op, cmd, arg, 0, 0, 0);
}

/* vcpu_op(cmd, vcpu, arg): 0 (or a count for is_up) or -errno. */
static inline long hypercall_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall5(HC_vcpu_op, cmd, vcpu, arg, 0, 0);
}

#endif
