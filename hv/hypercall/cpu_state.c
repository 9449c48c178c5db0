/*
 * The small pieces of CPU state a PV kernel asks for instead of setting
 * them itself (pv-abi.md §3.7): stack_switch (3), fpu_taskswitch (5) and
 * set_segment_base (25).  pvx has one vCPU and never uses the FPU itself,
 * so the FPU/SSE registers simply stay the guest's; fpu_taskswitch sets
 * CR0.TS for real, and the resulting #NM is delivered to the guest
 * (domain/guest_fault.c).
 */
#include "hypercall/hypercall.h"
#include "domain/vcpu.h"
#include "arch/io.h"
#include "arch/x86.h"
#include "mm/guest_access.h"
#include "abi/trap.h"

/* stack_switch(ss, rsp): the kernel stack for entries from user mode.  0. */
long do_stack_switch(uint64_t ss, uint64_t rsp, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)a3, (void)a4, (void)a5;
    vcpu0.kernel_ss = ss | 3;
    vcpu0.kernel_sp = rsp;
    return 0;
}

/* fpu_taskswitch(set): sets or clears the (virtual and real) CR0.TS.  0. */
long do_fpu_taskswitch(uint64_t set, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t cr0;

    (void)a2, (void)a3, (void)a4, (void)a5;
    vcpu0.fpu_ts = (int)set != 0;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = vcpu0.fpu_ts ? cr0 | CR0_TS : cr0 & ~(uint64_t)CR0_TS;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    return 0;
}

/* Loads selector sel into %gs (a null selector if it faults) and returns
 * the base that gives; the kernel's GS base is kept. */
static uint64_t load_user_gs(uint16_t sel)
{
    uint64_t kernel = rdmsr(MSR_GS_BASE), user;

    __asm__ volatile("1: movw %0, %%gs\n"
                     "2:\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".quad 1b, 3f\n"
                     ".popsection\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: xorl %%eax, %%eax\n"
                     "movw %%ax, %%gs\n"
                     "jmp 2b\n"
                     ".popsection" : : "r"(sel) : "rax");
    user = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_GS_BASE, kernel);
    return user;
}

/* set_segment_base(which, base): 0, or -EINVAL for a bad which or a
 * non-canonical base. */
long do_set_segment_base(uint64_t which, uint64_t base, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)a3, (void)a4, (void)a5;
    if (which != SEGBASE_GS_USER_SEL && !va_canonical(base))
        return -XEN_EINVAL;
    switch (which) {
    case SEGBASE_FS:
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        vcpu0.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL:
        vcpu0.gs_base_user = load_user_gs((uint16_t)(base ? base | 3 : 0));
        return 0;
    default:
        return -XEN_EINVAL;
    }
}
