/*
 * Fuzzing mmuext_op, every command (pv-abi.md §3.2): pins of sandbox
 * frames at every level (they validate or they do not), unpins, the user
 * base, flushes with good and bad vCPU masks, LDTs in the sandbox, clearing
 * and copying frames; and the same commands on frames that are not ours,
 * which must fail.  The kernel base is only ever switched to the live L4
 * (anything else would pull the guest's own mappings away).  After a pin or
 * unpin that worked, doing it again must give -EINVAL.
 */
#include "tests/guest/fuzz/fuzz.h"
#include <string.h>
#include "kernel/hypercall.h"

#define MAX_OPS         8
#define LDT_MAX_ENTS    8192

/* Issues the op of c again and checks that it now fails with -EINVAL
 * (a second pin of a pinned frame, a second unpin). */
static void check_repeat_refused(const struct fuzz_call *c, long rc)
{
    long again;

    if (rc != 0)
        return;
    again = fuzz_issue(HC_mmuext_op, c->arg);
    record_result(HC_mmuext_op, again);
    if (again != -XEN_EINVAL)
        fuzz_fail("%s of 0x%lx twice: the second gave %ld, want -EINVAL", c->what,
                  (unsigned long)c->ctx[0], again);
}

/* A vCPU mask: ours (vCPU 0, or bits past the last vCPU) or unreadable. */
static uint64_t vcpu_mask(int *bad)
{
    uint64_t *mask = arena_alloc(16);

    *bad = !mask || rng_chance(25);
    if (*bad)
        return bad_read_ptr();
    mask[0] = rng_chance(70) ? 1 : rng_next();
    mask[1] = rng_next();
    return (uint64_t)mask;
}

/* Fills one op; returns the errors it must fail with, or 0 if it may
 * succeed. */
static uint64_t one_op(struct mmuext_op *op)
{
    unsigned cmd = (unsigned)rng_below(22);
    int hostile = rng_chance(25), bad;

    op->cmd = cmd;
    op->arg1.mfn = hostile ? hostile_mfn() : any_world_mfn();
    op->arg2.src_mfn = rng_chance(80) ? any_world_mfn() : hostile_mfn();
    switch (cmd) {
    case MMUEXT_PIN_L1_TABLE: case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE: case MMUEXT_PIN_L4_TABLE:
    case MMUEXT_UNPIN_TABLE: case MMUEXT_NEW_USER_BASEPTR:
        if (cmd == MMUEXT_NEW_USER_BASEPTR && (hostile ? op->arg1.mfn == 0 : rng_chance(20)))
            op->arg1.mfn = hostile ? 1 : 0;          /* 0 is "no user base" */
        return hostile ? ERR(EINVAL) : 0;
    case MMUEXT_NEW_BASEPTR:
        op->arg1.mfn = hostile ? hostile_mfn() : world.boot_l4;
        return hostile ? ERR(EINVAL) : 0;
    case MMUEXT_CLEAR_PAGE:
        if (!hostile && rng_chance(30))
            op->arg1.mfn = (unsigned long[]){ world.l3, world.l2, world.l1 }[rng_below(3)];
        return hostile ? ERR(EINVAL) : op->arg1.mfn == world.l1 || op->arg1.mfn == world.l2 ||
               op->arg1.mfn == world.l3 ? ERR(EINVAL) : 0;
    case MMUEXT_COPY_PAGE:
        if (hostile || rng_chance(50))
            return hostile ? ERR(EINVAL) : 0;
        op->arg2.src_mfn = hostile_mfn();       /* reading a frame that is not ours */
        return ERR(EINVAL);
    case MMUEXT_TLB_FLUSH_MULTI: case MMUEXT_INVLPG_MULTI:
        op->arg1.linear_addr = rng_chance(50) ? WORLD_VA + rng_below(1UL << 21) : rng_next();
        op->arg2.vcpumask = vcpu_mask(&bad);
        return bad ? ERR(EFAULT) | ERR(EINVAL) : 0;
    case MMUEXT_INVLPG_LOCAL: case MMUEXT_INVLPG_ALL:
        op->arg1.linear_addr = rng_chance(50) ? WORLD_VA + rng_below(1UL << 21) : rng_next();
        return 0;
    case MMUEXT_SET_LDT:
        op->arg1.linear_addr = WORLD_VA + rng_below(NR_DATA + 2) * PAGE_SIZE;
        op->arg2.nr_ents = (unsigned)rng_below(LDT_MAX_ENTS + 1);
        if (rng_chance(10))
            op->arg2.nr_ents = 0;
        if (!hostile)
            return 0;
        switch (rng_below(3)) {
        case 0: op->arg2.nr_ents = LDT_MAX_ENTS + 1 + (unsigned)rng_below(1u << 31); break;
        case 1: op->arg1.linear_addr += 1 + rng_below(PAGE_SIZE - 1); break;
        default: op->arg1.linear_addr = 0xffff800000000000UL + (rng_below(1UL << 31) << 12); break;
        }
        if (op->arg2.nr_ents == 0)
            op->arg2.nr_ents = 1;
        return ERR(EINVAL);
    case MMUEXT_MARK_SUPER: case MMUEXT_UNMARK_SUPER:
        return ERR(EOPNOTSUPP) | ERR(EINVAL);
    case 14: case 21:
        op->cmd = cmd == 21 ? 21 + (unsigned)rng_below(1u << 31) : 14;
        return ERR(ENOSYS);
    default:        /* flushes; the cache flushes need I/O rights */
        return 0;
    }
}

/* mmuext_op: a batch of one to eight commands, maybe with pdone and a
 * foreign foreigndom, or a bad list or a huge count. */
void gen_mmuext_op(struct fuzz_call *c)
{
    unsigned count = rng_chance(70) ? 1 : 1 + (unsigned)rng_below(MAX_OPS);
    struct mmuext_op *ops = arena_alloc(count * sizeof(*ops));
    unsigned *pdone = arena_alloc(sizeof(unsigned));
    unsigned first_bad = count;
    uint64_t must = 0;

    if (!ops || !pdone || rng_chance(4)) {
        if (rng_chance(50) || !ops)
            call_set(c, HC_mmuext_op, bad_read_ptr(), 1 + rng_below(4), 0, DOMID_SELF,
                     ERR(EFAULT), "mmuext_op from a bad list pointer");
        else        /* a first op that fails (a pin of frame 0): stale contents never run */
            call_set(c, HC_mmuext_op, (uint64_t)memset(ops, 0, sizeof(*ops)), huge_count(), 0,
                     DOMID_SELF, 0, "mmuext_op with a huge count");
        return;
    }
    for (unsigned i = 0; i < count; i++) {
        uint64_t m = one_op(&ops[i]);

        if (m && first_bad == count) {
            first_bad = i;
            must = m;
        }
    }
    batch_call(c, HC_mmuext_op, ops, count, first_bad, must, pdone);
    if (!c->arg[2] && count == 1 && !gen_nested && c->arg[3] == DOMID_SELF &&
        ops[0].cmd <= MMUEXT_UNPIN_TABLE) {
        c->check = check_repeat_refused;
        c->ctx[0] = ops[0].arg1.mfn;
        c->what = ops[0].cmd == MMUEXT_UNPIN_TABLE ? "unpin" : "pin";
    }
}
