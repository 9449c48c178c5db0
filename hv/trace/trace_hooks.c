/*
 * The records the hooks in mm/ and domain/ emit (trace/trace.h): each reads
 * the frame table after the change, so a record shows the state it left.
 * Only called when trace_on(the category).
 */
#include "trace/trace.h"
#include "mm/frame.h"
#include "domain/domain.h"
#include "abi/shared_info.h"
#include "arch/io.h"
#include "arch/regs.h"
#include "abi/trap.h"

/* Fills the mfn, type_count and count fields (v[0..2]) of r from the frame
 * table; a frame pvx does not manage gets zero counts. */
static void frame_fields(struct trace_record *r, uint64_t mfn)
{
    r->v[0] = mfn;
    if (mfn < frame_max_mfn()) {
        r->v[1] = frame_of(mfn)->type_count;
        r->v[2] = frame_of(mfn)->count;
    }
}

/* The first type reference on mfn made it a page table of type and it
 * was validated, with result rc (page_type.c): a type record and a
 * validation record.  (Frames becoming writable are not traced: that is
 * mmu_update's hot path.) */
void trace_table_first(uint64_t mfn, uint64_t type, uint64_t rc, uint64_t unused)
{
    (void)unused;
    if (trace_mask & TRACE_TYPE) {
        struct trace_record r = trace_record_now(TC_TYPE, TO_TYPE_GET);

        r.a = (uint8_t)type;
        r.rc = (int32_t)rc;
        frame_fields(&r, mfn);
        trace_emit(&r);
    }
    if (trace_mask & TRACE_VAL) {
        struct trace_record r = trace_record_now(TC_VAL, TO_VAL_VALIDATE);

        r.a = (uint8_t)(type - FT_L1 + 1);
        r.rc = (int32_t)rc;
        r.v[0] = mfn;
        r.v[1] = trace_table_entries(mfn, r.a) >> 32;
        trace_emit(&r);
    }
}

/* The last type reference on the validated table mfn went and it is about
 * to be devalidated (page_type.c: before, so that the hook keeps nothing
 * alive across the devalidation): a type record and a devalidation record.
 * Its tables below follow. */
void trace_table_last(uint64_t mfn, uint64_t type, uint64_t unused1, uint64_t unused2)
{
    (void)unused1, (void)unused2;
    if (trace_mask & TRACE_TYPE) {
        struct trace_record r = trace_record_now(TC_TYPE, TO_TYPE_PUT);

        r.a = (uint8_t)type;
        frame_fields(&r, mfn);
        trace_emit(&r);
    }
    if (trace_mask & TRACE_VAL) {
        struct trace_record r = trace_record_now(TC_VAL, TO_VAL_DEVALIDATE);

        r.a = (uint8_t)(type - FT_L1 + 1);
        r.v[0] = mfn;
        r.v[1] = trace_table_entries(mfn, r.a) >> 32;
        trace_emit(&r);
    }
}

/* A pin (type = the table's) or unpin, or the builder's pin of the first
 * L4, with its result; a successful L4 pin is followed by a snapshot of its
 * tree. */
void trace_pin(uint64_t op, uint64_t mfn, uint64_t type, uint64_t rc)
{
    struct trace_record r = trace_record_now(TC_PIN, (unsigned)op);

    frame_fields(&r, mfn);
    if (mfn < frame_max_mfn()) {
        if (op == TO_PIN_UNPIN)
            type = frame_of(mfn)->type;
        r.b = (frame_of(mfn)->flags & FRAME_PINNED) != 0;
    }
    r.a = (uint8_t)(frame_type_is_table((unsigned)type) ? type - FT_L1 + 1 : 0);
    r.rc = (int32_t)rc;
    trace_emit(&r);
    if (rc == 0 && type == FT_L4 && op != TO_PIN_UNPIN)
        trace_tree(mfn, op == TO_PIN_BOOT ? TREE_BOOT : TREE_PIN);
}

/* A new (user) base pointer mfn replaced old: a record and a snapshot of
 * the new tree. */
void trace_baseptr(uint64_t op, uint64_t mfn, uint64_t old, uint64_t rc)
{
    struct trace_record r = trace_record_now(TC_PIN, (unsigned)op);

    frame_fields(&r, mfn);
    r.a = 4;
    r.rc = (int32_t)rc;
    r.v[3] = old;
    if (mfn && mfn < frame_max_mfn())
        r.b = (frame_of(mfn)->flags & FRAME_PINNED) != 0;
    trace_emit(&r);
    if (mfn)
        trace_tree(mfn, TREE_BASEPTR);
}

/* A TLB flush: everything (TO_TLB_FLUSH, TO_TLB_TYPE_CHANGE) or va. */
void trace_tlb(uint64_t op, uint64_t va, uint64_t unused1, uint64_t unused2)
{
    struct trace_record r = trace_record_now(TC_TLB, (unsigned)op);

    (void)unused1, (void)unused2;
    r.v[0] = va;
    trace_emit(&r);
}

/* An exception the guest raised (arch/traps.c), before the hypervisor
 * handles it: emulates it (ptwr, privileged instructions) or bounces it to
 * the guest's handler.  Interrupts (the timer) are not recorded. */
void trace_exception(const struct cpu_regs *regs, uint64_t unused1, uint64_t unused2,
                     uint64_t unused3)
{
    struct trace_record r = trace_record_now(TC_EXC, TO_EXC_FAULT);

    (void)unused1, (void)unused2, (void)unused3;
    if (regs->vector >= 32)
        return;
    r.a = (uint8_t)regs->vector;
    r.v[0] = TRAP_HAS_ERROR_CODE(regs->vector) ? regs->error : ~0UL;
    r.v[1] = regs->rip;
    r.v[2] = regs->vector == 14 ? read_cr2() : 0;
    trace_emit(&r);
}

/* A port became pending (masked: no upcall raised for it). */
void trace_event(uint64_t port, uint64_t unused1, uint64_t unused2, uint64_t unused3)
{
    struct trace_record r = trace_record_now(TC_EVT, TO_EVT_PENDING);
    const uint64_t *mask = dom0.shared_info->evtchn_mask;

    (void)unused1, (void)unused2, (void)unused3;
    r.a = (uint8_t)((mask[port / 64] >> (port % 64)) & 1);
    r.v[0] = port;
    trace_emit(&r);
}
