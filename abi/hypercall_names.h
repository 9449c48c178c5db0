/*
 * The names of the hypercalls pvx implements (abi/hypercall.h), for the
 * hypervisor's trace (hv/trace/trace_format.c) and the fuzzer's report
 * (tests/guest/fuzz/record.c).
 */
#ifndef ABI_HYPERCALL_NAMES_H
#define ABI_HYPERCALL_NAMES_H

#include "abi/hypercall.h"

/* Returns the name of hypercall nr, or 0 for a number without a handler. */
static inline const char *hypercall_name(unsigned long nr)
{
    static const char *const names[HC_COUNT] = {
        [HC_set_trap_table] = "set_trap_table", [HC_mmu_update] = "mmu_update",
        [HC_set_gdt] = "set_gdt", [HC_stack_switch] = "stack_switch",
        [HC_set_callbacks] = "set_callbacks", [HC_fpu_taskswitch] = "fpu_taskswitch",
        [HC_sched_op_compat] = "sched_op_compat", [HC_update_descriptor] = "update_descriptor",
        [HC_multicall] = "multicall", [HC_update_va_mapping] = "update_va_mapping",
        [HC_set_timer_op] = "set_timer_op", [HC_xen_version] = "xen_version",
        [HC_console_io] = "console_io", [HC_vm_assist] = "vm_assist", [HC_iret] = "iret",
        [HC_vcpu_op] = "vcpu_op", [HC_set_segment_base] = "set_segment_base",
        [HC_mmuext_op] = "mmuext_op", [HC_sched_op] = "sched_op", [HC_callback_op] = "callback_op",
        [HC_event_channel_op] = "event_channel_op", [HC_physdev_op] = "physdev_op",
    };

    return nr < HC_COUNT ? names[nr] : 0;
}

#endif
