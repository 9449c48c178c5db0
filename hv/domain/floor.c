/*
 * The native floor: the physical limit behind each PV operation, measured
 * by the hypervisor itself in ring 0 before any guest exists (the `floor`
 * command-line option; scripts/bench.sh prints pvx and Xen as multiples of
 * it).  Under QEMU -icount shift=0 a TSC tick is one instruction.
 *
 *   pte_write_invlpg   write an L1 entry (to one of two frames) and INVLPG:
 *                      the least any page-table update must do
 *   cr3_load           load CR3 (what switching address spaces must do)
 *   copy_4k            copy one 4 KiB frame (REP MOVSQ)
 *   syscall_sysret     a SYSCALL from ring 3 and its SYSRET, nothing between
 *                      (the least a hypercall must cost)
 */
#include "domain/floor.h"
#include "arch/io.h"
#include "arch/tsc.h"
#include "arch/x86.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/hv_pagetable.h"
#include "lib/printf.h"
#include "lib/string.h"

#define ROUNDS      1000
#define FLOOR_VA    0xffff810000400000UL    /* a page in L4 slot 258, after the GDT/LDT areas */
#define USER_CODE   0x0000008000000000UL    /* L4 slot 1 of the boot tables only */
#define USER_STACK  (USER_CODE + 0x1000)

extern char floor_syscall[], floor_user_stub[], floor_user_stub_end[], syscall_entry[];
uint64_t floor_run_user(uint64_t rip, uint64_t rsp);

/* Returns a zeroed hypervisor frame's MFN; panics if memory is gone. */
static uint64_t floor_frame(void)
{
    uint64_t mfn = frame_alloc(FRAME_HV);

    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

/* Prints one result: ticks over ROUNDS operations, minus the TSC reads. */
static void report(const char *name, uint64_t ticks, uint64_t overhead)
{
    printk("floor: %-20s %lu\n", name, (ticks - overhead + ROUNDS / 2) / ROUNDS);
}

/* Measures each primitive and prints its cost. */
void floor_measure(void)
{
    uint64_t a = floor_frame(), b = floor_frame(), t0, t1, overhead, cr3 = read_cr3();
    uint64_t *pte;

    t0 = rdtsc();
    t1 = rdtsc();
    overhead = t1 - t0;

    pte = hv_map_page(FLOOR_VA, a << PAGE_SHIFT, PTE_P | PTE_RW | PTE_NX, PTE_P | PTE_RW);
    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++) {
        *(volatile uint64_t *)pte = ((i & 1 ? a : b) << PAGE_SHIFT) | PTE_P | PTE_RW | PTE_NX;
        invlpg(FLOOR_VA);
    }
    report("pte_write_invlpg", rdtsc() - t0, overhead);

    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        write_cr3(cr3);
    report("cr3_load", rdtsc() - t0, overhead);

    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        memcpy(mfn_to_virt(i & 1 ? a : b), mfn_to_virt(i & 1 ? b : a), PAGE_SIZE);
    report("copy_4k", rdtsc() - t0, overhead);

    hv_map_page(USER_CODE, a << PAGE_SHIFT, PTE_P | PTE_US, PTE_P | PTE_RW | PTE_US);
    hv_map_page(USER_STACK, b << PAGE_SHIFT, PTE_P | PTE_RW | PTE_US | PTE_NX,
                PTE_P | PTE_RW | PTE_US);
    memcpy(mfn_to_virt(a), floor_user_stub, (size_t)(floor_user_stub_end - floor_user_stub));
    flush_tlb_global();
    wrmsr(MSR_LSTAR, (uint64_t)floor_syscall);
    report("syscall_sysret", floor_run_user(USER_CODE, USER_STACK + PAGE_SIZE), overhead);
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
}
