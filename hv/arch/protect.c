/*
 * SMEP and SMAP (arch/protect.h).  CPUID leaf 7 subleaf 0 says whether the
 * CPU has them (EBX bit 7 SMEP, bit 20 SMAP); QEMU's -cpu max has both,
 * under TCG too.  With SMEP the hypervisor cannot run code from a guest
 * page; with SMAP it cannot read or write one except inside the windows
 * of mm/guest_access.h.
 */
#include <stdint.h>
#include "arch/protect.h"
#include "arch/smap.h"
#include "arch/x86.h"
#include "lib/string.h"

#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)

extern const uint64_t smap_sites_start[], smap_sites_end[];

static unsigned protections;

/* Returns CPUID leaf 7 subleaf 0's EBX, or 0 if the CPU has no leaf 7. */
static uint32_t cpuid7_ebx(void)
{
    uint32_t eax = 0, ebx, ecx = 0, edx;

    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    if (eax < 7)
        return 0;
    eax = 7;
    ecx = 0;
    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    return ebx;
}

/* Overwrites every recorded STAC and CLAC with a 3-byte NOP (nopl (%rax)). */
static void smap_sites_to_nops(void)
{
    static const uint8_t nop3[SMAP_SITE_SIZE] = { 0x0f, 0x1f, 0x00 };

    for (const uint64_t *s = smap_sites_start; s < smap_sites_end; s++)
        memcpy((void *)*s, nop3, sizeof(nop3));
}

/* See arch/protect.h. */
unsigned cpu_protect_init(void)
{
    uint32_t ebx = cpuid7_ebx();
    uint64_t cr4;

    if (!(ebx & CPUID7_EBX_SMAP))
        smap_sites_to_nops();
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    if (ebx & CPUID7_EBX_SMEP) {
        cr4 |= CR4_SMEP;
        protections |= PROTECT_SMEP;
    }
    if (ebx & CPUID7_EBX_SMAP) {
        cr4 |= CR4_SMAP;
        protections |= PROTECT_SMAP;
    }
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
    return protections;
}

/* See arch/protect.h. */
unsigned cpu_protections(void)
{
    return protections;
}
