/*
 * The forced-emulation CPUID prefix (pv-abi.md §10a): "ud2; 'xen'; cpuid"
 * (0f 0b 78 65 6e 0f a2) makes the hypervisor execute CPUID for the guest
 * and continue after the 7 bytes; XTF and other PV kernels use it to see the
 * hypervisor's view of CPUID.  The prefix raises #UD, not #GP, so a
 * hypervisor that only emulates on #GP bounces a #UD instead (or crashes the
 * guest).  The test compares leaf 0 (the vendor) and leaf 1's family bits
 * with a plain CPUID, and checks that the registers around it survive.
 */
#include <stdint.h>
#include "tests/guest/lib/test.h"

struct regs { uint32_t a, b, c, d; };

/* Plain CPUID. */
static struct regs cpuid(uint32_t leaf)
{
    struct regs r = { leaf, 0, 0, 0 };

    __asm__ volatile("cpuid" : "+a"(r.a), "=b"(r.b), "+c"(r.c), "=d"(r.d));
    return r;
}

/* CPUID through the forced-emulation prefix; *marker must come back as set. */
static struct regs forced_cpuid(uint32_t leaf, uint64_t *marker)
{
    struct regs r = { leaf, 0, 0, 0 };

    __asm__ volatile("mov $0x1234abcd, %%r12\n\t"
                     "ud2; .ascii \"xen\"; cpuid\n\t"
                     "mov %%r12, %4"
                     : "+a"(r.a), "=b"(r.b), "+c"(r.c), "=d"(r.d), "=m"(*marker)
                     : : "r12");
    return r;
}

int main(void)
{
    uint64_t marker = 0;
    struct regs plain = cpuid(0), forced = forced_cpuid(0, &marker);

    test_check("forced CPUID leaf 0: max leaf", forced.a, plain.a);
    test_check("forced CPUID leaf 0: vendor ebx", forced.b, plain.b);
    test_check("forced CPUID leaf 0: vendor edx", forced.d, plain.d);
    test_check("forced CPUID leaf 0: vendor ecx", forced.c, plain.c);
    test_check("forced CPUID: r12 survives and execution continues", marker, 0x1234abcd);
    plain = cpuid(1);
    forced = forced_cpuid(1, &marker);
    test_check("forced CPUID leaf 1: family/model/stepping", forced.a, plain.a);
    return test_finish();
}
