/*
 * One probe per exception vector the guest kernel can raise on purpose,
 * and a skip line, with the reason, for each it cannot.
 */
#include "abi/vcpu.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/irq.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"
#include "tests/guest/traps/traps_test.h"

uint32_t probe_mxcsr_saved, probe_mxcsr_unmasked;
uint16_t probe_fpucw_unmasked;
const double probe_zero = 0.0;
char probe_misaligned[16] __attribute__((aligned(16)));

/* #DE, #DB (icebp and single-step), #BP (int3 and int $3), #OF/#BR skips,
 * #UD (ud2 and into). */
static void test_arithmetic_and_debug(void)
{
    probe_arm();
    PROBE("xor %%ecx, %%ecx; mov $1, %%eax; xor %%edx, %%edx", "div %%ecx", "", "rax", "rcx", "rdx");
    probe_expect("#DE: div by zero, rip at the div", TRAP_DE, probe_fault_rip, 0);

    probe_arm();
    PROBE("", ".byte 0xf1", "");
    if (probe.trapped == 1 && probe.frame.vector == TRAP_UD && probe.frame.rip == probe_fault_rip)
        test_skip("#DB: icebp (int1)", "QEMU 7.2 TCG raises #UD for icebp (0xf1), under Xen too");
    else
        probe_expect("#DB: icebp (int1), rip after it", TRAP_DB, probe_resume_rip, 0);
    probe_disarm();

    probe_arm();
    PROBE("pushfq; orq $0x100, (%%rsp); popfq", "nop", "");
    probe_expect("#DB: single-step (TF), rip after the next instruction", TRAP_DB,
                 probe_resume_rip, 0);

    probe_arm();
    PROBE("", "int3", "");
    probe_expect("#BP: int3, rip after it", TRAP_BP, probe_resume_rip, 0);

    probe_arm();
    PROBE("", ".byte 0xcd, 0x03", "");
    probe_expect("#BP: int $3 (2 bytes), rip after it", TRAP_BP, probe_resume_rip, 0);

    test_skip("#OF from an overflow", "into is invalid in 64-bit mode (see the #UD case)");
    test_skip("#BR", "bound is invalid in 64-bit mode (0x62 is the EVEX prefix)");

    probe_arm();
    PROBE("", "ud2", "");
    probe_expect("#UD: ud2", TRAP_UD, probe_fault_rip, 0);

    probe_arm();
    PROBE("", ".byte 0xce", "");
    probe_expect("#UD: into (0xce) in 64-bit mode", TRAP_UD, probe_fault_rip, 0);
}

/* #NM after fpu_taskswitch(1), and TS clear again afterwards. */
static void test_device_not_available(void)
{
    unsigned int flags;

    probe_arm();
    flags = irq_save();
    test_check("fpu_taskswitch(1)", hypercall_fpu_taskswitch(1), 0);
    PROBE("", "movaps %%xmm0, %%xmm1", "", "xmm1");
    irq_restore(flags);
    probe_expect("#NM: SSE instruction with TS set", TRAP_NM, probe_fault_rip, 0);

    probe_arm();
    PROBE("", "movaps %%xmm1, %%xmm2", "", "xmm2");
    probe_disarm();
    test_check("#NM: TS is clear after the #NM handler (no second #NM)", probe.trapped, 0);
}

/* #GP from privileged instructions and a non-canonical address. */
static void test_general_protection(void)
{
    probe_arm();
    PROBE("", "hlt", "");
    probe_expect("#GP: hlt", TRAP_GP, probe_fault_rip, 0);

    probe_arm();
    PROBE("", "cli", "");
    probe_expect("#GP: cli with virtual IOPL 0", TRAP_GP, probe_fault_rip, 0);

    probe_arm();
    PROBE("movabs $0x0000800000000000, %%rax", "mov (%%rax), %%rax", "", "rax");
    probe_expect("#GP: load from a non-canonical address", TRAP_GP, probe_fault_rip, 0);

    probe_arm();
    PROBE("push %%rbp; movabs $0x0000800000000000, %%rbp", "mov (%%rbp), %%rax",
          "pop %%rbp", "rax");
    probe_disarm();
    if (probe.trapped == 1 && probe.frame.vector == TRAP_GP)
        test_skip("#SS: non-canonical rbp-based load",
                  "the CPU raised #GP, not #SS (QEMU TCG does not tell the two apart)");
    else
        probe_expect("#SS: non-canonical rbp-based load", TRAP_SS, probe_fault_rip, 0);
}

/* #MF (x87), #XM (SSE), #AC: each needs the CPU to model the exception; a
 * probe that takes no trap is a skip, not a failure. */
static void test_fpu_and_alignment(void)
{
    probe_arm();
    PROBE("fninit; fnstcw probe_fpucw_unmasked(%%rip); andw $~4, probe_fpucw_unmasked(%%rip);"
          "fldcw probe_fpucw_unmasked(%%rip); fld1; fdivl probe_zero(%%rip)",
          "fwait", "fnclex; fninit");
    if (probe.trapped)
        probe_expect("#MF: x87 divide by zero, unmasked, at the next fwait", TRAP_MF,
                     probe_fault_rip, 0);
    else
        test_skip("#MF", "no x87 exception was raised");
    probe_disarm();

    probe_arm();
    PROBE("stmxcsr probe_mxcsr_saved(%%rip); mov probe_mxcsr_saved(%%rip), %%eax;"
          "and $~0x200, %%eax; mov %%eax, probe_mxcsr_unmasked(%%rip);"
          "ldmxcsr probe_mxcsr_unmasked(%%rip); xorps %%xmm1, %%xmm1; mov $1, %%eax;"
          "cvtsi2ss %%eax, %%xmm0",
          "divss %%xmm1, %%xmm0", "ldmxcsr probe_mxcsr_saved(%%rip)", "rax", "xmm0", "xmm1");
    if (probe.trapped)
        probe_expect("#XM: SSE divide by zero with ZM clear", TRAP_XM, probe_fault_rip, 0);
    else
        test_skip("#XM", "no SIMD exception was raised (QEMU TCG does not raise #XM)");
    probe_disarm();

    probe_arm();
    PROBE("pushfq; orl $0x40000, (%%rsp); popfq; lea probe_misaligned+1(%%rip), %%rax",
          "movl (%%rax), %%eax", "pushfq; andl $~0x40000, (%%rsp); popfq", "rax");
    if (probe.trapped)
        probe_expect("#AC: misaligned load with EFLAGS.AC", TRAP_AC, probe_fault_rip, 0);
    else
        test_skip("#AC", "no alignment check was raised (QEMU TCG does not model #AC)");
    probe_disarm();
}

/* NMI: VCPUOP_send_nmi to ourselves arrives on vector 2 as the hypercall
 * returns.  The frame's rip is in the hypercall page, so the probe only
 * records (no resume address) and returns where the NMI hit. */
static void test_nmi(void)
{
    probe_arm();
    test_check("vcpu_op(send_nmi) to ourselves", hypercall_vcpu_op(VCPUOP_send_nmi, 0, 0), 0);
    probe_disarm();
    test_check("NMI: one delivery", probe.trapped, 1);
    test_check("NMI: on vector 2", probe.frame.vector, TRAP_NMI);
    test_check("NMI: rip in the hypercall page",
               probe.frame.rip - (uint64_t)hypercall_page < sizeof(hypercall_page), 1);
}

/* The vectors that cannot be raised here. */
static void test_unraisable(void)
{
    test_skip("#DF", "a fault while delivering a fault is the hypervisor's to handle");
    test_skip("#TS", "no hardware task switches in 64-bit mode");
    test_skip("#NP", "needs a not-present descriptor: see tests/guest/gdt");
    test_skip("#MC, #VE, #CP", "not raisable by a PV guest under QEMU");
}

/* All of the above. */
void test_exceptions(void)
{
    test_arithmetic_and_debug();
    test_device_not_available();
    test_general_protection();
    test_fpu_and_alignment();
    test_nmi();
    test_unraisable();
}
