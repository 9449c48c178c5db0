/*
 * The records of the type machine, pins, base pointers, flushes and
 * exceptions (trace/trace.h), from the traced twins and wrappers: each reads
 * the frame table itself, so a record shows the state the change left and
 * the traced code passes little.
 */
#include "trace/trace.h"
#include "mm/frame.h"
#include "mm/page_type.h"
#include "domain/domain.h"
#include "arch/io.h"
#include "arch/regs.h"
#include "arch/traps.h"
#include "abi/shared_info.h"
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

/* Returns the page-table level of mfn's type, 0 if it is not a table. */
static unsigned table_level(uint64_t mfn)
{
    unsigned type = mfn < frame_max_mfn() ? frame_of(mfn)->type : FT_NONE;

    return frame_type_is_table(type) ? type - FT_L1 + 1 : 0;
}

/* Emits a type record (op TO_TYPE_GET or TO_TYPE_PUT) and a validation
 * record (TO_VAL_VALIDATE or TO_VAL_DEVALIDATE) for the table mfn, as the
 * categories ask. */
static void table_records(uint64_t mfn, unsigned type_op, unsigned val_op, long rc)
{
    unsigned level = table_level(mfn);

    if (trace_mask & TRACE_TYPE) {
        struct trace_record r = trace_record_now(TC_TYPE, type_op);

        r.a = (uint8_t)level;
        r.rc = (int32_t)rc;
        frame_fields(&r, mfn);
        trace_emit(&r);
    }
    if (trace_mask & TRACE_VAL) {
        struct trace_record r = trace_record_now(TC_VAL, val_op);

        r.a = (uint8_t)level;
        r.rc = (int32_t)rc;
        r.v[0] = mfn;
        r.v[1] = trace_table_entries(mfn, level) >> 32;
        trace_emit(&r);
    }
}

/* frame_get_first_type with the records of a table it validated (its
 * tables below came first): trace_calls.c sends that function's calls
 * here.  Frames becoming writable are not recorded: that is mmu_update's
 * hot path.  Returns frame_get_first_type's result. */
int traced_frame_get_first_type(uint64_t mfn, enum frame_type type)
{
    int rc = frame_get_first_type(mfn, type);

    if (frame_type_is_table(type))
        table_records(mfn, TO_TYPE_GET, TO_VAL_VALIDATE, rc);
    return rc;
}

/* frame_put_last_type with its records: the last type reference of the
 * validated table mfn went; its tables below follow. */
void traced_frame_put_last_type(uint64_t mfn)
{
    table_records(mfn, TO_TYPE_PUT, TO_VAL_DEVALIDATE, 0);
    frame_put_last_type(mfn);
}

/* A pin or unpin of mfn that succeeded, or the builder's pin of the first
 * L4; a pinned L4 is followed by a snapshot of its tree. */
void trace_pin(unsigned op, uint64_t mfn)
{
    struct trace_record r = trace_record_now(TC_PIN, op);

    frame_fields(&r, mfn);
    r.a = (uint8_t)table_level(mfn);
    r.b = (frame_of(mfn)->flags & FRAME_PINNED) != 0;
    trace_emit(&r);
    if (op != TO_PIN_UNPIN && r.a == 4)
        trace_tree(mfn, op == TO_PIN_BOOT ? TREE_BOOT : TREE_PIN);
}

/* The (user) base pointer became mfn (0: none), replacing old, whose
 * references are about to be dropped: a record and a snapshot of the new
 * tree. */
void trace_baseptr(unsigned op, uint64_t mfn, uint64_t old)
{
    struct trace_record r = trace_record_now(TC_PIN, op);

    frame_fields(&r, mfn);
    r.a = 4;
    r.b = mfn && (frame_of(mfn)->flags & FRAME_PINNED) != 0;
    r.v[3] = old;
    trace_emit(&r);
    if (mfn)
        trace_tree(mfn, TREE_BASEPTR);
}

/* A TLB flush the guest asked for: everything (TO_TLB_FLUSH) or va. */
void trace_tlb(unsigned op, uint64_t va)
{
    struct trace_record r = trace_record_now(TC_TLB, op);

    r.v[0] = va;
    trace_emit(&r);
}

/* An exception the guest raised (arch/traps.c), before the hypervisor
 * handles it: emulates it (ptwr, privileged instructions) or bounces it to
 * the guest's handler.  Interrupts (the timer) are not recorded. */
TRACE_HOOK static void trace_exception(const struct cpu_regs *regs)
{
    struct trace_record r = trace_record_now(TC_EXC, TO_EXC_FAULT);

    if (regs->vector >= 32)
        return;
    r.a = (uint8_t)regs->vector;
    r.v[0] = TRAP_HAS_ERROR_CODE(regs->vector) ? regs->error : ~0UL;
    r.v[1] = regs->rip;
    r.v[2] = regs->vector == 14 ? read_cr2() : 0;
    trace_emit(&r);
}

/* trap_handle, with a record first for an exception the guest raised
 * (trace=exc) and records of the ports it made pending (trace=evt: the
 * timer's interrupt, trace_events.c). */
static void traced_trap_handle(struct cpu_regs *regs)
{
    if ((trace_mask & TRACE_EXC) && (regs->cs & 3) == 3)
        trace_exception(regs);
    if (trace_mask & TRACE_EVT)
        trace_events_before();
    trap_handle(regs);
    if (trace_mask & TRACE_EVT)
        trace_events_after();
}

/* With trace=exc or evt, entry.S calls traced_trap_handle instead of
 * trap_handle: without them, the exception path has no hook at all. */
void trace_exceptions_install(void)
{
    trap_handler = traced_trap_handle;
}
