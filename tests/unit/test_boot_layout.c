/*
 * The bootstrap region of a PV guest: boot_layout_compute and
 * boot_layout_count_tables (hv/domain/boot_layout.c), against pv-abi.md §5.2.
 *
 * The guest finds its P2M, start_info, page tables and stack by these
 * addresses, and maps the rest of its memory from what the page tables
 * cover, so every invariant of §5.2 is checked on each computed layout
 * (check_layout below):
 *   kernel <= p2m < start_info < pt < stack < v_end, in that order with no
 *   gaps but page rounding; every part page-aligned; v_end 4 MiB-aligned with
 *   at least 512 KiB of padding after the stack (and no more than the rule
 *   adds); enough page-table frames to map [v_start, v_end); the region fits
 *   in nr_pages.
 * Cases: the pvx kernel (exact addresses worked out by hand), a sweep of
 * kernel sizes across 4 MiB boundaries (where the page-table count feeds
 * back into v_end), a kernel at 0, regions that cross a 1 GiB or 512 GiB
 * boundary and so need more tables, a region too big for nr_pages, and
 * kernels so near the top of the address space that the region would wrap,
 * which must fail, not hang (an alarm turns a hang into a test failure).
 *
 */
#include <signal.h>
#include <unistd.h>

#include "unit.h"
#include "domain/boot_layout.h"

#define PAGE    4096UL
#define MiB     (1UL << 20)
#define GiB     (1UL << 30)
#define PVX_VB  0xffffffff80000000UL

static uint64_t round_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) / a * a;
}

/* Counts the L4, L3, L2 and L1 tables that map [start, end), by walking the
 * region 2 MiB at a time (a second opinion on boot_layout_count_tables). */
static uint64_t tables_by_walk(uint64_t start, uint64_t end)
{
    uint64_t n = 1, last_l3 = UINT64_MAX, last_l2 = UINT64_MAX;

    for (uint64_t va = start & ~(2 * MiB - 1); va < end; va += 2 * MiB) {
        if (va >> 39 != last_l3)
            n++;
        if (va >> 30 != last_l2)
            n++;
        n++;                            /* one L1 per 2 MiB */
        last_l3 = va >> 39;
        last_l2 = va >> 30;
        if (va + 2 * MiB < va)
            break;
    }
    return n;
}

/* Fails unless l is a valid region for a kernel [v_start, kend) in nr_pages. */
static void check_layout(const struct boot_layout *l, uint64_t v_start, uint64_t kend,
                         uint64_t nr_pages)
{
    uint64_t stack_end = l->stack + PAGE, r = round_up(stack_end, 4 * MiB);

    assert_int_equal(l->v_start, v_start);
    /* The order, and no gaps but page rounding. */
    assert_int_equal(l->p2m, round_up(kend, PAGE));
    assert_int_equal(l->start_info, l->p2m + round_up(nr_pages * 8, PAGE));
    assert_int_equal(l->pt, l->start_info + PAGE);
    assert_int_equal(l->stack, l->pt + l->nr_pt_frames * PAGE);
    assert_true(v_start <= kend && kend <= l->p2m);
    assert_true(l->p2m < l->start_info && l->start_info < l->pt && l->pt < l->stack);
    assert_true(l->stack < stack_end && stack_end <= l->v_end);
    /* Alignment. */
    assert_int_equal(l->p2m % PAGE, 0);
    assert_int_equal(l->start_info % PAGE, 0);
    assert_int_equal(l->pt % PAGE, 0);
    assert_int_equal(l->stack % PAGE, 0);
    assert_int_equal(l->v_end % (4 * MiB), 0);
    /* Padding: at least 512 KiB, and exactly what the rule gives. */
    assert_true(l->v_end - stack_end >= 512 * 1024);
    assert_int_equal(l->v_end, r - stack_end < 512 * 1024 ? r + 4 * MiB : r);
    /* Enough page-table frames, by both counts. */
    if (boot_layout_count_tables(v_start, l->v_end) > l->nr_pt_frames)
        fail_msg("%lu page-table frames for 0x%lx-0x%lx, which needs %lu", l->nr_pt_frames,
                 v_start, l->v_end, boot_layout_count_tables(v_start, l->v_end));
    assert_true(tables_by_walk(v_start, l->v_end) <= l->nr_pt_frames);
    /* The region fits. */
    assert_true((l->v_end - v_start) / PAGE <= nr_pages);
}

static sigjmp_buf hang_jmp;

static void on_alarm(int sig)
{
    (void)sig;
    siglongjmp(hang_jmp, 1);
}

/* boot_layout_compute, failing the test if it does not return in 5 s. */
static int compute(uint64_t v_start, uint64_t kend, uint64_t nr_pages, struct boot_layout *l)
{
    struct sigaction sa = { .sa_handler = on_alarm }, old;
    int rc;

    sigaction(SIGALRM, &sa, &old);
    if (sigsetjmp(hang_jmp, 1)) {
        sigaction(SIGALRM, &old, NULL);
        fail_msg("boot_layout_compute(0x%lx, 0x%lx, %lu) hangs", v_start, kend, nr_pages);
    }
    alarm(5);
    rc = boot_layout_compute(v_start, kend, nr_pages, l);
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    return rc;
}

static void count_tables(void **state)
{
    static const struct { uint64_t start, end, n; } cases[] = {
        { 0, PAGE, 4 },
        { 0, 2 * MiB, 4 },
        { 0, 2 * MiB + PAGE, 5 },
        { 2 * MiB - PAGE, 2 * MiB + PAGE, 5 },
        { GiB - PAGE, GiB + PAGE, 6 },                      /* 2 L2, 2 L1 */
        { 512 * GiB - PAGE, 512 * GiB + PAGE, 7 },          /* 2 L3, 2 L2, 2 L1 */
        { PVX_VB, PVX_VB + 20 * MiB, 13 },
        { 0, GiB, 1 + 1 + 1 + 512 },
        { 0xffffffffffe00000UL, 0xfffffffffffff000UL, 4 },
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t n = boot_layout_count_tables(cases[i].start, cases[i].end);

        if (n != cases[i].n || n != tables_by_walk(cases[i].start, cases[i].end))
            fail_msg("0x%lx-0x%lx: %lu tables, want %lu", cases[i].start, cases[i].end, n,
                     cases[i].n);
    }
}

/* The pvx kernel: linked at -2 GiB, about 16 MiB with BSS, 128 MiB of memory.
 * By hand: P2M 256 KiB, 13 table frames (L4, L3, L2, ten L1 for 20 MiB). */
static void pvx_kernel(void **state)
{
    uint64_t kend = PVX_VB + 0x1029120;
    struct boot_layout l;

    (void)state;
    assert_int_equal(compute(PVX_VB, kend, 32768, &l), 0);
    check_layout(&l, PVX_VB, kend, 32768);
    assert_int_equal(l.p2m, PVX_VB + 0x102a000);
    assert_int_equal(l.start_info, PVX_VB + 0x106a000);
    assert_int_equal(l.pt, PVX_VB + 0x106b000);
    assert_int_equal(l.nr_pt_frames, 13);
    assert_int_equal(l.stack, PVX_VB + 0x1078000);
    assert_int_equal(l.v_end, PVX_VB + 20 * MiB);
}

/* 20 MiB is 5120 pages: that is the least memory the pvx kernel fits in. */
static void does_not_fit(void **state)
{
    uint64_t kend = PVX_VB + 0x1029120;
    struct boot_layout l;

    (void)state;
    assert_int_equal(compute(PVX_VB, kend, 5120, &l), 0);
    check_layout(&l, PVX_VB, kend, 5120);
    assert_int_equal(compute(PVX_VB, kend, 5119, &l), -1);
    assert_int_equal(compute(PVX_VB, kend, 4096, &l), -1);
    assert_int_equal(compute(PVX_VB, kend, 1, &l), -1);
    assert_int_equal(compute(0, 0x1000, 1023, &l), -1);
}

static void kernel_at_zero(void **state)
{
    struct boot_layout l;

    (void)state;
    assert_int_equal(compute(0, 0x3000, 32768, &l), 0);
    check_layout(&l, 0, 0x3000, 32768);
    assert_int_equal(l.p2m, 0x3000);
    assert_int_equal(l.nr_pt_frames, 5);       /* L4, L3, L2, 2 L1 for 4 MiB */
    assert_int_equal(l.v_end, 4 * MiB);
    /* An empty kernel. */
    assert_int_equal(compute(0, 0, 1024, &l), 0);
    check_layout(&l, 0, 0, 1024);
}

/* Every kernel size up to 16 MiB, page by page, at several bases and memory
 * sizes: the page-table frames push the stack across 4 MiB boundaries. */
static void sweep_kernel_sizes(void **state)
{
    static const uint64_t bases[] = { 0, PVX_VB, 0x400000, GiB - 6 * MiB, 512 * GiB - 6 * MiB,
                                      0xffff880000000000UL };
    static const uint64_t pages[] = { 1024, 32768, 1UL << 20 };
    struct boot_layout l;

    (void)state;
    for (unsigned b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
        for (unsigned p = 0; p < sizeof(pages) / sizeof(pages[0]); p++)
            for (uint64_t size = 0; size <= 16 * MiB; size += PAGE) {
                uint64_t kend = bases[b] + size;
                int rc = compute(bases[b], kend, pages[p], &l);

                if (rc == 0)
                    check_layout(&l, bases[b], kend, pages[p]);
                else if (pages[p] * PAGE >= size + pages[p] * 8 + 5 * MiB + 64 * PAGE)
                    fail_msg("kernel 0x%lx-0x%lx in %lu pages rejected", bases[b], kend, pages[p]);
            }
}

/* Lots of memory: the P2M alone is 8 MiB, then 128 MiB. */
static void big_p2m(void **state)
{
    struct boot_layout l;

    (void)state;
    assert_int_equal(compute(PVX_VB, PVX_VB + 0x1029120, 1UL << 20, &l), 0);
    check_layout(&l, PVX_VB, PVX_VB + 0x1029120, 1UL << 20);
    assert_int_equal(l.start_info - l.p2m, 8 * MiB);
    assert_int_equal(compute(0x400000, 0x800000, 1UL << 24, &l), 0);
    check_layout(&l, 0x400000, 0x800000, 1UL << 24);
    assert_int_equal(l.start_info - l.p2m, 128 * MiB);
}

/* The same kernel 2 MiB below a 1 GiB boundary, and 2 MiB above 0 (the same
 * offset within 4 MiB): the first needs one more L2 table. */
static void crossing_1g(void **state)
{
    uint64_t a = GiB - 2 * MiB, b = 2 * MiB, size = 3 * MiB;
    struct boot_layout la, lb;

    (void)state;
    assert_int_equal(compute(a, a + size, 32768, &la), 0);
    assert_int_equal(compute(b, b + size, 32768, &lb), 0);
    check_layout(&la, a, a + size, 32768);
    check_layout(&lb, b, b + size, 32768);
    assert_int_equal(la.v_end - a, lb.v_end - b);
    assert_true(la.v_end > GiB);
    assert_int_equal(boot_layout_count_tables(a, la.v_end), boot_layout_count_tables(b, lb.v_end) + 1);
    assert_int_equal(la.nr_pt_frames, lb.nr_pt_frames + 1);
}

/* Across a 512 GiB boundary: one more L3 and one more L2. */
static void crossing_512g(void **state)
{
    uint64_t a = 512 * GiB - 2 * MiB, b = 2 * MiB, size = 3 * MiB;
    struct boot_layout la, lb;

    (void)state;
    assert_int_equal(compute(a, a + size, 32768, &la), 0);
    assert_int_equal(compute(b, b + size, 32768, &lb), 0);
    check_layout(&la, a, a + size, 32768);
    check_layout(&lb, b, b + size, 32768);
    assert_int_equal(la.v_end - a, lb.v_end - b);
    assert_int_equal(boot_layout_count_tables(a, la.v_end), boot_layout_count_tables(b, lb.v_end) + 2);
    assert_int_equal(la.nr_pt_frames, lb.nr_pt_frames + 2);
    /* In the upper half too: the -512 GiB boundary. */
    a = 0xffffff8000000000UL - 2 * MiB;
    assert_int_equal(compute(a, a + size, 32768, &la), 0);
    check_layout(&la, a, a + size, 32768);
    assert_int_equal(la.nr_pt_frames, lb.nr_pt_frames + 2);
}

/* A kernel near the top of the address space: the region would wrap past
 * 2^64, so it must be refused, and promptly. */
static void wraps_at_top(void **state)
{
    static const struct { uint64_t v_start, kend, nr_pages; } cases[] = {
        { 0xffffffffffc00000UL, 0xffffffffffd00000UL, 32768 },     /* v_end would be 2^64 + 4M */
        { 0xfffffffffff00000UL, 0xfffffffffff80000UL, 32768 },     /* stack end rounds to 2^64 */
        { 0xffffffffff000000UL, 0xffffffffff800000UL, 1UL << 22 },  /* the P2M wraps */
        { 0xfffffffffffff000UL, 0xffffffffffffff00UL, 1024 },      /* p2m rounds to 0 */
        { 0xffffffffffe00000UL, 0xffffffffffff0000UL, 1UL << 20 }, /* start_info wraps */
        { 0xffffffffffc00000UL, 0xffffffffffd00000UL, UINT64_MAX >> 12 },
        { 0xffffffffffc00000UL, 0xffffffffffd00000UL, UINT64_MAX },
    };
    struct boot_layout l;

    (void)state;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = compute(cases[i].v_start, cases[i].kend, cases[i].nr_pages, &l);

        if (rc >= 0)
            fail_msg("kernel 0x%lx-0x%lx, %lu pages: rc %d, region 0x%lx-0x%lx", cases[i].v_start,
                     cases[i].kend, cases[i].nr_pages, rc, l.v_start, l.v_end);
    }
    /* A region ending at 2^64 - 4 MiB, the highest 4 MiB-aligned end, is fine. */
    assert_int_equal(compute(0xffffffffff800000UL, 0xffffffffff900000UL, 32768, &l), 0);
    check_layout(&l, 0xffffffffff800000UL, 0xffffffffff900000UL, 32768);
    assert_int_equal(l.v_end, 0xffffffffffc00000UL);
}

/*
 * A kernel that ends at the top of the lower half (here
 * 0x7fffffe00000-0x800000000000, which guest_image_check accepts) would get
 * a region that runs on into non-canonical addresses: P2M, start_info, page
 * tables and stack at 0x8000000xxxxx, in L4 slot 256, which belongs to the
 * hypervisor.  The guest would start with rsi and rsp non-canonical.  Like
 * the wrap at 2^64 it must be refused, as leaving the address space.
 */
static void region_runs_into_non_canonical(void **state)
{
    uint64_t v_start = 0x00007fffffe00000UL, kend = 0x0000800000000000UL;
    struct boot_layout l;

    (void)state;
    assert_int_equal(compute(v_start, kend, 32768, &l), LAYOUT_NO_SPACE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(count_tables),
        cmocka_unit_test(pvx_kernel),
        cmocka_unit_test(does_not_fit),
        cmocka_unit_test(kernel_at_zero),
        cmocka_unit_test(sweep_kernel_sizes),
        cmocka_unit_test(big_p2m),
        cmocka_unit_test(crossing_1g),
        cmocka_unit_test(crossing_512g),
        cmocka_unit_test(wraps_at_top),
        cmocka_unit_test(region_runs_into_non_canonical),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
