/*
 * The type state machine of a frame (picture in mm/frame.h, rules in
 * mm/page_type.h).
 */
#include "mm/page_type.h"
#include "arch/io.h"
#include "hypercall/hypercall.h"
#include "domain/descriptor.h"
#include "abi/errno.h"

/* The first type reference: retypes the frame (asking for a TLB flush if
 * the type changes) and validates it if it becomes a page table. */
int frame_get_first_type(uint64_t mfn, enum frame_type type)
{
    struct frame *f = frame_of(mfn);
    int rc;

    if (f->type != type && f->type != FT_NONE)     /* never typed: no stale TLB entry */
        tlb_flush_request_since(f);
    f->type = (uint8_t)type;
    f->type_count = 1;          /* before validating: entries may refer back */
    if (type == FT_SEG_DESC) {
        rc = descriptor_page_validate(mfn);
    } else if (frame_type_is_table(type)) {
        rc = pt_validate(mfn, type);
    } else {
        return 0;
    }
    if (rc) {
        f->type_count = 0;
        f->flush_epoch = tlb_flush_epoch;       /* as if its last reference went */
        return rc;
    }
    if (type != FT_SEG_DESC)
        f->flags |= FRAME_VALIDATED;
    return 0;
}

/* The last type reference of a validated table went: devalidate it.  Never
 * inlined: inside mmu_update's or update_va_mapping's fast path, the call of
 * pt_devalidate would make them keep their values in saved registers. */
__attribute__((noinline)) void frame_put_last_type(uint64_t mfn)
{
    struct frame *f = frame_of(mfn);

    f->flags &= (uint8_t)~FRAME_VALIDATED;
    pt_devalidate(mfn, f->type);
}

/* Notes that the TLB must be flushed before the guest runs again. */
void tlb_flush_request(void)
{
    hv_exit_work |= EXIT_WORK_TLB_FLUSH;
}

/* Flushes the whole TLB (global entries too: a stale writable global
 * mapping must not outlive a frame's change of type) if one was requested. */
void tlb_flush_if_pending(void)
{
    if (hv_exit_work & EXIT_WORK_TLB_FLUSH) {
        hv_exit_work &= (uint8_t)~EXIT_WORK_TLB_FLUSH;
        tlb_flush_all();
    }
}

uint32_t tlb_flush_epoch;

/* Flushes the whole TLB (global entries too) and counts it. */
void tlb_flush_all(void)
{
    tlb_flush_epoch++;
    flush_tlb_global();
}
