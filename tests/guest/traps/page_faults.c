/*
 * #PF: the error code (with U/S = 0, since the guest kernel counts as
 * supervisor), vcpu_info.arch.cr2, and the emulated "mov %cr2" (§9.3), for
 * a not-present read and write, a write to a read-only page and an
 * instruction fetch from a no-execute page.
 */
#include <stdio.h>
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"
#include "tests/guest/traps/traps_test.h"

#define UNMAPPED_VA 0xdead000UL

/* A page we remap read-only or no-execute.  It starts with ud2, so a fetch
 * that wrongly succeeds shows up as a #UD instead of running on. */
static uint8_t probe_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
uint64_t probe_target;

/* Remaps probe_page over its own frame with flags (plus P, A, D). */
static long probe_page_map(uint64_t flags)
{
    unsigned long mfn = pfn_to_mfn(region_va_pfn((unsigned long)probe_page));

    return hypercall_update_va_mapping((unsigned long)probe_page,
                                       pte_make(mfn, PTE_P | PTE_A | PTE_D | flags), UVMF_INVLPG);
}

/* Checks the #PF of the last probe: error code, rip and cr2 == addr. */
static void expect_page_fault(const char *what, uint64_t rip, uint64_t addr, long ec)
{
    char name[128];

    probe_expect(what, TRAP_PF, rip, ec);
    snprintf(name, sizeof(name), "%s: vcpu_info.arch.cr2", what);
    test_check(name, probe.cr2, addr);
}

/* The four kinds of fault. */
void test_faults_memory(void)
{
    uint64_t cr2 = 0;

    probe_arm();
    PROBE("movabs $0xdead000, %%rax", "movl $1, (%%rax)", "", "rax");
    expect_page_fault("#PF: write to a not-present page", probe_fault_rip, UNMAPPED_VA,
                      PFEC_WRITE);

    probe_arm();
    PROBE("", "mov %%cr2, %%rax; mov %%rax, probe_target(%%rip)", "", "rax");
    probe_disarm();
    test_check("mov %cr2 (emulated) reads the last fault address: no trap", probe.trapped, 0);
    cr2 = probe_target;
    test_check("mov %cr2 (emulated) reads the last fault address", cr2, UNMAPPED_VA);

    probe_arm();
    PROBE("movabs $0xdead008, %%rax", "mov (%%rax), %%rax", "", "rax");
    expect_page_fault("#PF: read from a not-present page", probe_fault_rip, UNMAPPED_VA + 8, 0);

    probe_page[0] = 0x0f;   /* ud2 */
    probe_page[1] = 0x0b;
    test_check("remap a page read-only", probe_page_map(0), 0);
    probe_target = (uint64_t)probe_page + 64;
    probe_arm();
    PROBE("mov probe_target(%%rip), %%rax", "movl $1, (%%rax)", "", "rax");
    expect_page_fault("#PF: write to a read-only page", probe_fault_rip, probe_target,
                      PFEC_PRESENT | PFEC_WRITE);

    test_check("remap the page no-execute", probe_page_map(PTE_RW | PTE_NX), 0);
    probe_target = (uint64_t)probe_page;
    probe_arm();
    PROBE("mov probe_target(%%rip), %%rax", "jmp *%%rax", "", "rax");
    expect_page_fault("#PF: fetch from a no-execute page", probe_target, probe_target,
                      PFEC_PRESENT | PFEC_FETCH);
    test_check("put the page back", probe_page_map(PTE_RW), 0);
}
