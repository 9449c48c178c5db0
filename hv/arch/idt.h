/* The hypervisor's IDT (arch/idt.c). */
#ifndef HV_ARCH_IDT_H
#define HV_ARCH_IDT_H

void idt_init(void);

#endif
