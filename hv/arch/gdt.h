/* The hypervisor's GDT and TSS (layout in arch/gdt.c). */
#ifndef HV_ARCH_GDT_H
#define HV_ARCH_GDT_H

#define IST_DF   1
#define IST_NMI  2
#define IST_MC   3

void gdt_init(void);
void tss_allow_port(unsigned port, int allow);

#endif
