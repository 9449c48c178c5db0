/*
 * The frame-table audit (mm/audit.h).  Expected counts, per guest frame:
 *
 *   general  = mappings by present L1 entries + references from present
 *              L2-L4 entries (self-maps excluded) + pin + kernel/user base
 *              (+ the hypervisor's own reference on shared_info and on a
 *              frame registered for vcpu_info, + one per GDT and LDT frame)
 *   type     = writable L1 mappings (type writable), or references from
 *              the next level up + pin + base (a page-table type)
 *
 * and a page-table frame is validated exactly when it has type references.
 */
#include "mm/audit.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/pte_rules.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "domain/ldt.h"
#include "arch/machine.h"
#include "lib/printf.h"
#include "hypercall/hypercall.h"
#include "lib/string.h"
#include "abi/layout.h"

struct expected {
    uint32_t count;
    uint32_t type_count;
    uint8_t type;           /* the type the references require, FT_NONE if none */
};

static struct expected *expected;
static int audit_on;

/* Allocates one struct expected per frame and turns the audit on. */
void audit_enable(void)
{
    uint64_t pages = (frame_max_mfn() * sizeof(struct expected) + 4095) >> 12;
    uint64_t first = frame_alloc_range(pages);

    if (!first)
        panic("no memory for the audit (%lu frames)", pages);
    expected = mfn_to_virt(first);
    audit_on = 1;
    hv_exit_work |= EXIT_WORK_AUDIT;
}

/* Records one reference of the given kind on mfn.  Only frames a domain
 * was ever given are compared, so expected[] covers just those:
 * expected[mfn - frame_guest_lo]. */
static void expect(uint64_t mfn, int typed, enum frame_type type)
{
    struct expected *x;

    if (mfn < frame_guest_lo || mfn >= frame_guest_hi)
        return;
    x = &expected[mfn - frame_guest_lo];
    x->count++;
    if (typed) {
        x->type_count++;
        x->type = (uint8_t)type;
    }
}

/* Records the references held by the entries of the validated table mfn. */
static void expect_entries(uint64_t mfn, int level)
{
    const uint64_t *t = mfn_to_virt(mfn);

    for (unsigned i = 0; i < 512; i++) {
        uint64_t e = t[i];

        if (!(e & PTE_P) || (level == 4 && i >= FIRST_HV_L4_SLOT && i <= LAST_HV_L4_SLOT))
            continue;
        if (level == 1)
            expect(pte_mfn(e), (e & PTE_RW) != 0, FT_WRITABLE);
        else if (pte_mfn(e) != mfn)
            expect(pte_mfn(e), 1, (enum frame_type)(FT_L1 + level - 2));
    }
}

/* Compares one frame; returns 1 (and prints it, if fewer than eight were
 * printed) when it disagrees. */
static int check_frame(uint64_t mfn, unsigned *printed)
{
    const struct frame *f = frame_of(mfn);
    const struct expected *x = &expected[mfn - frame_guest_lo];
    int is_table = frame_type_is_table(f->type);
    int bad = f->count != x->count || f->type_count != x->type_count ||
              (x->type_count && x->type != f->type) ||
              (is_table && !!(f->flags & FRAME_VALIDATED) != (f->type_count != 0));

    if (bad && (*printed)++ < 8)
        printk("pvx: audit: mfn 0x%lx: type %u count %u type_count %u flags 0x%x; "
               "expected type %u count %u type_count %u\n", mfn, f->type, f->count,
               f->type_count, f->flags, x->type, x->count, x->type_count);
    return bad;
}

/* Recomputes and compares every guest frame; returns how many disagree.
 * The work is in proportion to the guest's frames and validated tables,
 * not to machine memory: only [frame_guest_lo, frame_guest_hi) is walked. */
unsigned audit_run(void)
{
    uint64_t lo = frame_guest_lo, hi = frame_guest_hi;
    unsigned bad = 0, printed = 0;

    if (lo >= hi)
        return 0;
    memset(expected, 0, (hi - lo) * sizeof(*expected));
    for (uint64_t mfn = lo; mfn < hi; mfn++) {
        const struct frame *f = frame_of(mfn);

        if (f->owner != dom0.id)
            continue;
        if (f->flags & FRAME_PINNED)
            expect(mfn, 1, (enum frame_type)f->type);
        if (frame_type_is_table(f->type) && (f->flags & FRAME_VALIDATED))
            expect_entries(mfn, f->type - FT_L1 + 1);
    }
    expect(dom0.l4_mfn, 1, FT_L4);
    expect(dom0.shared_info_mfn, 1, FT_WRITABLE);
    if (dom0.vcpu_info_mfn)
        expect(dom0.vcpu_info_mfn, 1, FT_WRITABLE);
    for (unsigned i = 0; i < (vcpu0.gdt_ents + 511) / 512; i++)
        expect(vcpu0.gdt_frames[i], 1, FT_SEG_DESC);
    for (unsigned i = 0; ldt_frame(i); i++)
        expect(ldt_frame(i), 1, FT_SEG_DESC);
    if (dom0.user_l4_mfn)
        expect(dom0.user_l4_mfn, 1, FT_L4);
    for (uint64_t mfn = lo; mfn < hi; mfn++)
        if (frame_of(mfn)->owner == dom0.id)
            bad += (unsigned)check_frame(mfn, &printed);
    return bad;
}

/* Runs the audit after a hypercall when it is on; stops on a failure. */
void audit_check(void)
{
    unsigned bad;

    if (audit_on && (bad = audit_run()) != 0)
        panic("audit: %u frames disagree with the page tables", bad);
}
