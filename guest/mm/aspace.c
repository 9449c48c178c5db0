/*
 * Address spaces (aspace.h): the kernel's, creating, switching, pinning
 * and destroying.  Mapping is in aspace_map.c, forking in aspace_fork.c,
 * copy-on-write faults in cow.c.
 */
#include <stdlib.h>
#include <string.h>
#include "abi/layout.h"
#include "kernel/start.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/mm.h"
#include "mm/pt_build.h"

static struct aspace kernel_aspace;
static struct aspace *current_aspace;

/* The bootstrap L4, pinned by the builder. */
struct aspace *aspace_kernel(void)
{
    if (!(kernel_aspace.flags & ASPACE_KERNEL)) {
        kernel_aspace.l4 = region_va_pfn(guest_start_info->pt_base);
        kernel_aspace.flags = ASPACE_KERNEL | ASPACE_SEALED | ASPACE_PINNED;
        kernel_aspace.keep_pinned = 1;
    }
    return &kernel_aspace;
}

/* The one we last switched to, the kernel's at first. */
struct aspace *aspace_current(void)
{
    return current_aspace != NULL ? current_aspace : aspace_kernel();
}

/* A plain L4: empty lower half, and the upper half of aspace_l4_upper. */
struct aspace *aspace_create(void)
{
    struct aspace *as;

    if (mm_init() != 0 || bootstrap_region.v_start < l4_slot_va(FIRST_HV_L4_SLOT))
        return NULL;
    as = malloc(sizeof(*as));
    if (as == NULL)
        return NULL;
    if (pt_tables_new(1, &as->l4) != 0) {
        free(as);
        return NULL;
    }
    as->flags = 0;
    as->keep_pinned = 1;
    memset(pt_entries(as->l4), 0, PAGE_SIZE / 2);
    aspace_l4_upper(as->l4);
    return as;
}

/* The upper half of a new address space's L4 (aspace.h). */
void aspace_l4_upper(unsigned long l4)
{
    const uint64_t *boot = pt_entries(aspace_kernel()->l4);
    uint64_t *entries = pt_entries(l4);

    for (unsigned int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
        entries[i] = i <= LAST_HV_L4_SLOT ? 0 : boot[i];
    entries[LINEAR_L4_SLOT] = pte_make(pfn_to_mfn(l4), PTE_P | PTE_A);
}

/* Visitor of aspace_seal. */
static void aspace_seal_table(void *ctx, unsigned long pfn, int level)
{
    (void)ctx;
    (void)level;
    pt_seal(pfn);
}

/* Queues the read-only remap of every table of a plain address space. */
static void aspace_seal(struct aspace *as)
{
    pt_visit_tables(as->l4, aspace_seal_table, NULL);
    as->flags |= ASPACE_SEALED;
}

/* Seal, late pin and NEW_BASEPTR in one batch; usually only the last. */
long aspace_switch(struct aspace *as)
{
    long rc;

    if (as == aspace_current())
        return 0;
    if (!(as->flags & ASPACE_SEALED))
        aspace_seal(as);
    if (as->keep_pinned && !(as->flags & ASPACE_PINNED)) {
        mmu_batch_ext(MMUEXT_PIN_L4_TABLE, pfn_to_mfn(as->l4), 0);
        as->flags |= ASPACE_PINNED;
    }
    rc = mmu_batch_ext_now(MMUEXT_NEW_BASEPTR, pfn_to_mfn(as->l4), 0);
    if (rc == 0)
        current_aspace = as;
    return rc;
}

/* Records the policy and applies it to a sealed address space. */
long aspace_set_pinned(struct aspace *as, int pinned)
{
    if (as->flags & ASPACE_KERNEL)
        return pinned ? 0 : -1;
    as->keep_pinned = pinned;
    if ((as->flags & ASPACE_SEALED) && pinned && !(as->flags & ASPACE_PINNED)) {
        mmu_batch_ext(MMUEXT_PIN_L4_TABLE, pfn_to_mfn(as->l4), 0);
        as->flags |= ASPACE_PINNED;
    } else if (!pinned && (as->flags & ASPACE_PINNED)) {
        mmu_batch_ext(MMUEXT_UNPIN_TABLE, pfn_to_mfn(as->l4), 0);
        as->flags &= ~ASPACE_PINNED;
    }
    return mmu_batch_flush(MMU_FLUSH_EXPLICIT);
}

/* Visitor of aspace_destroy: the frames an L1 maps, then the table. */
static void aspace_destroy_table(void *ctx, unsigned long pfn, int level)
{
    if (level == 1) {
        const uint64_t *entries = pt_entries(pfn);

        for (unsigned int i = 0; i < PT_ENTRIES; i++)
            if (entries[i] & PTE_P)
                frame_ref_put(pt_entry_pfn(entries[i]));
    }
    pt_release_add(ctx, pfn);
}

/*
 * Early unpin: once the L4 is unpinned and not in CR3, the hypervisor has
 * devalidated the whole tree and holds no reference to any of it, so the
 * frames it maps can be freed at once and the tables need nothing but their
 * frame-map aliases removed.
 */
int aspace_destroy(struct aspace *as)
{
    struct pt_release release = { .n = 0 };

    if (as == aspace_current() || (as->flags & ASPACE_KERNEL))
        return -1;
    if (as->flags & ASPACE_PINNED)
        mmu_batch_ext(MMUEXT_UNPIN_TABLE, pfn_to_mfn(as->l4), 0);
    if (mmu_batch_flush(MMU_FLUSH_EXPLICIT) != 0)
        return -1;
    pt_visit_tables(as->l4, aspace_destroy_table, &release);
    pt_release_finish(&release);
    free(as);
    return 0;
}
