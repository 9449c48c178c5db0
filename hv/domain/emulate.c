/*
 * What the guest kernel may do although it runs in ring 3 (pv-abi.md §3.5,
 * §3.15, §10a).  Each of these raises #GP; the hypervisor decodes the
 * instruction at rip and:
 *
 *   CD nn                  int n: delivered on vector n (no error code) if
 *                          the trap table's entry has DPL >= 1 (int 3, int 4
 *                          and int 0x80: any DPL, as Xen's IDT lets them
 *                          through); otherwise #GP with error (n << 3) | 2
 *   0F 0B 78 65 6E 0F A2   the forced-emulation prefix "ud2; 'xen'; cpuid"
 *                          (it raises #UD, not #GP): CPUID, executed for the
 *                          guest (emulate_forced_cpuid)
 *   0F 20 /r               mov from CR0 (with the virtual TS), CR2 (the last
 *                          #PF address), CR3 (the kernel base), CR4
 *   0F 06                  clts: clears the virtual TS
 *   FA / FB                cli / sti: no-ops when the virtual IOPL allows
 *                          them (>= 1), as on Xen; they do not touch the
 *                          upcall mask
 *
 * Everything else (hlt, mov to CRn, wrmsr, ...) stays a #GP for the guest.
 */
#include "domain/emulate.h"
#include "domain/bounce.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "arch/insn.h"
#include "arch/io.h"
#include "arch/x86.h"
#include "mm/guest_access.h"
#include "abi/trap.h"
#include "lib/string.h"
#include "trace/trace.h"

static const uint8_t forced_cpuid[7] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

/* "int n" from the guest kernel; always handled (a refused one becomes #GP). */
static int soft_interrupt(struct cpu_regs *r, uint8_t n)
{
    const struct virtual_trap *t = &vcpu0.traps[n];

    if (t->address && (n == 3 || n == 4 || n == 0x80 || (t->flags & TI_DPL_MASK) >= 1)) {
        r->rip += 2;
        deliver_exception(r, n, BOUNCE_NO_ERROR);
    } else {
        deliver_exception(r, 13, ((uint64_t)n << 3) | 2);
    }
    return 1;
}

/* CPUID for the guest, leaf eax / subleaf ecx. */
static void emulate_cpuid(struct cpu_regs *r)
{
    uint32_t a = (uint32_t)r->rax, b, c = (uint32_t)r->rcx, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    r->rax = a;
    r->rbx = b;
    r->rcx = c;
    r->rdx = d;
}

/* mov %crN, reg; returns 1 if N is one the guest may read. */
static int read_control_register(struct cpu_regs *r, uint8_t modrm, uint8_t rex)
{
    unsigned cr = ((modrm >> 3) & 7) | ((rex & 4) << 1);
    uint64_t v, *reg = insn_reg(r, (modrm & 7) | ((rex & 1) << 3));

    switch (cr) {
    case 0:
        __asm__ volatile("mov %%cr0, %0" : "=r"(v));
        v = (v & ~(uint64_t)CR0_TS) | (vcpu0.fpu_ts ? CR0_TS : 0);
        break;
    case 2:
        v = vcpu0.cr2;
        break;
    case 3:
        v = dom0.l4_mfn << 12;
        break;
    case 4:
        __asm__ volatile("mov %%cr4, %0" : "=r"(v));
        break;
    default:
        return 0;
    }
    *reg = v;
    return 1;
}

/* Emulates the forced-emulation CPUID at rip (after its #UD); returns 1 if
 * the bytes are that prefix. */
int emulate_forced_cpuid(struct cpu_regs *r)
{
    uint8_t b[sizeof(forced_cpuid)];

    if (copy_from_guest(b, r->rip, sizeof(b)) || memcmp(b, forced_cpuid, sizeof(b)) != 0)
        return 0;
    emulate_cpuid(r);
    r->rip += sizeof(forced_cpuid);
    return 1;
}

/* Emulates the instruction at rip if it is one of the above. */
int emulate_privileged(struct cpu_regs *r)
{
    uint8_t b[16] = { 0 }, rex = 0;
    unsigned n = 15, i = 0;

    while (n && copy_from_guest(b, r->rip, n))
        n--;
    if (!n)
        return 0;
    if (b[0] == 0xcd && n >= 2)
        return soft_interrupt(r, b[1]);
    if ((b[0] == 0xfa || b[0] == 0xfb) && dom0.iopl >= 1) {
        r->rip += 1;
        return 1;
    }
    if ((b[0] & 0xf0) == 0x40)
        rex = b[i++];
    if (b[i] == 0x0f && b[i + 1] == 0x20 && (b[i + 2] >> 6) == 3 &&
        read_control_register(r, b[i + 2], rex)) {
        r->rip += i + 3;
        return 1;
    }
    if (b[0] == 0x0f && b[1] == 0x06) {
        vcpu0.fpu_ts = 0;
        __asm__ volatile("clts");
        r->rip += 2;
        return 1;
    }
    if (trace_on(TRACE_ALL))        /* exit(n) while tracing: does not return */
        TRACE_CALL3(trace_guest_exit, r, b, n);
    return 0;
}
