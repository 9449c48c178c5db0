/* The hypervisor's GDT and TSS (layout in arch/gdt.c). */
#ifndef HV_ARCH_GDT_H
#define HV_ARCH_GDT_H

#include <stdint.h>

#define IST_DF   1
#define IST_NMI  2
#define IST_MC   3

#define GDT_AREA 0xffff810000000000UL   /* L4 slot 258: 16 pages */
#define LDT_AREA (GDT_AREA + 16 * 4096UL) /* then 16 pages for the LDT */

void gdt_init(void);
void gdt_area_init(void);
void gdt_map_page(unsigned page, uint64_t ma);
uint64_t gdt_empty_page(void);
void ldt_map_page(unsigned page, uint64_t ma);
void ldt_load(uint32_t ents);
void tss_allow_port(unsigned port, int allow);

#endif
