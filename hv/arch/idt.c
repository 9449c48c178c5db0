/*
 * The IDT: the 32 exception vectors, each an interrupt gate to its stub in
 * entry.S.  #DF, NMI and #MC run on their own IST stacks.  #BP is DPL 3 so
 * the guest's int3 arrives as #BP; every other vector is DPL 0, so a guest
 * "int n" raises #GP instead (pv-abi.md §9.2).  Of the other vectors only
 * the APIC timer (0xf0) and the APIC's spurious vector (0xff) have gates:
 * any other interrupt shows up as a #GP naming the vector.
 */
#include <stdint.h>
#include "arch/idt.h"
#include "arch/gdt.h"
#include "arch/x86.h"
#include "arch/tsc.h"
#include "mm/hv_protect.h"

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
} __attribute__((packed));

static struct idt_gate idt[256] RO_AFTER_BOOT __attribute__((aligned(16)));

extern const uint64_t exc_stub_table[32];
extern char exc_timer[], exc_spurious[], iret_entry[];

/* Writes an interrupt gate for vector v to the stub at a. */
static void set_gate(int v, uint64_t a, uint8_t ist, uint8_t dpl)
{
    idt[v] = (struct idt_gate){
        .offset_lo = (uint16_t)a, .selector = HV_CS, .ist = ist,
        .type_attr = (uint8_t)(0x8e | (dpl << 5)), .offset_mid = (uint16_t)(a >> 16),
        .offset_hi = (uint32_t)(a >> 32),
    };
}

/* Returns the IST index (0 = none) for exception vector v. */
static uint8_t ist_for_vector(int v)
{
    switch (v) {
    case 2: return IST_NMI;
    case 8: return IST_DF;
    case 18: return IST_MC;
    default: return 0;
    }
}

/* Points the iret gate at entry (arch/idt.h). */
void idt_route_iret(void (*entry)(void))
{
    set_gate(IRET_VECTOR, (uint64_t)entry, 0, 3);
}

/* Fills the exception gates and loads IDTR. */
void idt_init(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };

    for (int v = 0; v < 32; v++)
        set_gate(v, exc_stub_table[v], ist_for_vector(v), v == 3 ? 3 : 0);
    set_gate(TIMER_VECTOR, (uint64_t)exc_timer, 0, 0);
    set_gate(SPURIOUS_VECTOR, (uint64_t)exc_spurious, 0, 0);
    set_gate(IRET_VECTOR, (uint64_t)iret_entry, 0, 3);
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
