/*
 * Steps 11 and 12: the two CPU tables a PV guest cannot load itself.  lgdt
 * and lidt are privileged and the guest kernel runs in ring 3, so it hands
 * the hypervisor a GDT frame (set_gdt, checked descriptor by descriptor and
 * typed "descriptor page": never writable while in use) and a trap table
 * (set_trap_table: the hypervisor bounces each exception to the handler
 * registered for its vector).
 */
#include <stddef.h>
#include "abi/errno.h"
#include "apps/tour/tour.h"
#include "kernel/gdt.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/trap.h"
#include "mm/pte.h"
#include "mm/scratch.h"

#define SEL(index)      ((index) << 3 | 3)      /* a GDT selector, RPL 3 */
#define DESC_DPL(d)     (((d) >> 45) & 3)
#define DATA_DPL0       1
#define DATA_DPL3       2
#define NR_DESCS        3

/* Step 11: refused while writable, loaded, fixed up, used, updated, dropped. */
void tour_gdt(void)
{
    uint64_t descs[NR_DESCS] = {
        0,
        gdt_descriptor(0, 0xfffff, DESC_TYPE_DATA_RW, 0, 1),
        gdt_descriptor(0, 0xfffff, DESC_TYPE_DATA_RW, 3, 1),
    };
    unsigned long frame = gdt_frame_mfn();
    uint16_t old_es, es = 0;

    tour_say("The guest gives the hypervisor whole frames as its GDT (set_gdt).  Each");
    tour_say("descriptor is checked (no system descriptors but call gates; DPL 0-2 become 3,");
    tour_say("the guest kernel runs in ring 3), and the frame gets the type \"descriptor page\":");
    tour_say("like a page table, it may not be mapped writable while it is in use.");
    tour_say("Our GDT page: MFN 0x%lx, %d descriptors, [1] DPL 0 data, [2] DPL 3 data.", frame,
             NR_DESCS);
    tour_expect_rc("set_gdt while the page is still mapped writable",
                   hypercall_set_gdt(&frame, NR_DESCS), -XEN_EINVAL);
    tour_expect_rc("gdt_load: map it read-only, then set_gdt", gdt_load(descs, NR_DESCS), 0);
    tour_say("descriptor 1 as written 0x%016lx, as the page holds it now 0x%016lx",
             (unsigned long)descs[DATA_DPL0], (unsigned long)gdt_entry(DATA_DPL0));
    tour_expect_hex("its DPL after the hypervisor's fix-up", DESC_DPL(gdt_entry(DATA_DPL0)), 3);
    tour_expect_rc("map the loaded GDT frame writable",
                   scratch_map(TOUR_SLOT_PROBE, frame, PTE_RW), -XEN_EBUSY);
    __asm__ volatile("mov %%es, %0" : "=r"(old_es));
    __asm__ volatile("mov %1, %%es; mov %%es, %0" : "=r"(es) : "r"((uint16_t)SEL(DATA_DPL3)));
    __asm__ volatile("mov %0, %%es" : : "r"(old_es));
    tour_expect_hex("selector 0x13 loaded into %es by the CPU, read back", es, SEL(DATA_DPL3));
    tour_expect_rc("update_descriptor of [2]: limit 0x1234 pages",
                   gdt_update(DATA_DPL3, gdt_descriptor(0, 0x1234, DESC_TYPE_DATA_RW, 3, 1)), 0);
    tour_expect_hex("[2]'s low limit bits read back", gdt_entry(DATA_DPL3) & 0xffff, 0x1234);
    tour_expect_rc("gdt_unload: set_gdt with 0 entries, page writable again", gdt_unload(), 0);
}

static volatile unsigned int trapped;
static volatile uint64_t trapped_vector, trapped_error, resume_rip;

/* Records one trap and resumes at resume_rip if set (a fault), else after
 * the instruction (a trap such as int3).  Returns 1: handled. */
static int record_trap(struct trap_frame *frame)
{
    trapped++;
    trapped_vector = frame->vector;
    trapped_error = frame->error_code;
    if (resume_rip != 0)
        frame->rip = resume_rip;
    return 1;
}

/* Step 12: int3 and a page fault, each bounced to our handler. */
void tour_trap_table(void)
{
    trap_handler_t old_bp, old_pf;
    unsigned long hole = scratch_edge_va() + PAGE_SIZE;
    uint64_t before, ticks;

    tour_say("lidt is privileged too.  At start of day the guest registered a handler for");
    tour_say("each of the 256 vectors with one set_trap_table; the hypervisor keeps that");
    tour_say("virtual IDT and, when the guest traps, writes a bounce frame on the guest's");
    tour_say("stack and jumps to the handler, which returns with HYPERVISOR_iret.");
    if (!tour_check("the trap table is registered", traps_unavailable() == NULL))
        return;
    tour_expect_rc("set_trap_table: re-register int3's slot (DPL 3)",
                   trap_set_gate(TRAP_BP, 3, 1), 0);
    old_bp = trap_set_handler(TRAP_BP, record_trap);
    old_pf = trap_set_handler(TRAP_PF, record_trap);
    trapped = 0;
    resume_rip = 0;
    before = tour_ticks();
    __asm__ volatile("int3" : : : "memory");
    ticks = tour_ticks() - before;
    tour_expect_hex("int3: traps taken", trapped, 1);
    tour_expect_hex("  on vector", trapped_vector, TRAP_BP);
    tour_cost("int3 -> bounce -> handler -> HYPERVISOR_iret", ticks, 1, 1);
    tour_say("A read of VA 0x%lx, just past the mapped bootstrap region:", hole);
    trapped = 0;
    __asm__ volatile("leaq 2f(%%rip), %%rax\n\t"
                     "movq %%rax, %0\n\t"
                     "movq (%1), %%rax\n"
                     "2:"
                     : "=m"(resume_rip) : "r"(hole) : "rax", "memory");
    resume_rip = 0;
    tour_expect_hex("page faults taken", trapped, 1);
    tour_expect_hex("  on vector", trapped_vector, TRAP_PF);
    tour_expect_hex("  error code (not present, read, kernel)", trapped_error & 7, 0);
    trap_set_handler(TRAP_BP, old_bp);
    trap_set_handler(TRAP_PF, old_pf);
}
