/*
 * set_gdt (2) and update_descriptor (10), pv-abi.md §3.6.
 *
 * set_gdt takes up to 14 guest frames.  Each must be the guest's and
 * typeable as a descriptor page: no writable mapping anywhere, and all 512
 * descriptors acceptable (domain/descriptor.h).  They are then mapped as
 * pages 0-13 of the hypervisor's GDT area (arch/gdt.c), next to its own
 * reserved page 14, and the old frames' references are dropped.  Any
 * failure leaves the old GDT in place.
 *
 * update_descriptor writes one checked descriptor into a guest frame that
 * is a descriptor page or can be typed writable.
 */
#include "hypercall/hypercall.h"
#include "domain/descriptor.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "arch/gdt.h"
#include "mm/directmap.h"
#include "mm/guest_access.h"
#include "mm/page_type.h"
#include "abi/trap.h"

/* Drops the references the first n frames of list hold. */
static void put_frames(const uint64_t *list, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        frame_put_type(list[i]);
        frame_put(list[i]);
    }
}

/* set_gdt(frame_list, entries): 0, -EINVAL or -EFAULT. */
long do_set_gdt(uint64_t frame_list, uint64_t entries, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t frames[NR_GDT_FRAMES];
    unsigned n = ((unsigned)entries + 511) / 512, i;

    (void)a3, (void)a4, (void)a5;
    if ((uint32_t)entries > FIRST_RESERVED_GDT_ENTRY)
        return -XEN_EINVAL;
    if (copy_from_guest(frames, frame_list, n * sizeof(uint64_t)))
        return -XEN_EFAULT;
    for (i = 0; i < n; i++) {
        if (frame_get(frames[i]) < 0)
            break;
        if (frame_get_type(frames[i], FT_SEG_DESC) < 0) {
            frame_put(frames[i]);
            break;
        }
    }
    if (i < n) {
        put_frames(frames, i);
        return -XEN_EINVAL;
    }
    put_frames(vcpu0.gdt_frames, (vcpu0.gdt_ents + 511) / 512);
    for (i = 0; i < NR_GDT_FRAMES; i++) {
        vcpu0.gdt_frames[i] = i < n ? frames[i] : 0;
        gdt_map_page(i, i < n ? frames[i] << 12 : gdt_empty_page());
    }
    vcpu0.gdt_ents = (unsigned)entries;
    return 0;
}

/* update_descriptor(ma, desc): 0 or -EINVAL. */
long do_update_descriptor(uint64_t ma, uint64_t desc, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t mfn = ma >> 12;
    const struct frame *f;

    (void)a3, (void)a4, (void)a5;
    if ((ma & 7) || mfn >= frame_limit || frame_of(mfn)->owner != dom0.id || !descriptor_check(&desc))
        return -XEN_EINVAL;
    f = frame_of(mfn);
    if (f->type == FT_SEG_DESC && f->type_count) {
        *(volatile uint64_t *)maddr_to_virt(ma) = desc;
        return 0;
    }
    if (frame_get_type(mfn, FT_WRITABLE) < 0)
        return -XEN_EINVAL;
    *(volatile uint64_t *)maddr_to_virt(ma) = desc;
    frame_put_type(mfn);
    return 0;
}
