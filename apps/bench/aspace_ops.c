/*
 * Address spaces (guest/mm/aspace.h):
 *
 *   fork_<strategy>_<n>m   aspace_fork of a parent (the current address space)
 *                          with n MiB of writable mappings, n = 1, 4, 16, 64,
 *                          256, per strategy: per_pte, mmu_update, multicall,
 *                          late_pin.  It includes write-protecting the
 *                          parent's n MiB (checked updates of live entries in
 *                          every strategy) and building the child's tables.
 *                          The parent maps the same 256 frames over and over,
 *                          so n MiB of mappings need page tables, not n MiB of
 *                          memory (256 MiB of mappings in a 128 MiB guest).
 *   destroy_<n>m           aspace_destroy of such a child: early unpin, then
 *                          the tree taken apart as plain memory
 *   cow_fault_copy         a write to a page still shared after a fork: #PF,
 *                          COPY_PAGE, then update_va_mapping,
 *                          return through HYPERVISOR_iret
 *   cow_fault_reuse        the same write on the other side afterwards (the
 *                          frame is no longer shared: remapped writable)
 *   ctxsw_<pinned|unpinned>_<k>k
 *                          lmbench-style context switch: a round trip between
 *                          two address spaces, each touching k KiB (one read
 *                          per 64-byte line) after each switch, reported net
 *                          of the touching (timed alone and subtracted, as
 *                          lat_ctx does: under icount what remains is the
 *                          switch, since a TLB refill costs no instructions;
 *                          the wall-time table shows the refills); pinned
 *                          L4s, or unpinned ones that are validated at every
 *                          switch to them and devalidated at every switch away
 */
#include <stdio.h>
#include "apps/bench/bench.h"
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/mmu_batch.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"

#define FORK_VA         0x40000000UL    /* 1 GiB: L4 0, L3 1 */
#define SHARED_FRAMES   256             /* 1 MiB of frames, mapped repeatedly */
#define COW_PAGES       64
#define CTXSW_ROUNDS    500
#define CTXSW_MAX_KIB   64

static const char *const strategy_names[ASPACE_NR_STRATEGIES] = {
    "per_pte", "mmu_update", "multicall", "late_pin",
};

static unsigned long shared_frames[SHARED_FRAMES];

/* Takes the frames every parent maps, and holds them. */
static void take_shared_frames(void)
{
    for (int i = 0; i < SHARED_FRAMES; i++) {
        shared_frames[i] = pfn_alloc();
        if (shared_frames[i] == INVALID_PFN)
            bench_fail("pfn_alloc", -1);
        frame_ref_get(shared_frames[i]);
    }
}

/* A parent with mib MiB of writable mappings, built plain, switched to
 * (sealed and pinned in one batch). */
static struct aspace *fork_parent(unsigned long mib)
{
    struct aspace *parent = aspace_create();

    if (parent == NULL)
        bench_fail("aspace_create", -1);
    if (aspace_map(parent, FORK_VA, mib << 8, shared_frames, SHARED_FRAMES, 1) != 0)
        bench_fail("aspace_map", -1);
    if (aspace_switch(parent) != 0)
        bench_fail("aspace_switch", -1);
    return parent;
}

/* Forks a fresh parent reps times with strategy s, timing fork and (for
 * the late-pin children) destroy. */
static void bench_fork_size(unsigned long mib, enum aspace_strategy s, int reps)
{
    uint64_t fork_ticks = 0, destroy_ticks = 0;
    char name[48];

    for (int r = 0; r < reps; r++) {
        struct aspace *parent = fork_parent(mib), *child;
        uint64_t t0, t1, t2;

        mmu_batch_stats_reset();
        t0 = bench_tsc();
        child = aspace_fork(parent, s);
        t1 = bench_tsc();
        if (child == NULL)
            bench_fail("aspace_fork", -1);
        if (mib == 64 && r == 0) {
            snprintf(name, sizeof(name), "fork_%s_64m", strategy_names[s]);
            mmu_batch_stats_print(name);
        }
        fork_ticks += t1 - t0;
        if (aspace_switch(aspace_kernel()) != 0)
            bench_fail("aspace_switch", -1);
        t1 = bench_tsc();
        if (aspace_destroy(child) != 0)
            bench_fail("aspace_destroy", -1);
        t2 = bench_tsc();
        destroy_ticks += t2 - t1;
        aspace_destroy(parent);
    }
    snprintf(name, sizeof(name), "fork_%s_%lum", strategy_names[s], mib);
    bench_report(name, fork_ticks, reps, reps);
    if (s == ASPACE_LATE_PIN) {
        snprintf(name, sizeof(name), "destroy_%lum", mib);
        bench_report(name, destroy_ticks, reps, reps);
    }
}

/* Every size with every strategy. */
static void bench_fork(void)
{
    static const unsigned long sizes[] = { 1, 4, 16, 64, 256 };
    static const int reps[] = { 8, 4, 2, 1, 1 };

    for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        for (int s = 0; s < ASPACE_NR_STRATEGIES; s++)
            bench_fork_size(sizes[i], s, reps[i]);
}

/* Writes one byte to each of COW_PAGES pages of the current address space;
 * returns the ticks. */
static uint64_t write_pages(void)
{
    uint64_t t0 = bench_tsc();

    for (int i = 0; i < COW_PAGES; i++)
        *(volatile char *)(FORK_VA + i * PAGE_SIZE) = 1;
    return bench_tsc() - t0;
}

/* Child writes (copies), then the parent writes (no longer shared). */
static void bench_cow(void)
{
    struct aspace *parent = aspace_create(), *child;

    if (parent == NULL || aspace_map(parent, FORK_VA, COW_PAGES, NULL, 0, 1) != 0 ||
        aspace_switch(parent) != 0 || (child = aspace_fork(parent, ASPACE_LATE_PIN)) == NULL ||
        aspace_switch(child) != 0)
        bench_fail("cow setup", -1);
    bench_report("cow_fault_copy", write_pages(), 1, COW_PAGES);
    if (aspace_switch(parent) != 0)
        bench_fail("aspace_switch", -1);
    bench_report("cow_fault_reuse", write_pages(), 1, COW_PAGES);
    aspace_switch(aspace_kernel());
    aspace_destroy(child);
    aspace_destroy(parent);
}

/* Reads one word per 64-byte line of the first kib KiB.  Not inlined, so
 * that the loop timing it alone runs the same code as the switch loop. */
static __attribute__((noinline)) uint64_t touch(unsigned long kib)
{
    uint64_t sum = 0;

    for (unsigned long off = 0; off < kib << 10; off += 64)
        sum += *(volatile uint64_t *)(FORK_VA + off);
    return sum;
}

/* Round trips a -> b -> a, touching kib KiB after each switch; reports
 * them net of the touching, which is timed alone first (the same loop
 * without the switches) and subtracted, as lmbench's lat_ctx does. */
static void bench_ctxsw_rounds(struct aspace *a, struct aspace *b, const char *mode,
                               unsigned long kib)
{
    char name[48];
    uint64_t t0, t1, t2;

    aspace_switch(b);           /* one round trip first: a first switch may pin */
    aspace_switch(a);
    touch(kib);
    t0 = bench_tsc();
    for (int i = 0; i < CTXSW_ROUNDS; i++) {
        touch(kib);
        touch(kib);
    }
    t1 = bench_tsc();
    for (int i = 0; i < CTXSW_ROUNDS; i++) {
        aspace_switch(b);
        touch(kib);
        aspace_switch(a);
        touch(kib);
    }
    t2 = bench_tsc();
    snprintf(name, sizeof(name), "ctxsw_%s_%luk", mode, kib);
    bench_report(name, t2 - t1 > t1 - t0 ? (t2 - t1) - (t1 - t0) : 0, 0, CTXSW_ROUNDS);
}

/* Two address spaces with CTXSW_MAX_KIB each, pinned, then unpinned. */
static void bench_ctxsw(void)
{
    static const unsigned long kibs[] = { 0, 16, 64 };
    struct aspace *a = aspace_create(), *b = aspace_create();

    if (a == NULL || b == NULL ||
        aspace_map(a, FORK_VA, CTXSW_MAX_KIB / 4, NULL, 0, 1) != 0 ||
        aspace_map(b, FORK_VA, CTXSW_MAX_KIB / 4, NULL, 0, 1) != 0)
        bench_fail("ctxsw setup", -1);
    for (unsigned int i = 0; i < 3; i++)
        bench_ctxsw_rounds(a, b, "pinned", kibs[i]);
    aspace_switch(aspace_kernel());
    if (aspace_set_pinned(a, 0) != 0 || aspace_set_pinned(b, 0) != 0)
        bench_fail("aspace_set_pinned", -1);
    for (unsigned int i = 0; i < 3; i++)
        bench_ctxsw_rounds(a, b, "unpinned", kibs[i]);
    aspace_switch(aspace_kernel());
    aspace_destroy(a);
    aspace_destroy(b);
}

/* Fork, copy-on-write, context switch; everything given back at the end. */
void bench_aspace(void)
{
    take_shared_frames();
    bench_fork();
    bench_cow();
    bench_ctxsw();
    for (int i = 0; i < SHARED_FRAMES; i++)
        frame_ref_put(shared_frames[i]);
}
