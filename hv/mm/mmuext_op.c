/*
 * mmuext_op (26), pv-abi.md §3.2: pinning, base pointers, TLB and cache
 * flushes, the LDT, and clearing or copying whole frames.
 *
 *   PIN_Ln      take a general and an Ln type reference (validating the
 *               tree below on first use) and mark the frame pinned
 *   UNPIN       drop them; a table nothing else references is devalidated
 *   NEW_BASEPTR make the L4 the kernel root: reference the new one, load
 *               CR3, then drop the old one's references
 *
 * The batch protocol (count, pdone, continuations) is mmu_update's.
 *
 * This file is compiled twice: as itself, where trace_twin_on is 0 and its
 * hooks vanish, and as do_mmuext_op_traced (trace/mmuext_op_twin.c), which
 * trace=pin or tlb puts into the hypercall table.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "domain/ldt.h"
#include "mm/batch.h"
#include "mm/directmap.h"
#include "mm/page_type.h"
#include "mm/pte_table.h"
#include "mm/tlb.h"
#include "arch/io.h"
#include "lib/string.h"
#include "abi/hypercall.h"
#include "abi/mmu.h"
#include "trace/trace.h"

/* Takes a general and a type reference on a guest frame; returns 0,
 * -EINVAL if it is not the guest's, or the type error. */
static long get_typed(uint64_t mfn, enum frame_type type)
{
    long rc;

    if (frame_get(mfn) < 0)
        return -XEN_EINVAL;
    if ((rc = frame_get_type(mfn, type)))
        frame_put(mfn);
    return rc;
}

/* Drops what get_typed took.  This and the two always_inline functions
 * below: left to itself GCC keeps them out of line in the untraced build,
 * which make bench measures dearer (pins, base pointers, flushes). */
static inline __attribute__((always_inline)) void put_typed(uint64_t mfn)
{
    frame_put_type(mfn);
    frame_put(mfn);
}

/* PIN_L1..L4_TABLE; returns 0 or -errno. */
static long pin(uint64_t mfn, enum frame_type type)
{
    long rc;

    if (mfn < frame_max_mfn() && (frame_of(mfn)->flags & FRAME_PINNED))
        return -XEN_EINVAL;
    if ((rc = get_typed(mfn, type)))
        return rc;
    frame_of(mfn)->flags |= FRAME_PINNED;
    if (trace_twin_on(TRACE_PIN))
        TRACE_CALL2(trace_pin, TO_PIN_PIN, mfn);
    return 0;
}

/* UNPIN_TABLE; returns 0 or -EINVAL if mfn is not a pinned guest table. */
static long unpin(uint64_t mfn)
{
    if (mfn >= frame_max_mfn() || frame_of(mfn)->owner != dom0.id ||
        !(frame_of(mfn)->flags & FRAME_PINNED))
        return -XEN_EINVAL;
    frame_of(mfn)->flags &= (uint8_t)~FRAME_PINNED;
    put_typed(mfn);
    if (trace_twin_on(TRACE_PIN))
        TRACE_CALL2(trace_pin, TO_PIN_UNPIN, mfn);
    return 0;
}

/* NEW_BASEPTR (user = 0) or NEW_USER_BASEPTR (user = 1, mfn 0 = none). */
static inline __attribute__((always_inline)) long new_baseptr(uint64_t mfn, int user)
{
    uint64_t *root = user ? &dom0.user_l4_mfn : &dom0.l4_mfn;
    uint64_t old = *root;
    long rc;

    if ((mfn || !user) && (rc = get_typed(mfn, FT_L4)))
        return rc;
    *root = mfn;
    if (!user) {
        pt_install_m2p_slot(mfn_to_virt(mfn));
        write_cr3(mfn << 12);
        tlb_flush_all();        /* user mappings are global: drop the old space's */
    }
    if (trace_twin_on(TRACE_PIN))
        TRACE_CALL3(trace_baseptr, user ? TO_PIN_USER_BASEPTR : TO_PIN_BASEPTR, mfn, old);
    if (old)
        put_typed(old);
    return 0;
}

/* Returns 1 if the hypervisor may fill frame mfn for the guest without
 * taking a type reference for the time of the fill: the guest's, and
 * writable memory, never typed, or no longer used as a table or descriptor
 * page (type_count 0; a flush is asked for if translations made through it
 * may still be cached).  One vCPU: nothing can give it another type while
 * the hypervisor writes it.  Else get_typed decides (and refuses a frame in
 * use as another type). */
static int fill_without_type_ref(uint64_t mfn)
{
    const struct frame *f;

    if (mfn >= frame_max_mfn())
        return 0;
    f = frame_of(mfn);
    if (f->owner != dom0.id)
        return 0;
    if (f->type == FT_WRITABLE || f->type == FT_NONE)
        return 1;
    if (f->type_count)
        return 0;
    tlb_flush_request_since(f);
    return 1;
}

/* CLEAR_PAGE (src = 0) or COPY_PAGE: the source must be the guest's, the
 * destination typeable writable. */
static long clear_or_copy(uint64_t dst, uint64_t src, int copy)
{
    int typed = !fill_without_type_ref(dst);

    if (copy && (src >= frame_max_mfn() || frame_of(src)->owner != dom0.id))
        return -XEN_EINVAL;
    if (typed && get_typed(dst, FT_WRITABLE))
        return -XEN_EINVAL;
    if (copy)
        memcpy(mfn_to_virt(dst), mfn_to_virt(src), 4096);
    else
        memset(mfn_to_virt(dst), 0, 4096);
    if (typed)
        put_typed(dst);
    return 0;
}

/* The flush commands: one vCPU, so "this vCPU", "all" and "these vCPUs" are
 * the same CPU.  Returns 0. */
static inline __attribute__((always_inline)) long flush(const struct mmuext_op *op)
{
    int one = op->cmd == MMUEXT_INVLPG_LOCAL || op->cmd == MMUEXT_INVLPG_ALL ||
              op->cmd == MMUEXT_INVLPG_MULTI;

    if (one)
        tlb_flush_one(op->arg1.linear_addr);
    else
        tlb_flush_local();
    if (trace_twin_on(TRACE_TLB))
        TRACE_CALL2(trace_tlb, one ? TO_TLB_INVLPG : TO_TLB_FLUSH, op->arg1.linear_addr);
    return 0;
}

/* Runs one operation; returns 0 or -errno. */
static long mmuext_one(const uint64_t *arg)
{
    const struct mmuext_op *op = (const struct mmuext_op *)arg;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin(op->arg1.mfn, (enum frame_type)(FT_L1 + op->cmd - MMUEXT_PIN_L1_TABLE));
    case MMUEXT_UNPIN_TABLE:
        return unpin(op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return new_baseptr(op->arg1.mfn, 0);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_baseptr(op->arg1.mfn, 1);
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        if (tlb_read_vcpumask(op->arg2.vcpumask))
            return -XEN_EINVAL;     /* Xen reports an unreadable mask so */
        return flush(op);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_ALL:
        return flush(op);
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        __asm__ volatile("wbinvd" ::: "memory");    /* the initial domain may */
        return 0;
    case MMUEXT_SET_LDT:
        return ldt_set(op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_CLEAR_PAGE:
        return clear_or_copy(op->arg1.mfn, 0, 0);
    case MMUEXT_COPY_PAGE:
        return clear_or_copy(op->arg1.mfn, op->arg2.src_mfn, 1);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -XEN_EOPNOTSUPP;
    default:
        return -XEN_ENOSYS;
    }
}

/* A batch of mmuext ops (mm/batch.h). */
static long __attribute__((noinline))
mmuext_batch(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t fd)
{
    return batch_run(HC_mmuext_op, ops, count, pdone, fd, sizeof(struct mmuext_op), mmuext_one);
}

/* mmuext_op(ops, count, pdone, foreigndom).  One op from the caller itself
 * without pdone (a switch of base pointer, a pin, a flush, a page copy)
 * skips the batch machinery. */
long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t fd, uint64_t a5)
{
    (void)a5;
    return batch_entry(ops, count, pdone, fd, sizeof(struct mmuext_op), mmuext_one,
                       mmuext_batch);
}
