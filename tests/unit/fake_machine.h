/*
 * A fake machine for the PV MMU code compiled for the host (hv/mm/page_type.c,
 * pt_validate.c, pt_update.c, audit.c and hv/domain/descriptor.c, built with
 * -DPVX_UNIT_TEST).  It defines what that code links against in the real
 * hypervisor: the frame table, the domain, hv_exit_work, the hypervisor's L4,
 * and the direct map (hv/mm/directmap.h), which here is an array of
 * FAKE_FRAMES page-aligned host pages, so mfn_to_virt(mfn) is page mfn of it.
 *
 *   mfn    0 ..   7   FRAME_HV    the hypervisor's (0 stands for the first MiB,
 *                                 1 holds the audit's counters)
 *   mfn    8 .. 119   domain 0    the guest's, type none, no references
 *   mfn  120 .. 127   FRAME_FREE
 *   frame_limit = 128: an entry for mfn 128 or more is "beyond RAM"
 *
 * Every test starts from that state (fake_machine_reset, the cmocka setup),
 * with machine memory zeroed and no TLB flush pending.  Page tables are built
 * by writing entries straight into fake memory, as a guest fills a table
 * that nothing references yet; they are then pinned (fake_pin), which takes
 * the references MMUEXT_PIN_Ln_TABLE takes, so the frame-table audit
 * (audit_run) can recompute and check every count.
 *
 * Two observers: pt_validate and pt_devalidate are wrapped at link time
 * (-Wl,--wrap, see unit.mk), so a test can count how many tables were
 * validated or devalidated; and a requested TLB flush is the
 * EXIT_WORK_TLB_FLUSH bit of hv_exit_work, which page_type.c sets.
 */
#ifndef TESTS_UNIT_FAKE_MACHINE_H
#define TESTS_UNIT_FAKE_MACHINE_H

#include <stdint.h>
#include "mm/frame.h"
#include "mm/page_type.h"
#include "mm/directmap.h"
#include "mm/pte_rules.h"
#include "trace/trace.h"

#define FAKE_FRAMES      128
#define FAKE_FIRST_GUEST 8
#define FAKE_FIRST_FREE  120
#define FAKE_AUDIT_MFN   1

/* The hypervisor's L4 entries hv_l4() returns: the M2P in slot 256, its own
 * mappings in 257-271, and (so a test can see they are not copied) junk in
 * a few guest slots.  None of them points at a fake frame. */
#define FAKE_HV_M2P_L4E     (0x7000000000UL | PTE_P | PTE_US)
#define FAKE_HV_L4E(slot)   ((0x8000000000UL + ((uint64_t)(slot) << 12)) | PTE_P | PTE_RW | PTE_A)
#define FAKE_HV_JUNK_L4E    (0x9990000000UL | PTE_P | PTE_RW)

/* cmocka setup/teardown: reset the machine before each test (allocating it
 * the first time); free it after the group. */
int fake_machine_reset(void **state);
int fake_machine_free(void **state);

/* Returns the next unused guest frame (8, 9, ...); fails the test when the
 * guest frames run out. */
uint64_t fake_alloc(void);

/* Returns the fake memory of frame mfn, as 512 entries. */
static inline uint64_t *fake_page(uint64_t mfn)
{
    return mfn_to_virt(mfn);
}

/* Returns a page-table entry for mfn with flags. */
static inline uint64_t pte(uint64_t mfn, uint64_t flags)
{
    return (mfn << PAGE_SHIFT) | flags;
}

#define PTE_PRW (PTE_P | PTE_RW)

/* A chain of fresh tables written into fake memory as a guest writes them
 * (not adjusted, nothing referenced yet):
 *   l4[0] -> l3,  l3[0] -> l2,  l2[0] -> l1   (P|RW)
 *   l1[0] -> data                              (P|RW)
 */
struct fake_chain {
    uint64_t l4, l3, l2, l1, data;
};
void fake_build_chain(struct fake_chain *c);

/* 1 if a TLB flush has been requested since the last fake_tlb_clear(). */
int fake_tlb_flush_requested(void);
void fake_tlb_clear(void);

/* Tables validated and devalidated (calls of pt_validate / pt_devalidate,
 * recursive ones included) since the last fake_counters_clear(). */
extern unsigned fake_validations, fake_devalidations;
void fake_counters_clear(void);

/* Every call of pt_validate (logged after it, with its result) and of
 * pt_devalidate (logged before it), in order: what the trace's twins see
 * (trace/trace_hooks.c).  fake_counters_clear empties the log. */
struct fake_table_call { int devalidate; uint64_t mfn; unsigned type; int rc; };
#define FAKE_TABLE_LOG 16
extern struct fake_table_call fake_table_log[FAKE_TABLE_LOG];
extern unsigned fake_table_calls;

/* Models MMUEXT_PIN_Ln_TABLE / UNPIN_TABLE (hv/mm/mmuext_op.c, not under
 * test): a general and a type reference, and FRAME_PINNED.  Returns 0, -EINVAL
 * for a frame that is not the guest's, or the error of frame_get_type. */
int fake_pin(uint64_t mfn, enum frame_type type);
void fake_unpin(uint64_t mfn);

/* Runs the hypervisor's frame-table audit (hv/mm/audit.c) over the fake
 * machine; returns the number of frames whose counts disagree with the
 * validated tables, pins and dom0.l4_mfn (printing up to eight). */
unsigned fake_audit(void);

/* Fails the test unless frame mfn has exactly this type, general count,
 * type count and flags (FRAME_VALIDATED | FRAME_PINNED). */
#define assert_frame(mfn, type, count, type_count, flags) \
    fake_assert_frame(__FILE__, __LINE__, (mfn), (type), (count), (type_count), (flags))
void fake_assert_frame(const char *file, int line, uint64_t mfn, enum frame_type type,
                       uint32_t count, uint32_t type_count, uint8_t flags);

/* A copy of the whole frame table, to check that a refused operation gave
 * back every reference it took. */
struct fake_snapshot {
    struct frame f[FAKE_FRAMES];
};
void fake_save(struct fake_snapshot *s);

/* Fails the test unless every frame has the owner, count, type count and
 * flags it had in s.  The type value is not compared: a failed validation
 * may leave frames retyped at type count 0 (docs/pv-mmu.md §12). */
#define assert_counts_as_saved(s) fake_assert_counts_as_saved(__FILE__, __LINE__, (s))
void fake_assert_counts_as_saved(const char *file, int line, const struct fake_snapshot *s);

/* Returns a name for a frame type ("L1", "writable", ...). */
const char *fake_type_name(unsigned type);

#endif
