/*
 * Steps 4-6: the three ways to change an entry of a live L1, each on the
 * same entry (the one behind a scratch VA, in one of the builder's L1s),
 * each read back from the table and through the VA, and each timed.
 *
 *   way                  names the entry by       costs
 *   mmu_update           its machine address      one hypercall (or a share of one)
 *   update_va_mapping    the VA it maps           one hypercall, the walk in the hv
 *   writable page tables a store to its RO map    a page fault, decode and emulate
 */
#include <stddef.h>
#include "apps/tour/tour.h"
#include "kernel/hypercall.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"

#define ROUNDS      16
#define MAGIC_A     0x4141414141414141UL
#define MAGIC_B     0x4242424242424242UL
#define TARGET_PTE  (PTE_P | PTE_RW | PTE_A | PTE_D)

/* The entry the three ways rewrite, and two frames to point it at. */
struct target {
    unsigned long va;
    uint64_t maddr;
    unsigned long pfn_a, pfn_b;
};

/* One way to set the target's entry to map mfn; returns 0 or -errno. */
typedef long (*set_entry_fn)(const struct target *t, unsigned long mfn);

/* Per-op cost of each way, for step 6's comparison. */
static uint64_t way_cost[3];

/* Way 1: one MMU_NORMAL_PT_UPDATE request. */
static long set_by_mmu_update(const struct target *t, unsigned long mfn)
{
    struct mmu_update req = { .ptr = t->maddr | MMU_NORMAL_PT_UPDATE,
                              .val = pte_make(mfn, TARGET_PTE) };

    return hypercall_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/* Way 2: update_va_mapping, no flush asked for (the tour flushes itself). */
static long set_by_va(const struct target *t, unsigned long mfn)
{
    return hypercall_update_va_mapping(t->va, pte_make(mfn, TARGET_PTE), UVMF_NONE);
}

/* Way 3: a plain 8-byte store into the L1's read-only mapping. */
static long set_by_store(const struct target *t, unsigned long mfn)
{
    unsigned long table_va = region_pfn_va(mfn_to_pfn(t->maddr >> PAGE_SHIFT));
    volatile uint64_t *entry = (volatile uint64_t *)(table_va + (t->maddr & (PAGE_SIZE - 1)));

    *entry = pte_make(mfn, TARGET_PTE);
    return 0;
}

/* Finds the entry and makes the two frames.  Returns 0, or -1 (failure
 * counted). */
static int target_open(struct target *t)
{
    t->va = scratch_va(TOUR_SLOT_TARGET);
    t->pfn_a = tour_frame(MAGIC_A);
    t->pfn_b = tour_frame(MAGIC_B);
    if (t->pfn_a == INVALID_PFN || t->pfn_b == INVALID_PFN)
        return -1;
    if (!tour_check("find the L1 entry of the scratch VA",
                    pt_entry_maddr(pt_bootstrap_l4_mfn(), t->va, 1, &t->maddr) == 0))
        return -1;
    tour_say("The entry: VA 0x%lx, in the L1 at MFN 0x%lx, index %u (machine address 0x%lx)",
             t->va, (unsigned long)(t->maddr >> PAGE_SHIFT), pt_index(t->va, 1),
             (unsigned long)t->maddr);
    tour_say("Frame A: MFN 0x%lx, frame B: MFN 0x%lx", pfn_to_mfn(t->pfn_a), pfn_to_mfn(t->pfn_b));
    return 0;
}

/* Puts the scratch slot back and frees the two frames. */
static void target_close(const struct target *t)
{
    tour_expect_rc("put the scratch VA's own frame back", scratch_unmap(TOUR_SLOT_TARGET), 0);
    tour_check("pfn_free", pfn_free(t->pfn_a) == 0 && pfn_free(t->pfn_b) == 0);
}

/* Checks that the entry maps mfn, then (after an INVLPG: an L1 change is
 * the guest's to flush) that the VA reads magic. */
static void target_verify(const struct target *t, const char *when, unsigned long mfn,
                          uint64_t magic)
{
    uint64_t entry = pt_read_entry(t->maddr);

    tour_say("%s, the entry read back: 0x%016lx", when, (unsigned long)entry);
    tour_expect_hex("  its MFN", pte_mfn(entry), mfn);
    tour_expect_rc("  INVLPG (MMUEXT_INVLPG_LOCAL)",
                   mmu_batch_ext_now(MMUEXT_INVLPG_LOCAL, t->va, 0), 0);
    tour_expect_hex("  the first word through the VA", *(volatile uint64_t *)t->va, magic);
}

/* Points the entry at A with way `set`, checks it, then times ROUNDS
 * changes (B, A, B, ... ending on A) and checks again. */
static void demonstrate(unsigned int way, const char *name, set_entry_fn set)
{
    struct target t;
    uint64_t ticks = 0;
    int failed = 0;

    if (target_open(&t) != 0)
        return;
    tour_expect_rc("point the entry at frame A", set(&t, pfn_to_mfn(t.pfn_a)), 0);
    target_verify(&t, "pointed at A", pfn_to_mfn(t.pfn_a), MAGIC_A);
    for (int i = 0; i < ROUNDS; i++) {
        unsigned long mfn = pfn_to_mfn(i % 2 == 0 ? t.pfn_b : t.pfn_a);
        uint64_t before = tour_ticks();

        failed |= set(&t, mfn) != 0;
        ticks += tour_ticks() - before;
    }
    tour_check("16 more changes, B, A, B, ..., A", !failed);
    target_verify(&t, "after 16 more changes (B, A, ..., A)", pfn_to_mfn(t.pfn_a), MAGIC_A);
    way_cost[way] = tour_per_op(ticks, ROUNDS, ROUNDS);
    tour_cost(name, ticks, ROUNDS, ROUNDS);
    target_close(&t);
}

/* Step 4. */
void tour_mmu_update(void)
{
    tour_say("mmu_update names an entry by its machine address, (table MFN << 12) + index * 8,");
    tour_say("so it reaches any entry of any validated table, at any level.  The hypervisor");
    tour_say("checks the new entry (the frame must be ours; RW only on a frame that can be");
    tour_say("typed writable), takes its references, stores it, drops the old entry's.");
    demonstrate(0, "one mmu_update of one entry", set_by_mmu_update);
}

/* Step 5. */
void tour_update_va_mapping(void)
{
    tour_say("update_va_mapping names the entry by the VA it maps: the hypervisor walks the");
    tour_say("current tables to the L1 for it, then does what mmu_update does.  L1 entries");
    tour_say("only; it can also flush the TLB in the same call (UVMF_INVLPG, UVMF_TLB_FLUSH).");
    demonstrate(1, "one update_va_mapping", set_by_va);
}

/* Step 6: the same with the assist on, then the three side by side. */
void tour_writable_pagetables(void)
{
    tour_say("With vm_assist(writable_pagetables) the guest just stores into its L1 through");
    tour_say("the table's read-only mapping.  The store faults; the hypervisor sees a write");
    tour_say("to a validated L1 of the guest, decodes the instruction (mov, xchg, cmpxchg),");
    tour_say("checks the new entry like mmu_update, stores it and skips the instruction.");
    if (!tour_expect_rc("vm_assist(enable, writable_pagetables)",
                        hypercall_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0))
        return;
    demonstrate(2, "one store to the read-only L1, emulated", set_by_store);
    tour_expect_rc("vm_assist(disable, writable_pagetables)",
                   hypercall_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    tour_say("Per change: mmu_update %lu, update_va_mapping %lu, emulated store %lu.  The store",
             (unsigned long)way_cost[0], (unsigned long)way_cost[1], (unsigned long)way_cost[2]);
    tour_say("needs no hypercall in the code, but pays a fault, a fetch and a decode instead;");
    tour_say("mmu_update can carry many entries in one call (step 13).");
}
