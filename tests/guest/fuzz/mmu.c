/*
 * Fuzzing mmu_update and update_va_mapping (pv-abi.md §3.1, §3.3, §8).
 *
 * A request is plausible (an entry of the sandbox's tables or a loose
 * frame, any value pointing at sandbox frames) or hostile (a value mapping
 * a frame that is not ours, an upper-level entry with PSE/PWT/PCD/G, the
 * hypervisor's L4 slots, a target frame that is not ours, a bad command).
 * A batch with a hostile request must fail no later than that request;
 * pdone must say so.  A refused write leaves the entry as it was, and a
 * hypervisor or foreign frame never becomes mapped (world_check).
 */
#include "tests/guest/fuzz/fuzz.h"
#include <string.h>
#include "kernel/hypercall.h"
#include "mm/p2m.h"

#define MAX_REQS        64
#define FIRST_HV_SLOT   256
#define NR_HV_SLOTS     16

/* Set by gen_multicall while it generates entries: checks that compare
 * state before and after a single call are off then. */
int gen_nested;

/* One plausible request: an entry of the chain (never the three links that
 * hold the chain up), of a loose frame or of a data frame, pointing at
 * sandbox frames. */
static void plausible_request(struct mmu_update *u)
{
    unsigned pick = (unsigned)rng_below(10), level = 1;
    unsigned long table;
    unsigned index = (unsigned)rng_below(PT_ENTRIES);

    if (pick < 5) {
        table = world.l1;
    } else if (pick < 7) {
        table = rng_chance(50) ? world.l2 : world.l3;
        level = table == world.l2 ? 2 : 3;
        index = 1 + (unsigned)rng_below(PT_ENTRIES - 1);
    } else if (pick < 9) {
        table = world.loose[rng_below(NR_LOOSE)];
        level = 1 + (unsigned)rng_below(4);
    } else {        /* a data frame: plain memory, or a GDT or LDT page just now */
        table = world.data[rng_below(NR_DATA)];
    }
    u->ptr = entry_ma(table, index) | (rng_chance(80) ? MMU_NORMAL_PT_UPDATE :
                                       rng_chance(50) ? MMU_PT_UPDATE_PRESERVE_AD :
                                                        MMU_PT_UPDATE_NO_TRANSLATE);
    u->val = rng_chance(10) ? 0 : pte_make(any_world_mfn(), random_pte_flags((int)level));
    if (rng_chance(3))
        u->val = rng_next();
    if (rng_chance(3)) {        /* rewrite an M2P entry with its own value */
        unsigned long mfn = any_world_mfn();

        u->ptr = (mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
        u->val = mfn_to_pfn(mfn);
    }
}

/* One request that must fail, with the error it must fail with in *err.
 * Returns the request's target entry (0 if none can be read back). */
static uint64_t hostile_request(struct mmu_update *u, uint64_t *err)
{
    unsigned index = (unsigned)rng_below(PT_ENTRIES);

    *err = ERR(EINVAL);
    switch (rng_below(8)) {
    case 7:     /* a writable mapping of one of the chain's tables (always validated) */
        *err = ERR(EINVAL) | ERR(EBUSY);
        u->ptr = entry_ma(world.l1, index);
        u->val = pte_make((unsigned long[]){ world.l3, world.l2, world.l1 }[rng_below(3)],
                          PTE_P | PTE_RW | PTE_A | PTE_D);
        return u->ptr;
    case 0:     /* an L1 entry mapping a frame that is not ours (-EPERM for I/O, -EBUSY foreign) */
        *err = ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY);
        u->ptr = entry_ma(world.l1, index);
        u->val = pte_make(hostile_mfn(), random_pte_flags(1) | PTE_P);
        return u->ptr;
    case 1:     /* an upper entry with a refused flag */
        u->ptr = entry_ma(world.l2, 1 + (unsigned)rng_below(PT_ENTRIES - 1));
        u->val = pte_make(world.loose[rng_below(NR_LOOSE)], PTE_P | PTE_RW |
                          (PTE_PWT << rng_below(2)) | (rng_chance(50) ? PTE_PSE : PTE_G));
        return u->ptr;
    case 2:     /* the hypervisor's slots of our live L4 */
        u->ptr = entry_ma(world.boot_l4, FIRST_HV_SLOT + (unsigned)rng_below(NR_HV_SLOTS));
        u->val = rng_chance(50) ? 0 : pte_make(any_mfn(), random_pte_flags(4));
        return u->ptr;
    case 3:     /* a target frame that is not ours */
        u->ptr = (hostile_mfn() << PAGE_SHIFT) | (rng_below(512) * 8) | (rng_below(4) & ~1UL);
        u->val = rng_next();
        return 0;
    case 4:     /* M2P update of a frame that is not ours */
        u->ptr = (hostile_mfn() << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
        u->val = rng_next();
        return 0;
    case 5:     /* commands 4..7 */
        u->ptr = entry_ma(world.l1, index) | (4 + rng_below(4));
        u->val = 0;
        *err = ERR(ENOSYS);
        return u->ptr;
    default:    /* the chain's link with a frame that is not ours */
        *err = ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY);
        u->ptr = entry_ma(world.l2, 0);
        u->val = pte_make(hostile_mfn(), PTE_P | PTE_RW | PTE_A);
        return u->ptr;
    }
}

/* 1 if foreigndom names us (pv-abi.md §3.1): FD DOMID_SELF or DOMID_IO,
 * PFD+1 0 or DOMID_SELF + 1. */
int foreigndom_ok(uint64_t fd)
{
    uint32_t pfd = (uint32_t)fd >> 16;

    return ((fd & 0xffff) == DOMID_SELF || (fd & 0xffff) == DOMID_IO) &&
           (pfd == 0 || pfd == DOMID_SELF + 1);
}

/* Checks pdone against the result: all done on success, and on failure
 * no more than the requests before the first hostile one. */
void check_pdone(const struct fuzz_call *c, long rc)
{
    unsigned done = *(volatile unsigned *)c->ctx[0];
    unsigned count = (unsigned)c->ctx[1], first_bad = (unsigned)c->ctx[2];

    if (done == 0xdeadbeef && (rc == -XEN_ESRCH || rc == -XEN_EFAULT))
        return;     /* refused before the first op: *pdone untouched, as on Xen */
    if (rc == 0 && done != count)
        fuzz_fail("%s: succeeded with pdone %u of %u", c->what, done, count);
    if (rc < 0 && (done >= count || done > first_bad))
        fuzz_fail("%s: failed (%ld) with pdone %u of %u, first hostile request %u", c->what, rc,
                  done, count, first_bad);
}

/* Fills c with a batch call (mmu_update or mmuext_op) of count ops at
 * list, the first hostile one at first_bad (count if none) with the errors
 * must; sometimes with a foreigndom other than DOMID_SELF, sometimes with
 * pdone (a sentinel in it, and check_pdone). */
void batch_call(struct fuzz_call *c, unsigned nr, const void *list, unsigned count,
                unsigned first_bad, uint64_t must, unsigned *pdone)
{
    uint64_t fd = DOMID_SELF;

    if (rng_chance(5))
        fd = rng_chance(50) ? DOMID_IO : (1 + rng_below(0xffff)) | (rng_below(3) << 16);
    call_set(c, nr, (uint64_t)list, count, rng_chance(45) ? (uint64_t)pdone : 0, fd,
             first_bad == 0 ? must : first_bad < count ? ANY_ERROR : 0, nr == HC_mmu_update ?
             "mmu_update" : "mmuext_op");
    if (!foreigndom_ok(fd))
        c->allowed = ERR(ESRCH);
    else if (fd != DOMID_SELF && nr == HC_mmuext_op)
        c->allowed = 0;         /* commands other than pin, clear, copy: -EPERM */
    if (c->arg[2]) {
        *pdone = 0xdeadbeef;
        c->check = check_pdone;
        c->ctx[0] = (uint64_t)pdone;
        c->ctx[1] = count;
        c->ctx[2] = first_bad;
    }
}

/* Checks that a refused single write left its entry unchanged. */
static void check_unchanged(const struct fuzz_call *c, long rc)
{
    uint64_t now = world_entry(c->ctx[0] >> PAGE_SHIFT, (c->ctx[0] & 4095) >> 3);

    if (rc < 0 && now != c->ctx[1])
        fuzz_fail("%s: refused (%ld) but the entry changed from 0x%lx to 0x%lx", c->what, rc,
                  (unsigned long)c->ctx[1], (unsigned long)now);
}

/* Has c check that entry index of the sandbox L1 is unchanged if refused
 * (not inside a multicall, where an earlier entry may change it). */
static void expect_l1e_kept(struct fuzz_call *c, unsigned index)
{
    if (gen_nested)
        return;
    c->check = check_unchanged;
    c->ctx[0] = entry_ma(world.l1, index);
    c->ctx[1] = world_entry(world.l1, index);
}

/* 1 if the frame of machine address ma is one whose entries we can read
 * back (the chain or the live L4). */
static int readable_table(uint64_t ma)
{
    unsigned long mfn = ma >> PAGE_SHIFT;

    return mfn == world.l1 || mfn == world.l2 || mfn == world.l3 || mfn == world.boot_l4;
}

/* mmu_update: a batch of plausible requests, maybe one hostile, with or
 * without pdone; or wild lists, pointers and counts. */
void gen_mmu_update(struct fuzz_call *c)
{
    unsigned count = rng_chance(60) ? 1 : 1 + (unsigned)rng_below(rng_chance(90) ? 8 : MAX_REQS);
    struct mmu_update *reqs = arena_alloc(count * sizeof(*reqs));
    unsigned *pdone = arena_alloc(sizeof(unsigned));
    unsigned first_bad = count;
    uint64_t err = 0, target = 0;

    if (!reqs || !pdone || rng_chance(5)) {
        /* a list we may not read, or a huge count over a real list */
        if (rng_chance(50) || !reqs)
            call_set(c, HC_mmu_update, bad_read_ptr(), 1 + rng_below(4), 0, DOMID_SELF,
                     ERR(EFAULT), "mmu_update from a bad list pointer");
        else        /* a first request that fails: stale arena contents never run */
            call_set(c, HC_mmu_update, (uint64_t)memset(reqs, 0, sizeof(*reqs)), huge_count(), 0,
                     DOMID_SELF, 0, "mmu_update with a huge count");
        return;
    }
    for (unsigned i = 0; i < count; i++)
        plausible_request(&reqs[i]);
    if (rng_chance(35)) {
        first_bad = (unsigned)rng_below(count);
        target = hostile_request(&reqs[first_bad], &err);
    }
    batch_call(c, HC_mmu_update, reqs, count, first_bad, err, pdone);
    if (!c->arg[2] && count == 1 && first_bad == 0 && !gen_nested && readable_table(target)) {
        c->check = check_unchanged;
        c->ctx[0] = target & ~7UL;
        c->ctx[1] = world_entry(target >> PAGE_SHIFT, (target & 4095) >> 3);
    }
    if (rng_chance(3)) {
        c->arg[2] = bad_write_ptr();    /* a pdone we may not write: ignored or -EFAULT */
        c->check = 0;
        if (c->allowed)
            c->allowed |= ERR(EFAULT);
    }
}

/* A VA no validated L1 of ours covers: the hypervisor's range,
 * non-canonical, or an empty L4 slot. */
static uint64_t unmapped_va(void)
{
    switch (rng_below(3)) {
    case 0: return 0xffff800000000000UL + (rng_next() & ((1UL << 43) - 1));
    case 1: return 0x0000800000000000UL + (rng_next() & ((1UL << 62) - 1));
    default: return l4_slot_va(10) + rng_below(1UL << 39);
    }
}

/* update_va_mapping: plausible VAs in the sandbox with sandbox frames,
 * hostile frames, or VAs whose L1 is not a validated table of ours (the
 * hypervisor's range, non-canonical, unmapped, our own text). */
void gen_update_va_mapping(struct fuzz_call *c)
{
    unsigned index = (unsigned)rng_below(PT_ENTRIES);
    uint64_t va = WORLD_VA + index * PAGE_SIZE, flags = rng_below(3);
    uint64_t val = rng_chance(10) ? 0 : pte_make(any_world_mfn(), random_pte_flags(1));

    if (rng_chance(10))
        flags |= rng_chance(50) ? UVMF_ALL : (uint64_t)arena_alloc(8);     /* vCPU mask */
    switch (rng_below(7)) {
    case 6:
        val = pte_make((unsigned long[]){ world.l3, world.l2, world.l1 }[rng_below(3)],
                       PTE_P | PTE_RW | PTE_A | PTE_D);
        call_set(c, HC_update_va_mapping, va, val, flags, 0, ERR(EINVAL) | ERR(EBUSY),
                 "update_va_mapping of a page table, writable");
        return expect_l1e_kept(c, index);
    case 0:
        val = pte_make(hostile_mfn(), random_pte_flags(1) | PTE_P);
        call_set(c, HC_update_va_mapping, va, val, flags, 0, ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY),
                 "update_va_mapping to a frame that is not ours");
        return expect_l1e_kept(c, index);
    case 1:
        va = unmapped_va();
        call_set(c, HC_update_va_mapping, va, val, flags, 0, ERR(EINVAL),
                 "update_va_mapping of a VA without a validated L1");
        return;
    default:
        if (rng_chance(5))
            va += rng_below(PAGE_SIZE);         /* offsets within the page are ignored */
        call_set(c, HC_update_va_mapping, va, val, flags, 0, 0, "update_va_mapping");
        return;
    }
}
