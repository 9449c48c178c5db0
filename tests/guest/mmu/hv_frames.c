/*
 * The hypervisor's own frames (docs/hardening.md): its image, its page
 * tables, the M2P and the frame table must stay out of the guest's reach
 * through every path that takes a frame number, or the guest could rewrite
 * the hypervisor's code or page tables and own the machine.
 *
 * 1. Named frames the guest can find on pvx: the image's first page (the
 *    hypervisor is loaded at 1 MiB) and two of the hypervisor's page tables,
 *    the L3 tables behind L4 slot 257 (the direct map, itself a page of the
 *    image) and slot 258 (the GDT and LDT areas).  Each gets every frame_op:
 *    mapped read-only or writable by mmu_update (-EBUSY) or
 *    update_va_mapping (-EBUSY, the L1 validation error), pinned as an L1 or
 *    an L4, made the base pointer or a GDT frame, written into, given an
 *    M2P entry, cleared or copied from (-EINVAL).
 * 2. A sweep: every RAM frame below the end of RAM that is not ours (these
 *    include the M2P's and the frame table's frames, whose numbers the guest
 *    cannot know, and every free frame) refuses a read-only mapping through
 *    mmu_update and update_va_mapping, -EBUSY each; the end of RAM is where
 *    the answer turns to -EPERM (not RAM).  Some 100000 hypercalls: only
 *    with the guest argument "sweep" (boot case mmu-hv-sweep), which runs
 *    without the audit (that recomputes every frame after each one).
 *
 * Both parts run on pvx only: Xen's layout differs (its slot 258 is a
 * linear map of the guest's own L4, and dom0 may map I/O frames), and the
 * frames of Xen's that foreign.c names already run on both.
 */
#include <stdio.h>
#include "kernel/start.h"
#include "tests/guest/mmu/mmu_test.h"

#define HV_IMAGE_MFN        0x100   /* pvx is loaded at 1 MiB (hv/hv.ld) */
#define DIRECTMAP_L4_SLOT   257
#define GDT_AREA_L4_SLOT    258

/* Runs every frame_op on the hypervisor frame mfn and checks its error. */
static void refuse_all(const char *name, unsigned long mfn, unsigned long scratch)
{
    char what[112];

    for (int op = 0; op < NR_FRAME_OPS; op++) {
        long want = op == OP_MAP_RO || op == OP_MAP_RW || op == OP_UVA ? -XEN_EBUSY : -XEN_EINVAL;

        snprintf(what, sizeof(what), "%s: %s %ld", name, frame_op_name(op), want);
        test_check(what, frame_op(op, mfn, scratch), want);
    }
}

/* Tries to map every frame up to the end of RAM; counts the frames that
 * are not ours in *tried and returns how many were not refused with
 * -EBUSY by both mmu_update and update_va_mapping. */
static unsigned long sweep(unsigned long *tried)
{
    unsigned long shared_info_mfn = guest_start_info->shared_info >> PAGE_SHIFT, wrong = 0;

    *tried = 0;
    for (unsigned long mfn = 0;; mfn++) {
        long rc = frame_op(OP_MAP_RO, mfn, 0);

        if (rc == -XEN_EPERM)
            return wrong;       /* the end of RAM (and of the M2P) */
        if (mfn_is_ours(mfn) || mfn == shared_info_mfn)
            continue;
        ++*tried;
        wrong += rc != -XEN_EBUSY || frame_op(OP_UVA, mfn, 0) != -XEN_EBUSY;
    }
}

/* The hypervisor's frames, named and (with_sweep) swept. */
void test_hv_frames(int with_sweep)
{
    unsigned long scratch = frame_new(), tried, wrong;

    group("hv frames: the hypervisor's image, page tables, M2P and frame table");
    if (!test_on_pvx()) {
        test_skip("the hypervisor's own frames", "found through pvx's layout only");
        test_check("scratch frame reusable", frame_release(scratch), 0);
        return;
    }
    refuse_all("hv image (MFN 0x100)", HV_IMAGE_MFN, scratch);
    refuse_all("hv direct-map L3 (slot 257)", pte_mfn(frame_entry(boot_l4, DIRECTMAP_L4_SLOT)),
               scratch);
    refuse_all("hv GDT-area L3 (slot 258)", pte_mfn(frame_entry(boot_l4, GDT_AREA_L4_SLOT)),
               scratch);
    if (with_sweep) {
        wrong = sweep(&tried);
        printf("hv frames: %lu frames that are not ours, up to the end of RAM\n", tried);
        test_check("sweep: more frames not ours than the first MiB", tried > 256, 1);
        test_check("sweep: every one refused (-EBUSY) by mmu_update and update_va_mapping",
                   wrong, 0);
    } else {
        test_skip("sweep of every frame that is not ours", "only with the argument 'sweep'");
    }
    flush_local();
    test_check("entry left empty", frame_entry(sb.l1, 1), 0);
    test_check("still on the bootstrap tables", read_va(sandbox_va(0)), 'A');
    test_check("scratch frame reusable", frame_release(scratch), 0);
}
