/*
 * Frames that are not ours (pv-abi.md §3.1, §3.2, §8.2): the hypervisor's,
 * nobody's, and a frame that is ours without being in the P2M.
 *
 * Ownership, not the P2M, decides what a guest may touch: shared_info is
 * not in our P2M but is ours to map, while a frame of the hypervisor's (the
 * L3 table behind the M2P slot) or of nobody's must stay out of reach for
 * every operation that takes a frame number: mapping it (read-only or
 * writable), pinning it, writing into it, re-pointing its M2P entry,
 * clearing it, copying from it.  A hypervisor that checks only "is this
 * MFN in range" would hand the guest its own page tables here.
 *
 * Each frame gets the same seven operations (the first seven of frame_op;
 * hv_frames.c runs all of them on the hypervisor's own frames); the table
 * holds what Xen 4.17 returns for each.  Dom0 has I/O rights over non-RAM frames, so mapping a
 * frame beyond RAM, or MFN 1 (Xen gives the first MiB to DOMID_IO), is
 * allowed on Xen; those entries are cleared at once.
 *
 * Intentionally different on pvx: pvx gives its guest no I/O memory (it has
 * no devices to pass through).  The first MiB is the hypervisor's, so MFN 1
 * maps like any hypervisor frame (-EBUSY), and a frame beyond RAM is not
 * RAM the guest may map (-EPERM).
 */
#include <stdio.h>
#include "abi/shared_info.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/start.h"
#include "tests/guest/mmu/mmu_test.h"

#define NO_RAM_MFN      0x4000000UL     /* 256 GiB: far above any RAM we run with */
#define OUT_OF_RANGE    (1UL << 36)     /* past any physical address width */

static const char *const op_name[NR_FRAME_OPS] = {
    "map read-only", "map writable", "pin L1", "mmu_update into it",
    "MACHPHYS_UPDATE", "CLEAR_PAGE", "COPY_PAGE from it",
    "update_va_mapping read-only", "pin L4", "NEW_BASEPTR", "set_gdt",
};

struct other_frame {
    const char *name;
    unsigned long mfn;
    long want[NR_FRAME_OPS];
};

/* See mmu_test.h. */
const char *frame_op_name(int op)
{
    return op_name[op];
}

/* See mmu_test.h. */
long frame_op(int op, unsigned long mfn, unsigned long scratch)
{
    unsigned long gdt[1] = { mfn };
    long rc;

    switch (op) {
    case OP_MAP_RO:
    case OP_MAP_RW:
        rc = mmu1(sandbox_l1e(1), pte_make(mfn, op == OP_MAP_RW ? PTE_KERNEL_RW : PTE_KERNEL_RO));
        if (rc == 0)
            mmu1(sandbox_l1e(1), 0);
        return rc;
    case OP_UVA:
        rc = hypercall_update_va_mapping(sandbox_va(1), pte_make(mfn, PTE_KERNEL_RO), UVMF_INVLPG);
        if (rc == 0)
            hypercall_update_va_mapping(sandbox_va(1), 0, UVMF_INVLPG);
        return rc;
    case OP_PIN:
    case OP_PIN_L4:
        rc = pin(op == OP_PIN ? 1 : 4, mfn);
        if (rc == 0)
            unpin(mfn);
        return rc;
    case OP_BASEPTR:
        rc = mmuext1(MMUEXT_NEW_BASEPTR, mfn, 0);
        if (rc == 0)
            mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0);
        return rc;
    case OP_SET_GDT:
        rc = hypercall_set_gdt(gdt, 512);
        if (rc == 0)
            hypercall_set_gdt(gdt, 0);
        return rc;
    case OP_WRITE:
        return mmu1(entry_maddr(mfn, PT_ENTRIES - 1), 0);
    case OP_MACHPHYS:
        return mmu1_cmd((uint64_t)mfn << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 7);
    case OP_CLEAR:
        return mmuext1(MMUEXT_CLEAR_PAGE, mfn, 0);
    default:
        return mmuext1(MMUEXT_COPY_PAGE, scratch, mfn);
    }
}

/* The shared_info page: ours, though not in the P2M. */
static void shared_info_is_ours(void)
{
    unsigned long mfn = guest_start_info->shared_info >> PAGE_SHIFT;
    const volatile struct shared_info *shared = (const void *)sandbox_va(1);

    test_check("shared_info is not in the P2M", mfn > p2m_max_mfn() || !mfn_is_ours(mfn), 1);
    test_check("shared_info: map it writable", mmu1(sandbox_l1e(1), pte_make(mfn, PTE_KERNEL_RW)),
               0);
    flush_local();
    test_check("shared_info: vCPU 0's events are still masked",
               shared->vcpu_info[0].evtchn_upcall_mask, 1);
    test_check("shared_info: unmap it", mmu1(sandbox_l1e(1), 0), 0);
    flush_local();
}

/* Every operation on every kind of frame that is not ours. */
void test_foreign(void)
{
    unsigned long scratch = frame_new();
    struct other_frame frames[] = {
        { "free or hypervisor frame below ours", foreign_mfn,
          { -XEN_EBUSY, -XEN_EBUSY, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL,
            -XEN_EINVAL } },
        { "hypervisor's M2P L3 table", pte_mfn(frame_entry(boot_l4, FIRST_HV_L4_SLOT)),
          { -XEN_EBUSY, -XEN_EBUSY, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL,
            -XEN_EINVAL } },
        { "MFN 1 (first MiB)", 1,
          { 0, 0, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL } },
        { "MFN 0x4000000 (no RAM)", NO_RAM_MFN,
          { 0, 0, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL } },
        { "MFN 2^36 (no such address)", OUT_OF_RANGE,
          { -XEN_EPERM, -XEN_EPERM, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL, -XEN_EINVAL,
            -XEN_EINVAL } },
    };
    char what[96];

    if (test_on_pvx()) {
        for (int op = OP_MAP_RO; op <= OP_MAP_RW; op++) {
            frames[2].want[op] = -XEN_EBUSY;    /* MFN 1: the hypervisor's */
            frames[3].want[op] = -XEN_EPERM;    /* beyond RAM: no I/O memory */
        }
    }
    group("foreign: frames that are not ours");
    for (unsigned int f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
        for (int op = 0; op < OP_UVA; op++) {
            long want = frames[f].want[op];

            snprintf(what, sizeof(what), "%s: %s %ld", frames[f].name, op_name[op], want);
            test_check(what, frame_op(op, frames[f].mfn, scratch), want);
        }
    }
    flush_local();
    test_check("entry left empty", frame_entry(sb.l1, 1), 0);
    shared_info_is_ours();
    test_check("scratch frame reusable", frame_release(scratch), 0);
}
