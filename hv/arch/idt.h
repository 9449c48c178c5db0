/* The hypervisor's IDT (arch/idt.c). */
#ifndef HV_ARCH_IDT_H
#define HV_ARCH_IDT_H

/* The gate (DPL 3) through which the hypercall page's iret stub enters
 * HYPERVISOR_iret (arch/entry.S, iret_entry).  A guest's own "int $0x82"
 * is therefore an iret, as a jump to the stub would be. */
#define IRET_VECTOR 0x82

#ifndef __ASSEMBLER__
void idt_init(void);

/* Points the iret gate at entry (the trace routes every iret through the
 * hypercall table this way: hv/trace/trace_hypercall.c). */
void idt_route_iret(void (*entry)(void));
#endif

#endif
