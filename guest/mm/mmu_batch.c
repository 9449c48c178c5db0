/*
 * The update queue (mmu_batch.h).
 *
 * Three arrays hold a batch: the mmu_update requests, the mmuext ops and the
 * multicall entries.  Each multicall entry describes one run of the batch:
 * an update_va_mapping, or a slice of the request array or of the op array
 * (the entry's pointer and count arguments).  A new operation of the same
 * kind as the last run just lengthens that run.
 *
 * Entry writes have a fast path (mmu_batch.h): while the last run is one of
 * entry writes, mmu_batch_pte stores straight into batch_pte[] through
 * mmu_batch_fast, and batch_sync() counts those requests (in nr_pte,
 * nr_ops, the run's multicall entry and the stats) before anything else
 * here looks at the queue.
 */
#include <stdio.h>
#include "abi/layout.h"
#include "kernel/hypercall.h"
#include "mm/mmu_batch.h"

enum batch_kind { KIND_NONE, KIND_PTE, KIND_EXT, KIND_VA };

static enum mmu_batch_mode batch_mode = MMU_BATCH_MULTICALL;
static unsigned int batch_limit = MMU_BATCH_MAX;
static struct mmu_update batch_pte[MMU_BATCH_MAX];
static struct mmuext_op batch_ext[MMU_BATCH_MAX];
static struct multicall_entry batch_mc[MMU_BATCH_MAX];
static unsigned int nr_pte, nr_ext, nr_mc, nr_ops;
static enum batch_kind last_kind;
static long batch_error;
static struct mmu_batch_stats stats;

struct mmu_batch_fast mmu_batch_fast;

/* Counts the requests the fast path added and closes it. */
static void batch_sync(void)
{
    unsigned int n = mmu_batch_fast.next - &batch_pte[nr_pte];

    if (mmu_batch_fast.room == 0)
        return;
    nr_pte += n;
    nr_ops += n;
    stats.ops += n;
    batch_mc[nr_mc - 1].args[1] += n;
    mmu_batch_fast.room = 0;
}

/* Opens the fast path behind a run of entry writes that may still grow. */
static void batch_open_fast(void)
{
    unsigned int room = batch_limit - nr_ops;

    if (batch_mode == MMU_BATCH_DIRECT || last_kind != KIND_PTE)
        return;
    if (room > MMU_BATCH_MAX - nr_pte)
        room = MMU_BATCH_MAX - nr_pte;
    mmu_batch_fast.next = &batch_pte[nr_pte];
    mmu_batch_fast.room = room;
}

/* Keeps the first error since the last flush. */
static void batch_note(long rc)
{
    if (rc != 0 && batch_error == 0)
        batch_error = rc;
}

/* Issues the one hypercall a multicall entry describes. */
static long batch_issue(const struct multicall_entry *mc)
{
    stats.hypercalls++;
    switch (mc->op) {
    case HC_mmu_update:
        return hypercall_mmu_update((const struct mmu_update *)mc->args[0],
                                    (unsigned int)mc->args[1], NULL, DOMID_SELF);
    case HC_mmuext_op:
        return hypercall_mmuext_op((const struct mmuext_op *)mc->args[0],
                                   (unsigned int)mc->args[1], NULL, DOMID_SELF);
    default:
        return hypercall_update_va_mapping(mc->args[0], mc->args[1], mc->args[2]);
    }
}

/* Issues the whole queue: one hypercall, or one multicall of several. */
static void batch_issue_all(void)
{
    if (nr_mc == 1) {
        batch_note(batch_issue(&batch_mc[0]));
        return;
    }
    stats.hypercalls++;
    batch_note(hypercall_multicall(batch_mc, nr_mc));
    for (unsigned int i = 0; i < nr_mc; i++)
        batch_note(batch_mc[i].result);
}

/* Puts the size of a flushed batch in its log2 bucket. */
static void batch_count_size(unsigned int n)
{
    unsigned int bucket = 0;

    while (bucket + 1 < MMU_BATCH_BUCKETS && (2u << bucket) <= n)
        bucket++;
    stats.sizes[bucket]++;
}

/* Issues what is queued and returns the first error since the last flush. */
long mmu_batch_flush(enum mmu_flush_reason why)
{
    long rc;

    batch_sync();
    if (nr_ops != 0) {
        batch_issue_all();
        stats.flushes[why]++;
        batch_count_size(nr_ops);
        nr_pte = nr_ext = nr_mc = nr_ops = 0;
        last_kind = KIND_NONE;
    }
    rc = batch_error;
    batch_error = 0;
    return rc;
}

/* In MMU_UPDATE mode the queue holds one kind at a time: flushes it before
 * an operation of another kind is placed. */
static void batch_make_room(enum batch_kind kind)
{
    if (batch_mode == MMU_BATCH_MMU_UPDATE && last_kind != KIND_NONE && last_kind != kind)
        mmu_batch_flush(MMU_FLUSH_KIND);
}

/* Starts a new run of `kind` or lengthens the last one; returns its entry. */
static struct multicall_entry *batch_run(enum batch_kind kind, uint64_t op, void *first)
{
    struct multicall_entry *mc;

    if (kind != KIND_VA && last_kind == kind) {
        mc = &batch_mc[nr_mc - 1];
        mc->args[1]++;
        return mc;
    }
    mc = &batch_mc[nr_mc++];
    *mc = (struct multicall_entry){ .op = op };
    mc->args[0] = (uint64_t)first;
    mc->args[1] = 1;
    mc->args[3] = DOMID_SELF;
    last_kind = kind;
    return mc;
}

/* Counts an operation just queued and issues the queue if it must: at
 * once in DIRECT mode, when full, and after an update_va_mapping in
 * MMU_UPDATE mode (which cannot batch those). */
static void batch_added(void)
{
    stats.ops++;
    nr_ops++;
    if (batch_mode == MMU_BATCH_DIRECT) {
        batch_issue_all();
        nr_pte = nr_ext = nr_mc = nr_ops = 0;
        last_kind = KIND_NONE;
    } else if (nr_ops >= batch_limit) {
        mmu_batch_flush(MMU_FLUSH_FULL);
    } else if (batch_mode == MMU_BATCH_MMU_UPDATE && last_kind == KIND_VA) {
        mmu_batch_flush(MMU_FLUSH_KIND);
    }
}

/* Queues an entry write by machine address, then reopens the fast path. */
void mmu_batch_pte_slow(uint64_t maddr, uint64_t val)
{
    struct mmu_update *req;

    batch_sync();
    batch_make_room(KIND_PTE);
    req = &batch_pte[nr_pte++];
    req->ptr = maddr | MMU_NORMAL_PT_UPDATE;
    req->val = val;
    batch_run(KIND_PTE, HC_mmu_update, req);
    batch_added();
    batch_open_fast();
}

/* Queues an mmuext op. */
void mmu_batch_ext(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op *op;

    batch_sync();
    batch_make_room(KIND_EXT);
    op = &batch_ext[nr_ext++];
    *op = (struct mmuext_op){ .cmd = cmd };
    op->arg1.mfn = arg1;
    op->arg2.src_mfn = arg2;
    batch_run(KIND_EXT, HC_mmuext_op, op);
    batch_added();
}

/* Queues an update_va_mapping: its own multicall entry. */
void mmu_batch_va(unsigned long va, uint64_t pte, unsigned long uvmf)
{
    struct multicall_entry *mc;

    batch_sync();
    batch_make_room(KIND_VA);
    mc = batch_run(KIND_VA, HC_update_va_mapping, (void *)va);
    mc->args[1] = pte;
    mc->args[2] = uvmf;
    batch_added();
}

/* The lone op skips the queue; counted as a direct hypercall. */
long mmu_batch_ext_now(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd };

    batch_sync();
    if (nr_ops != 0) {
        mmu_batch_ext(cmd, arg1, arg2);
        return mmu_batch_flush(MMU_FLUSH_EXPLICIT);
    }
    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    stats.ops++;
    stats.hypercalls++;
    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Flushes, then switches mode and limit. */
long mmu_batch_set_mode(enum mmu_batch_mode mode, unsigned int limit)
{
    long rc = mmu_batch_flush(MMU_FLUSH_EXPLICIT);

    batch_mode = mode;
    batch_limit = limit < 1 ? 1 : limit > MMU_BATCH_MAX ? MMU_BATCH_MAX : limit;
    return rc;
}

/* The mode in force. */
enum mmu_batch_mode mmu_batch_mode(void)
{
    return batch_mode;
}

/* The limit in force. */
unsigned int mmu_batch_limit(void)
{
    return batch_limit;
}

/* Operations waiting in the queue. */
unsigned int mmu_batch_pending(void)
{
    batch_sync();
    return nr_ops;
}

/* The counters since the last reset. */
const struct mmu_batch_stats *mmu_batch_stats(void)
{
    batch_sync();
    return &stats;
}

/* Zeroes the counters. */
void mmu_batch_stats_reset(void)
{
    batch_sync();
    stats = (struct mmu_batch_stats){ 0 };
}

/* One line with every counter. */
void mmu_batch_stats_print(const char *label)
{
    batch_sync();
    printf("mmu_batch: %s ops %lu hypercalls %lu flushes full %lu explicit %lu kind %lu sizes",
           label, stats.ops, stats.hypercalls, stats.flushes[MMU_FLUSH_FULL],
           stats.flushes[MMU_FLUSH_EXPLICIT], stats.flushes[MMU_FLUSH_KIND]);
    for (unsigned int b = 0; b < MMU_BATCH_BUCKETS; b++) {
        if (stats.sizes[b] == 0)
            continue;
        if (b + 1 == MMU_BATCH_BUCKETS)
            printf(" %u:%lu", 1u << b, stats.sizes[b]);
        else
            printf(" %u-%u:%lu", 1u << b, (2u << b) - 1, stats.sizes[b]);
    }
    printf("\n");
}
