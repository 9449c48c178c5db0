/*
 * The fuzzer's sandbox (fuzz.h): a chain of its own page tables under an
 * unused slot of the bootstrap L4, data frames mapped through it, loose
 * frames for everything else, and the list of foreign frames.  world_check
 * proves between steps that no hypervisor or foreign frame became mapped
 * and that the chain still stands; world_destroy undoes every pin, base and
 * table the run may have left and proves each frame is plain memory again.
 */
#include <stdio.h>
#include <string.h>
#include "tests/guest/fuzz/fuzz.h"
#include "abi/event.h"
#include "kernel/hypercall.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/start.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/scratch.h"

#define SLOT_FILL       6
#define SLOT_VIEW       3       /* 3, 4, 5: read-only views of l3, l2, l1 */
#define TABLE_FLAGS     (PTE_P | PTE_RW | PTE_A | PTE_D)

struct world world;

/* Machine address of entry index of a table frame. */
uint64_t entry_ma(unsigned long table_mfn, unsigned index)
{
    return ((uint64_t)table_mfn << PAGE_SHIFT) + index * 8UL;
}

/* Reads entry index of a frame we own: the chain and the bootstrap L4
 * through their standing read-only views, other frames through a
 * temporary one. */
uint64_t world_entry(unsigned long table_mfn, unsigned index)
{
    const unsigned long chain[3] = { world.l3, world.l2, world.l1 };

    if (table_mfn == world.boot_l4)
        return ((const volatile uint64_t *)guest_start_info->pt_base)[index % PT_ENTRIES];
    for (unsigned i = 0; i < 3; i++)
        if (table_mfn == chain[i])
            return ((const volatile uint64_t *)scratch_va(SLOT_VIEW + i))[index % PT_ENTRIES];
    return scratch_peek(table_mfn, index);
}

/* Allocates a frame filled with byte; returns its MFN or INVALID_MFN. */
static unsigned long frame_take(uint8_t byte)
{
    unsigned long pfn = pfn_alloc(), mfn;

    if (pfn == INVALID_PFN)
        return INVALID_MFN;
    mfn = pfn_to_mfn(pfn);
    if (scratch_map(SLOT_FILL, mfn, PTE_RW | PTE_D) != 0)
        return INVALID_MFN;
    memset((void *)scratch_va(SLOT_FILL), byte, PAGE_SIZE);
    scratch_unmap(SLOT_FILL);
    return mfn;
}

/* Writes entry index of an unreferenced frame (a plain-memory write). */
static long plain_set(unsigned long mfn, unsigned index, uint64_t val)
{
    struct mmu_update u = { .ptr = entry_ma(mfn, index), .val = val };

    return hypercall_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* Notes our MFN range and up to NR_FOREIGN RAM frames in it that are not
 * ours (the hypervisor's, between our frames). */
static void find_frames(void)
{
    world.own_min = ~0UL;
    world.own_max = 0;
    for (unsigned long pfn = 0; pfn < p2m_nr_pages(); pfn++) {
        unsigned long mfn = pfn_to_mfn(pfn);

        world.own_min = mfn < world.own_min ? mfn : world.own_min;
        world.own_max = mfn > world.own_max ? mfn : world.own_max;
    }
    world.shared_info_mfn = guest_start_info->shared_info >> PAGE_SHIFT;
    for (unsigned long mfn = world.own_max; mfn > 0 && world.nr_foreign < NR_FOREIGN; mfn--)
        if (!mfn_is_ours(mfn) && mfn != world.shared_info_mfn)
            world.foreign[world.nr_foreign++] = mfn;
}

/* Builds the sandbox and hooks it into the bootstrap L4.  Returns 0, or
 * -1 with a message. */
int world_create(void)
{
    long rc;

    find_frames();
    world.boot_l4 = pt_bootstrap_l4_mfn();
    world.l3 = frame_take(0);
    world.l2 = frame_take(0);
    world.l1 = frame_take(0);
    for (unsigned i = 0; i < NR_DATA; i++)
        world.data[i] = frame_take((uint8_t)('a' + i));
    for (unsigned i = 0; i < NR_LOOSE; i++)
        world.loose[i] = frame_take(0);
    if (world.l1 == INVALID_MFN || world.loose[NR_LOOSE - 1] == INVALID_MFN) {
        printf("fuzz: not enough memory for the sandbox\n");
        return -1;
    }
    plain_set(world.l3, 0, pte_make(world.l2, TABLE_FLAGS));
    plain_set(world.l2, 0, pte_make(world.l1, TABLE_FLAGS));
    for (unsigned i = 0; i < NR_DATA; i++)
        plain_set(world.l1, i, pte_make(world.data[i], PTE_P | PTE_A | (i & 1 ? PTE_RW | PTE_D : 0)));
    rc = plain_set(world.boot_l4, WORLD_SLOT, pte_make(world.l3, TABLE_FLAGS));
    if (rc != 0) {
        printf("fuzz: cannot hook the sandbox into the L4: %ld\n", rc);
        return -1;
    }
    for (unsigned i = 0; i < 3; i++)
        if (scratch_map(SLOT_VIEW + i, (&world.l3)[i], 0) != 0)
            return -1;
    printf("fuzz: sandbox l3 0x%lx l2 0x%lx l1 0x%lx, our MFNs 0x%lx-0x%lx, %u foreign\n",
           world.l3, world.l2, world.l1, world.own_min, world.own_max, world.nr_foreign);
    return 0;
}

/* 1 if mfn is ours (the P2M, or the shared_info page). */
static int owned(unsigned long mfn)
{
    return mfn <= world.own_max && (mfn == world.shared_info_mfn || mfn_is_ours(mfn));
}

/* Checks that the chain's three links are intact and that no entry of the
 * sandbox's tables maps a frame that is not ours.  Returns the number of
 * problems (each also a fuzz failure). */
int world_check(void)
{
    const unsigned long tables[3] = { world.l3, world.l2, world.l1 };
    const uint64_t links[3] = {
        world_entry(world.boot_l4, WORLD_SLOT), world_entry(world.l3, 0), world_entry(world.l2, 0),
    };
    int bad = 0;

    for (int i = 0; i < 3; i++) {
        if (!(links[i] & PTE_P) || pte_mfn(links[i]) != tables[i]) {
            fuzz_fail("sandbox link %d changed to 0x%lx", i, (unsigned long)links[i]);
            bad++;
        }
    }
    for (int t = 0; t < 3; t++) {
        for (unsigned i = 0; i < PT_ENTRIES; i++) {
            uint64_t e = world_entry(tables[t], i);

            if ((e & PTE_P) && !owned(pte_mfn(e))) {
                fuzz_fail("table 0x%lx entry %u maps frame 0x%lx, not ours", tables[t], i,
                          pte_mfn(e));
                bad++;
            }
        }
    }
    return bad;
}

/* Drops every reference the run may hold on sandbox frames (pins, the
 * user base, GDT, LDT), unhooks the chain and checks that every sandbox
 * frame can be mapped writable again.  Returns the number of frames that
 * cannot. */
int world_destroy(void)
{
    unsigned long frames[3 + NR_DATA + NR_LOOSE], gdt = 0;
    struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
    unsigned n = 0;
    int bad = 0;

    frames[n++] = world.l3;
    frames[n++] = world.l2;
    frames[n++] = world.l1;
    for (unsigned i = 0; i < NR_DATA; i++)
        frames[n++] = world.data[i];
    for (unsigned i = 0; i < NR_LOOSE; i++)
        frames[n++] = world.loose[i];
    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
    op = (struct mmuext_op){ .cmd = MMUEXT_NEW_USER_BASEPTR };
    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
    hypercall_set_gdt(&gdt, 0);
    for (unsigned i = 0; i < n; i++) {
        op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = frames[i] };
        hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
    }
    plain_set(world.boot_l4, WORLD_SLOT, 0);
    for (unsigned i = 0; i < 3; i++)
        scratch_unmap(SLOT_VIEW + i);
    op = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
    for (unsigned i = 0; i < n; i++) {
        long rc = scratch_map(SLOT_FILL, frames[i], PTE_RW);

        if (rc != 0) {
            fuzz_fail("teardown: frame 0x%lx still typed or referenced (%ld)", frames[i], rc);
            bad++;
        }
    }
    scratch_unmap(SLOT_FILL);
    return bad;
}
