/*
 * Helpers of the PV MMU suite (mmu_test.h): frames, one-request hypercalls,
 * the sandbox, and the final audit.
 */
#include <stdio.h>
#include <string.h>
#include "tests/guest/mmu/mmu_test.h"

#define MAX_TOUCHED 256

struct sandbox sb;
unsigned long boot_l4;
unsigned long foreign_mfn;

/* Every frame the suite allocated, for audit_frames(). */
static unsigned long touched[MAX_TOUCHED];
static unsigned int nr_touched;

/* Prints a section header. */
void group(const char *name)
{
    printf("# %s\n", name);
}

/* Maps mfn writable at the helper slot, fills it with byte, maps the slot
 * back.  The frame holds no writable reference afterwards. */
void frame_fill(unsigned long mfn, uint8_t byte)
{
    if (scratch_map(SLOT_HELPER, mfn, PTE_RW | PTE_D) != 0) {
        printf("mmu: cannot map frame 0x%lx writable to fill it\n", mfn);
        return;
    }
    memset((void *)scratch_va(SLOT_HELPER), byte, PAGE_SIZE);
    scratch_unmap(SLOT_HELPER);
}

/* Allocates a frame, zeroes it and records it for the audit; returns its
 * MFN, or INVALID_MFN if the allocator is empty. */
unsigned long frame_new(void)
{
    unsigned long pfn = pfn_alloc();
    unsigned long mfn;

    if (pfn == INVALID_PFN)
        return INVALID_MFN;
    mfn = pfn_to_mfn(pfn);
    frame_fill(mfn, 0);
    if (nr_touched < MAX_TOUCHED)
        touched[nr_touched++] = mfn;
    return mfn;
}

/* frame_new() filled with byte instead of zeroes. */
unsigned long frame_new_filled(uint8_t byte)
{
    unsigned long mfn = frame_new();

    frame_fill(mfn, byte);
    return mfn;
}

/* Proves mfn is plain memory again by mapping it writable, then frees it.
 * Returns the mapping's result: 0, or -errno with the frame kept (leaked on
 * purpose: it still has a type or references). */
long frame_release(unsigned long mfn)
{
    long rc = scratch_map(SLOT_HELPER, mfn, PTE_RW);

    if (rc != 0)
        return rc;
    scratch_unmap(SLOT_HELPER);
    pfn_free(mfn_to_pfn(mfn));
    return 0;
}

/* Reads byte offset of frame mfn through a read-only mapping. */
uint8_t frame_byte(unsigned long mfn, unsigned long offset)
{
    uint8_t byte;

    if (scratch_map(SLOT_HELPER, mfn, 0) != 0)
        return 0xee;
    byte = *(volatile uint8_t *)(scratch_va(SLOT_HELPER) + offset);
    scratch_unmap(SLOT_HELPER);
    return byte;
}

/* Writes entry `index` of an unreferenced frame as plain memory. */
void frame_set_entry(unsigned long mfn, unsigned int index, uint64_t entry)
{
    if (scratch_map(SLOT_HELPER, mfn, PTE_RW | PTE_D) != 0) {
        printf("mmu: cannot map frame 0x%lx writable to set entry %u\n", mfn, index);
        return;
    }
    ((volatile uint64_t *)scratch_va(SLOT_HELPER))[index] = entry;
    scratch_unmap(SLOT_HELPER);
}

/* Reads entry `index` of any frame we may map. */
uint64_t frame_entry(unsigned long mfn, unsigned int index)
{
    return scratch_peek(mfn, index);
}

/* Counts the recorded frames that cannot be mapped writable (0 = clean). */
int audit_frames(void)
{
    int bad = 0;

    for (unsigned int i = 0; i < nr_touched; i++) {
        if (scratch_map(SLOT_HELPER, touched[i], PTE_RW) != 0) {
            printf("mmu: frame 0x%lx is still typed or referenced\n", touched[i]);
            bad++;
        }
    }
    scratch_unmap(SLOT_HELPER);
    return bad;
}

/* mmu_update of one request with command cmd, no pdone, DOMID_SELF. */
long mmu1_cmd(uint64_t maddr, unsigned int cmd, uint64_t val)
{
    struct mmu_update req = { .ptr = maddr | cmd, .val = val };

    return hypercall_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/* MMU_NORMAL_PT_UPDATE of one entry. */
long mmu1(uint64_t maddr, uint64_t val)
{
    return mmu1_cmd(maddr, MMU_NORMAL_PT_UPDATE, val);
}

/* mmuext_op of one operation, no pdone, DOMID_SELF. */
long mmuext1(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* MMUEXT_PIN_L<level>_TABLE of mfn. */
long pin(int level, unsigned long mfn)
{
    return mmuext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

/* MMUEXT_UNPIN_TABLE of mfn. */
long unpin(unsigned long mfn)
{
    return mmuext1(MMUEXT_UNPIN_TABLE, mfn, 0);
}

/* MMUEXT_TLB_FLUSH_LOCAL. */
long flush_local(void)
{
    return mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}

/* Machine address of entry index of a table frame. */
uint64_t entry_maddr(unsigned long table_mfn, unsigned int index)
{
    return ((uint64_t)table_mfn << PAGE_SHIFT) + index * sizeof(uint64_t);
}

/* Machine address of the sandbox L1's entry index. */
uint64_t sandbox_l1e(unsigned int index)
{
    return entry_maddr(sb.l1, index);
}

/* The VA the sandbox L1's entry index maps. */
unsigned long sandbox_va(unsigned int index)
{
    return SANDBOX_VA + index * PAGE_SIZE;
}

/* Reads one byte at va. */
uint8_t read_va(unsigned long va)
{
    return *(volatile uint8_t *)va;
}

/* Builds the sandbox as plain memory (its frames are unreferenced), then
 * hooks it into the bootstrap L4, which validates the chain.  Returns the
 * mmu_update result. */
int sandbox_create(void)
{
    sb.l3 = frame_new();
    sb.l2 = frame_new();
    sb.l1 = frame_new();
    sb.data[0] = frame_new_filled('A');
    sb.data[1] = frame_new_filled('B');
    frame_set_entry(sb.l3, 0, pte_make(sb.l2, PTE_TABLE));
    frame_set_entry(sb.l2, 0, pte_make(sb.l1, PTE_TABLE));
    frame_set_entry(sb.l1, 0, pte_make(sb.data[0], PTE_KERNEL_RO));
    return mmu1(entry_maddr(boot_l4, SANDBOX_SLOT), pte_make(sb.l3, PTE_TABLE));
}

/* Unhooks the sandbox, which devalidates the chain, and releases its
 * frames.  Returns 0 if every step worked and every frame came back as
 * plain memory, else the first failure. */
long sandbox_destroy(void)
{
    long rc = mmu1(entry_maddr(boot_l4, SANDBOX_SLOT), 0);
    unsigned long frames[] = { sb.l3, sb.l2, sb.l1, sb.data[0], sb.data[1] };

    flush_local();
    for (unsigned int i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
        long r = frame_release(frames[i]);

        if (rc == 0)
            rc = r;
    }
    return rc;
}
