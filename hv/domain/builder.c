/*
 * Building domain 0 (pv-abi.md §5, layout in domain/boot_layout.h):
 *
 *   1. check the ELF image and its notes (elf_image.c, elf_notes.c)
 *   2. lay out the bootstrap region and check it fits in the guest's memory
 *   3. take nr_pages machine frames, zero them, and record the P2M (in the
 *      guest's P2M list) and the M2P
 *   4. load the segments, fill the hypercall page and start_info, set up
 *      shared_info, build the bootstrap page tables
 *   5. the vCPU starts at ENTRY in ring 3 with rsi = start_info, rsp = the
 *      top of the bootstrap stack, and events masked
 */
#include "domain/builder.h"
#include "domain/domain.h"
#include "domain/guest_image.h"
#include "domain/vcpu.h"
#include "boot/boot_info.h"
#include "mm/directmap.h"
#include "mm/frame.h"
#include "mm/m2p.h"
#include "mm/page_type.h"
#include "mm/pte_table.h"
#include "arch/x86.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "abi/layout.h"
#include "abi/start_info.h"
#include "trace/trace.h"

#define MAX_P2M_PAGES 2048      /* a P2M of 2048 pages lists 4 GiB of guest memory */

struct domain dom0 = { .id = 0, .shutdown_code = -1 };

static struct boot_layout layout;
static uint64_t p2m_page_mfn[MAX_P2M_PAGES];    /* frames of the guest's P2M list */

/* Returns the MFN of guest frame pfn, read from the guest's P2M list. */
static uint64_t pfn_to_mfn(uint64_t pfn)
{
    uint64_t *page = mfn_to_virt(p2m_page_mfn[pfn / 512]);

    return page[pfn % 512];
}

/* Returns the hypervisor's pointer to guest virtual address va of the region. */
static uint8_t *region_ptr(uint64_t va)
{
    return (uint8_t *)mfn_to_virt(pfn_to_mfn((va - layout.v_start) >> PAGE_SHIFT)) + (va & 4095);
}

/* Copies (or, with src NULL, zeroes) n bytes at region address va; returns
 * 0, or -1 if the range leaves the region. */
static int write_region(void *ctx, uint64_t va, const void *src, uint64_t n)
{
    (void)ctx;
    if (va < layout.v_start || va > layout.v_end || n > layout.v_end - va)
        return -1;
    while (n) {
        uint64_t chunk = PAGE_SIZE - (va & 4095);

        if (chunk > n)
            chunk = n;
        if (src) {
            memcpy(region_ptr(va), src, chunk);
            src = (const uint8_t *)src + chunk;
        } else {
            memset(region_ptr(va), 0, chunk);
        }
        va += chunk;
        n -= chunk;
    }
    return 0;
}

/* Gives the domain nr_pages zeroed frames and records the P2M and M2P.  The
 * P2M list's own frames are taken first, so each entry can be written as its
 * frame is allocated.  Returns 0, or -1 if machine memory runs out. */
static int populate_memory(uint64_t nr_pages)
{
    uint64_t p2m_pfn = (layout.p2m - layout.v_start) >> PAGE_SHIFT;
    uint64_t p2m_pages = (nr_pages * 8 + 4095) >> PAGE_SHIFT;

    for (uint64_t i = 0; i < p2m_pages; i++) {
        if (!(p2m_page_mfn[i] = frame_alloc(dom0.id)))
            return -1;
        memset(mfn_to_virt(p2m_page_mfn[i]), 0, PAGE_SIZE);
    }
    for (uint64_t pfn = 0; pfn < nr_pages; pfn++) {
        uint64_t mfn;

        if (pfn >= p2m_pfn && pfn < p2m_pfn + p2m_pages) {
            mfn = p2m_page_mfn[pfn - p2m_pfn];
        } else {
            if (!(mfn = frame_alloc(dom0.id)))
                return -1;
            memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        }
        m2p_set(mfn, pfn);
        ((uint64_t *)mfn_to_virt(p2m_page_mfn[pfn / 512]))[pfn % 512] = mfn;
    }
    return 0;
}

/* Fills start_info for the initial domain. */
static void fill_start_info(const struct boot_info *bi, uint64_t nr_pages)
{
    struct start_info *si = (struct start_info *)region_ptr(layout.start_info);
    size_t n = strnlen(bi->module_cmdline, GUEST_CMDLINE_SIZE - 1);

    memcpy(si->magic, START_INFO_MAGIC, sizeof(START_INFO_MAGIC));
    si->nr_pages = nr_pages;
    si->shared_info = dom0.shared_info_mfn << PAGE_SHIFT;
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si->pt_base = layout.pt;
    si->nr_pt_frames = layout.nr_pt_frames;
    si->mfn_list = layout.p2m;
    memcpy(si->cmd_line, bi->module_cmdline, n);
    si->cmd_line[n] = '\0';
}

/* Allocates and initialises shared_info: every vCPU starts with events
 * masked.  The page is the domain's but not in its P2M, and the hypervisor
 * holds a general and a writable type reference on it for good (it writes
 * the page itself), so it can never become a page table or GDT page.
 * Returns 0 or -1. */
static int setup_shared_info(void)
{
    if (!(dom0.shared_info_mfn = frame_alloc(dom0.id)))
        return -1;
    frame_get(dom0.shared_info_mfn);
    frame_get_type(dom0.shared_info_mfn, FT_WRITABLE);
    dom0.shared_info = mfn_to_virt(dom0.shared_info_mfn);
    memset(dom0.shared_info, 0, PAGE_SIZE);
    for (int i = 0; i < LEGACY_MAX_VCPUS; i++)
        dom0.shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    vcpu0_upcall = &dom0.shared_info->vcpu_info[0];
    return 0;
}

/* Checks that the guest's hypercall page, if it asked for one, is a page of
 * the region; returns 0 or -1 with err. */
static int check_hypercall_page(const struct guest_image *img, char *err, size_t errlen)
{
    if (!img->has_hypercall_page)
        return 0;
    if ((img->hypercall_page & 4095) || img->hypercall_page < layout.v_start ||
        img->hypercall_page >= layout.v_end) {
        snprintf(err, errlen, "HYPERCALL_PAGE 0x%lx is not a page inside the bootstrap region "
                 "0x%lx-0x%lx", img->hypercall_page, layout.v_start, layout.v_end);
        return -1;
    }
    return 0;
}

/* Writes the bootstrap page tables and references their L4 twice, as the
 * kernel base and as a pin, which validates the tree; returns 0 or -1. */
static int install_pagetables(void)
{
    uint64_t l4 = boot_pagetables_build(&layout, pfn_to_mfn);

    for (int ref = 0; ref < 2; ref++)
        if (frame_get(l4) < 0 || frame_get_type(l4, FT_L4) < 0)
            return -1;
    frame_of(l4)->flags |= FRAME_PINNED;
    pt_install_m2p_slot(mfn_to_virt(l4));
    dom0.l4_mfn = l4;
    if (trace_on(TRACE_PIN))
        TRACE_CALL2(trace_pin, TO_PIN_BOOT, l4);
    return 0;
}

/* Sets the vCPU's registers for the first entry (pv-abi.md §5.4). */
static void init_regs(const struct guest_image *img, struct cpu_regs *regs)
{
    memset(regs, 0, sizeof(*regs));
    regs->rip = img->entry;
    regs->rsp = layout.stack + PAGE_SIZE;
    regs->rsi = layout.start_info;
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    regs->rflags = RFLAGS_IF | 2;
}

/* Builds domain 0; returns 0 or -1 with a one-line reason in err. */
int domain_build(const struct boot_info *bi, uint64_t nr_pages, struct cpu_regs *regs,
                 char *err, size_t errlen)
{
    static struct guest_image img;
    uint64_t size = bi->module_end - bi->module_start;
    int rc;

    if (guest_image_check(maddr_to_virt(bi->module_start), size, &img, err, errlen) < 0)
        return -1;
    rc = boot_layout_compute(img.virt_base, img.kend, nr_pages, &layout);
    if (rc == LAYOUT_NO_SPACE) {
        snprintf(err, errlen, "the bootstrap region after the kernel at 0x%lx-0x%lx would "
                 "leave the guest's address space", img.kstart, img.kend);
        return -1;
    }
    if (rc < 0 || nr_pages > MAX_P2M_PAGES * 512) {
        snprintf(err, errlen, "the kernel (%lu KiB) and its bootstrap region do not fit in "
                 "%lu KiB of guest memory (mem=)", (img.kend - img.kstart) >> 10, nr_pages * 4);
        return -1;
    }
    if (check_hypercall_page(&img, err, errlen) < 0)
        return -1;
    if (nr_pages + 1 > frame_free_count()) {
        snprintf(err, errlen, "mem= asks for %lu KiB for the guest, but only %lu KiB of machine "
                 "memory is free", nr_pages * 4, frame_free_count() * 4);
        return -1;
    }
    if (populate_memory(nr_pages) < 0 || setup_shared_info() < 0) {
        snprintf(err, errlen, "out of machine memory while building the guest");
        return -1;
    }
    if (guest_image_load(&img, write_region, NULL) < 0) {
        snprintf(err, errlen, "a segment lies outside the bootstrap region");
        return -1;
    }
    if (img.has_hypercall_page)
        hypercall_page_fill(region_ptr(img.hypercall_page));
    fill_start_info(bi, nr_pages);
    dom0.nr_pages = nr_pages;
    if (install_pagetables() < 0) {
        snprintf(err, errlen, "the bootstrap page tables do not validate (a pvx bug)");
        return -1;
    }
    init_regs(&img, regs);
    log_info("pvx: domain 0: %lu MiB, kernel 0x%lx-0x%lx, entry 0x%lx\n",
             nr_pages >> 8, img.kstart, img.kend, img.entry);
    log_debug("pvx: region 0x%lx-0x%lx: p2m 0x%lx start_info 0x%lx pt 0x%lx (%lu frames) "
              "stack 0x%lx\n", layout.v_start, layout.v_end, layout.p2m, layout.start_info,
              layout.pt, layout.nr_pt_frames, layout.stack);
    return 0;
}
