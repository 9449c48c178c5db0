/*
 * Hypercall numbers of the Xen x86-64 PV ABI (pv-abi.md §2), shared by the
 * hypervisor's dispatch table and the guest's wrappers.  A guest calls
 * hypercall N at hypercall_page + N * 32.
 */
#ifndef ABI_HYPERCALL_H
#define ABI_HYPERCALL_H

#define HC_set_trap_table          0
#define HC_mmu_update              1
#define HC_set_gdt                 2
#define HC_stack_switch            3
#define HC_set_callbacks           4
#define HC_fpu_taskswitch          5
#define HC_sched_op_compat         6
#define HC_platform_op             7
#define HC_set_debugreg            8
#define HC_get_debugreg            9
#define HC_update_descriptor      10
#define HC_memory_op              12
#define HC_multicall              13
#define HC_update_va_mapping      14
#define HC_set_timer_op           15
#define HC_event_channel_op_compat 16
#define HC_xen_version            17
#define HC_console_io             18
#define HC_physdev_op_compat      19
#define HC_grant_table_op         20
#define HC_vm_assist              21
#define HC_update_va_mapping_otherdomain 22
#define HC_iret                   23
#define HC_vcpu_op                24
#define HC_set_segment_base       25
#define HC_mmuext_op              26
#define HC_xsm_op                 27
#define HC_nmi_op                 28
#define HC_sched_op               29
#define HC_callback_op            30
#define HC_xenoprof_op            31
#define HC_event_channel_op       32
#define HC_physdev_op             33

#define HC_COUNT                  64   /* numbers >= this give -ENOSYS */
#define HYPERCALL_STUB_SIZE       32   /* bytes per stub in the hypercall page */

#endif
