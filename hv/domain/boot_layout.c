/* Computing the bootstrap region (picture in domain/boot_layout.h). */
#include "domain/boot_layout.h"
#include "abi/layout.h"

#define PAGE        4096UL
#define ALIGN_4M    (4UL << 20)
#define MIN_PAD     (512UL << 10)
#define MAX_GUEST_PAGES (1UL << 40)     /* 4 PiB: keeps nr_pages * 8 from overflowing */

/* Returns x rounded up to a multiple of a (a power of two). */
static uint64_t round_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}

/* Returns the number of distinct blocks of 2^shift bytes that [start, end) touches. */
static uint64_t blocks(uint64_t start, uint64_t end, int shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

/* Returns 1 if [start, end) lies in one canonical half and outside the
 * hypervisor's range. */
static int in_guest_space(uint64_t start, uint64_t end)
{
    if (end <= start)
        return 0;
    if (end <= (1UL << 47))
        return 1;
    return start >= HYPERVISOR_VIRT_END;
}

/* Returns the page-table frames needed to map [start, end) with 4 KiB pages. */
uint64_t boot_layout_count_tables(uint64_t start, uint64_t end)
{
    return 1 + blocks(start, end, 39) + blocks(start, end, 30) + blocks(start, end, 21);
}

/* Places the P2M, start_info, page tables and stack after the kernel; the
 * page-table count depends on v_end and v_end on the count, so it iterates
 * until the count fits. */
int boot_layout_compute(uint64_t v_start, uint64_t kend, uint64_t nr_pages, struct boot_layout *l)
{
    uint64_t nr_pt = 1;

    if (nr_pages > MAX_GUEST_PAGES)
        return LAYOUT_NO_MEMORY;
    l->v_start = v_start;
    l->p2m = round_up(kend, PAGE);
    l->start_info = l->p2m + round_up(nr_pages * 8, PAGE);
    l->pt = l->start_info + PAGE;
    for (;;) {
        uint64_t end;

        if (nr_pt > nr_pages)
            return LAYOUT_NO_MEMORY;
        l->stack = l->pt + nr_pt * PAGE;
        end = l->stack + PAGE;
        l->v_end = round_up(end, ALIGN_4M);
        if (l->v_end - end < MIN_PAD)
            l->v_end += ALIGN_4M;
        if (!in_guest_space(v_start, l->v_end))
            return LAYOUT_NO_SPACE;
        if (boot_layout_count_tables(v_start, l->v_end) <= nr_pt)
            break;
        nr_pt = boot_layout_count_tables(v_start, l->v_end);
    }
    l->nr_pt_frames = nr_pt;
    if ((l->v_end - v_start) / PAGE > nr_pages)
        return LAYOUT_NO_MEMORY;
    return 0;
}
