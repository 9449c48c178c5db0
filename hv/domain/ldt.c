/*
 * The guest's LDT (MMUEXT_SET_LDT, pv-abi.md §3.2, §3.6).  Its pages are
 * guest frames that must be typeable as descriptor pages (no writable
 * mapping, every descriptor acceptable: domain/descriptor.h).  They are
 * mapped into the hypervisor's LDT area, next to the GDT area, and LDTR is
 * loaded with the hypervisor's LDT descriptor (selector 0xe050).
 *
 * Intentional difference: Xen maps LDT pages lazily, at the first fault
 * that needs them; pvx takes them when MMUEXT_SET_LDT runs, so the pages
 * must already be mapped (read-only) at base, else -EINVAL.
 */
#include "domain/ldt.h"
#include "domain/domain.h"
#include "arch/gdt.h"
#include "mm/directmap.h"
#include "mm/guest_access.h"
#include "mm/guest_walk.h"
#include "mm/hv_pagetable.h"
#include "mm/page_type.h"
#include "mm/pte_rules.h"
#include "abi/errno.h"

#define LDT_PAGES 16

static uint64_t ldt_frames[LDT_PAGES];
static unsigned ldt_pages;

/* Returns the MFN that guest address va maps in the current tables, or 0. */
static uint64_t guest_mfn_of(uint64_t va)
{
    uint64_t *e = guest_l1_entry(va);

    return e && (*e & PTE_P) ? pte_mfn(*e) : 0;
}

/* Drops the descriptor-page references of the current LDT's frames. */
static void put_ldt_frames(void)
{
    for (unsigned i = 0; i < ldt_pages; i++) {
        frame_put_type(ldt_frames[i]);
        frame_put(ldt_frames[i]);
    }
    ldt_pages = 0;
}

/* Installs a new LDT (see the top of the file).  Never inlined: inside
 * mmuext_op's dispatch it would make every op save more registers. */
__attribute__((noinline)) long ldt_set(uint64_t base, uint32_t ents)
{
    uint64_t frames[LDT_PAGES];
    unsigned n = (ents * 8 + 4095) / 4096, i;

    if (ents > LDT_MAX_ENTRIES || (ents && ((base & 4095) || !guest_range_ok(base, n * 4096UL))))
        return -XEN_EINVAL;
    for (i = 0; i < n; i++) {
        frames[i] = guest_mfn_of(base + i * 4096UL);
        if (!frames[i] || frame_get(frames[i]) < 0)
            break;
        if (frame_get_type(frames[i], FT_SEG_DESC) < 0) {
            frame_put(frames[i]);
            break;
        }
    }
    if (i < n) {
        while (i-- > 0) {
            frame_put_type(frames[i]);
            frame_put(frames[i]);
        }
        return -XEN_EINVAL;
    }
    put_ldt_frames();
    for (i = 0; i < LDT_PAGES; i++)
        ldt_map_page(i, i < n ? frames[i] << 12 : gdt_empty_page());
    for (i = 0; i < n; i++)
        ldt_frames[i] = frames[i];
    ldt_pages = n;
    dom0.ldt_base = ents ? base : 0;
    dom0.ldt_ents = ents;
    ldt_load(ents);
    return 0;
}

/* Returns the i-th frame of the current LDT, for the audit (0 past the end). */
uint64_t ldt_frame(unsigned i)
{
    return i < ldt_pages ? ldt_frames[i] : 0;
}
