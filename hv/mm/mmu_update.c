/*
 * mmu_update (1), pv-abi.md §3.1: a batch of { ptr, val } requests.
 *
 *   ptr & 7   command
 *   0         MMU_NORMAL_PT_UPDATE: write val at machine address ptr & ~7,
 *   2         MMU_PT_UPDATE_PRESERVE_AD (keeping the entry's A/D bits),
 *   3         MMU_PT_UPDATE_NO_TRANSLATE (the same as 0 for a PV guest).
 *             If the frame is a validated page table, the entry is checked
 *             and its references moved (mm/pt_update.c); otherwise the frame
 *             is written as plain memory if it can be typed writable.
 *   1         MMU_MACHPHYS_UPDATE: m2p[ptr >> 12] = val, for a guest frame
 *             (-EINVAL for any other, as on Xen).
 *   other     -ENOSYS
 *
 * The batch stops at the first error, and can be continued (mm/batch.h).
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "mm/batch.h"
#include "mm/guest_access.h"
#include "abi/layout.h"
#include "mm/directmap.h"
#include "mm/m2p.h"
#include "mm/page_type.h"
#include "mm/pt_update.h"
#include "abi/hypercall.h"
#include "abi/mmu.h"

/* Writes val to entry ma of a guest frame f: a checked update if the frame
 * is a validated page table (inline for an L1), a plain write if it can be
 * typed writable.  Returns 0 or -errno. */
static inline __attribute__((always_inline)) long update_entry(uint64_t ma, const struct frame *f, uint64_t val, int preserve_ad)
{
    uint64_t mfn = ma >> 12;

    if (f->flags & FRAME_VALIDATED) {
        if (f->type == FT_L1)
            return pt_update_l1(maddr_to_virt(ma), val, preserve_ad);
        return pt_update_entry(mfn, (ma & 4095) >> 3, val, f->type - FT_L1 + 1, preserve_ad);
    }
    if (frame_get_type(mfn, FT_WRITABLE) < 0)
        return -XEN_EINVAL;
    *(uint64_t *)maddr_to_virt(ma) = val;
    frame_put_type(mfn);
    return 0;
}

/* Runs one request { ptr, val }; returns 0 or -errno. */
static inline __attribute__((always_inline)) long mmu_update_one(const uint64_t *req)
{
    uint64_t ptr = req[0], mfn = ptr >> 12;
    unsigned cmd = ptr & 7;

    if (cmd > MMU_PT_UPDATE_NO_TRANSLATE)
        return -XEN_ENOSYS;
    if (mfn >= frame_limit || frame_table[mfn].owner != dom0.id)
        return -XEN_EINVAL;
    if (cmd == MMU_MACHPHYS_UPDATE) {
        m2p_set(mfn, req[1]);
        return 0;
    }
    return update_entry(ptr & ~7UL, &frame_table[mfn], req[1], cmd == MMU_PT_UPDATE_PRESERVE_AD);
}

/* A batch of mmu_update requests (mm/batch.h). */
static long __attribute__((noinline))
mmu_update_batch(uint64_t reqs, uint64_t count, uint64_t pdone, uint64_t fd)
{
    return batch_run(HC_mmu_update, reqs, count, pdone, fd, sizeof(struct mmu_update), mmu_update_one);
}

/* mmu_update(reqs, count, pdone, foreigndom).  One request from the caller
 * itself without pdone, the common case, skips the batch machinery; it
 * behaves exactly as a batch of one. */
long do_mmu_update(uint64_t reqs, uint64_t count, uint64_t pdone, uint64_t fd, uint64_t a5)
{
    (void)a5;
    return batch_entry(reqs, count, pdone, fd, sizeof(struct mmu_update), mmu_update_one,
                       mmu_update_batch);
}
