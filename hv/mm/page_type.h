/*
 * References on machine frames (pv-abi.md §8.1), on top of the frame table
 * (mm/frame.h):
 *
 *   general reference   frame_get / frame_put           who holds one: a
 *                                                       mapping, a parent
 *                                                       entry, CR3, a pin
 *   type reference      frame_get_type / frame_put_type  who holds one: a
 *                                                       writable mapping
 *                                                       (writable), a parent
 *                                                       entry (L1-L3), CR3
 *                                                       (L4), a pin
 *
 * The first type reference of a page-table type validates the table
 * (pt_validate.c), which takes the references of every entry; the last one
 * devalidates it, which drops them.  A frame changes type only while it has
 * no type reference.  The common cases are inline: they run once or twice
 * per page-table entry a guest changes.
 */
#ifndef HV_MM_PAGE_TYPE_H
#define HV_MM_PAGE_TYPE_H

#include <stdint.h>
#include "mm/frame.h"
#include "domain/domain.h"
#include "abi/errno.h"

/* The slow halves of frame_get_type and frame_put_type (mm/page_type.c):
 * the first reference (retyping, validating) and the last one of a table
 * (devalidating).  With trace=type or val, every call of these two goes to
 * a recording twin instead (trace/trace_calls.c rewrites them at boot). */
int frame_get_first_type(uint64_t mfn, enum frame_type type);
void frame_put_last_type(uint64_t mfn);

/* Asks for a TLB flush before the guest runs again (a frame changed type or
 * an upper-level entry changed); tlb_flush_if_pending() does it. */
void tlb_flush_request(void);
void tlb_flush_if_pending(void);

/* Counts the hypervisor's full TLB flushes (global entries included).  A
 * frame whose type references all went records the count; if a full flush
 * has happened since, no translation made while it had its old type can
 * still be cached, and giving it a new type needs no flush of its own. */
extern uint32_t tlb_flush_epoch;

/* Flushes the whole TLB and counts it. */
void tlb_flush_all(void);

/* Asks for a flush before the guest runs again unless one has happened
 * since f's type references all went. */
static inline void tlb_flush_request_since(const struct frame *f)
{
    if (f->flush_epoch == tlb_flush_epoch)
        tlb_flush_request();
}

/* Takes a general reference on mfn if the guest owns it; returns 0, or -1 if
 * mfn is not a guest frame. */
static inline int frame_get(uint64_t mfn)
{
    if (mfn >= frame_limit || frame_table[mfn].owner != dom0.id)
        return -1;
    frame_table[mfn].count++;
    return 0;
}

/* Drops a general reference. */
static inline void frame_put(uint64_t mfn)
{
    frame_table[mfn].count--;
}

/* Takes a type reference of type on mfn, validating it first if type is a
 * page-table level and this is the first reference.  Returns 0, -EINVAL if
 * the frame is in use as another type, or the validation error (after
 * validation undid everything it took). */
static inline int frame_get_type(uint64_t mfn, enum frame_type type)
{
    struct frame *f = &frame_table[mfn];

    if (!f->type_count && type == FT_WRITABLE && f->type == FT_WRITABLE) {
        f->type_count = 1;      /* writable again: no retyping, no validation */
        return 0;
    }
    if (!f->type_count)
        return frame_get_first_type(mfn, type);
    if (f->type != type)
        return -XEN_EINVAL;
    f->type_count++;
    return 0;
}

/* Drops a type reference; the last one of a page table devalidates it. */
static inline void frame_put_type(uint64_t mfn)
{
    struct frame *f = &frame_table[mfn];

    if (--f->type_count)
        return;
    f->flush_epoch = tlb_flush_epoch;
    if (f->flags & FRAME_VALIDATED)
        frame_put_last_type(mfn);
}

/* Returns 1 if mfn is the guest's and a validated page table of type.
 * Inline: update_va_mapping asks it on every call. */
static inline int frame_is_table(uint64_t mfn, enum frame_type type)
{
    const struct frame *f;

    if (mfn >= frame_max_mfn())
        return 0;
    f = frame_of(mfn);
    return f->owner == dom0.id && f->type == type && f->type_count && (f->flags & FRAME_VALIDATED);
}

/* Validation and devalidation of one table (mm/pt_validate.c). */
int pt_validate(uint64_t mfn, enum frame_type level);
void pt_devalidate(uint64_t mfn, enum frame_type level);

#endif
