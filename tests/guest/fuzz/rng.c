/*
 * The fuzzer's randomness (fuzz.h): one seeded PRNG (xorshift64*, seeded
 * through splitmix64, so seeds 0, 1, 2 ... give unrelated streams), and
 * the generators of hostile and plausible arguments drawn from it.  Every
 * choice goes through rng_next(), so a seed replays a run exactly.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "kernel/start.h"
#include "mm/p2m.h"
#include "mm/scratch.h"

#define ARENA_SIZE      (64 * 1024)

static uint64_t rng_state;
static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));
static unsigned long arena_used;

/* Seeds the generator; any seed is fine. */
void rng_seed(uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    rng_state = (z ^ (z >> 31)) | 1;
}

/* The next 64 random bits. */
uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n), n > 0. */
uint64_t rng_below(uint64_t n)
{
    return rng_next() % n;
}

/* 1 with the given probability in percent. */
int rng_chance(unsigned percent)
{
    return rng_below(100) < percent;
}

/* 1 if mfn is ours: in the P2M or our shared_info page. */
static int mfn_owned(unsigned long mfn)
{
    if (mfn > world.own_max)
        return 0;
    return mfn == world.shared_info_mfn || mfn_is_ours(mfn);
}

/* A frame number that is not ours: the hypervisor's (low memory, the
 * frames between and above ours), a foreign RAM frame, one past the end of
 * machine memory, or bogus.  Never returns one of ours. */
unsigned long hostile_mfn(void)
{
    for (;;) {
        unsigned long mfn;

        switch (rng_below(8)) {
        case 0: mfn = rng_below(4); break;                              /* 0..3 */
        case 1: mfn = rng_below(256); break;                            /* first MiB */
        case 2: mfn = world.own_max + 1 + rng_below(64); break;         /* above ours */
        case 3: mfn = rng_below(world.own_min); break;                  /* below ours */
        case 4: mfn = world.nr_foreign ? world.foreign[rng_below(world.nr_foreign)] : 5; break;
        case 5: mfn = (1UL << 40) - 1 - rng_below(4); break;            /* top of MFN space */
        case 6: mfn = rng_next() & ((1UL << 40) - 1); break;
        default: mfn = rng_next(); break;                               /* beyond the mask */
        }
        if (!mfn_owned(mfn))
            return mfn;
    }
}

/* One of the sandbox's frames: a loose frame most of the time. */
unsigned long any_world_mfn(void)
{
    switch (rng_below(8)) {
    case 0: return world.data[rng_below(NR_DATA)];
    case 1: return (unsigned long[]){ world.l3, world.l2, world.l1 }[rng_below(3)];
    default: return world.loose[rng_below(NR_LOOSE)];
    }
}

/* A sandbox frame (three times in four) or a hostile one. */
unsigned long any_mfn(void)
{
    return rng_chance(75) ? any_world_mfn() : hostile_mfn();
}

/* A pointer no hypercall may read: in the hypervisor's range (the M2P
 * included), non-canonical, unmapped, a buffer running off the end of the
 * bootstrap region, off the top of the lower half or around 2^64. */
uint64_t bad_read_ptr(void)
{
    switch (rng_below(9)) {
    case 7: return 0x0000800000000000UL - 1 - rng_below(16);           /* runs into the hole */
    case 8: return ~0UL - rng_below(16);                               /* wraps around 2^64 */
    case 0: return 0xffff800000000000UL + (rng_next() & ((1UL << 43) - 1));
    case 1: return 0xffff880000000000UL - 8 * (1 + rng_below(4));    /* last words of the hole */
    case 2: return 0x0000800000000000UL + (rng_next() & ((1UL << 47) - 1) & ~0xfffUL) * 2;
    case 3: return rng_below(4096);                                    /* page 0 */
    case 4: return l4_slot_va(10) + rng_below(1UL << 39);              /* an empty L4 slot */
    case 5: return scratch_edge_va() + 4096 - 1 - rng_below(3);        /* runs off the region */
    default: {
        uint64_t p = rng_next() | 0x0000800000000000UL;                /* non-canonical ... */

        return (p >> 47) == 0x1ffff ? p & ~(1UL << 62) : p;            /* ... or the hole */
    }
    }
}

/* A pointer no hypercall may write: unreadable (bad_read_ptr), or one of
 * our read-only pages, the bootstrap page tables. */
uint64_t bad_write_ptr(void)
{
    if (rng_chance(40))
        return guest_start_info->pt_base + rng_below(guest_start_info->nr_pt_frames * 4096);
    return bad_read_ptr();
}

/* A count near a power of two that trips truncation and overflow: 2^31,
 * 2^32 and neighbours, the continuation bit, all ones. */
uint64_t huge_count(void)
{
    static const uint64_t counts[] = {
        0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000UL, 0x100000001UL,
        0x40000000, 0x10000000, ~0UL, 1UL << 63, 0x0fffffffffffffffUL, 0x80000000UL | 3,
    };

    return counts[rng_below(sizeof(counts) / sizeof(counts[0]))] + rng_below(2);
}

/* PTE flag bits for a level: mostly ordinary ones, sometimes any bit,
 * among them the refused PSE/PWT/PCD/G of upper levels and the
 * available and NX bits. */
uint64_t random_pte_flags(int level)
{
    uint64_t f = PTE_P | PTE_A;

    if (rng_chance(50))
        f |= PTE_RW;
    if (level > 1 || rng_chance(30))
        f |= PTE_D;
    if (rng_chance(20))
        f |= PTE_US;
    if (rng_chance(10))
        f &= ~PTE_P;
    if (rng_chance(15))
        f |= 1UL << (3 + rng_below(6));             /* PWT PCD A D PSE/PAT G */
    if (rng_chance(10))
        f |= (rng_next() & 0x7ff0000000000e00UL);  /* available bits */
    if (rng_chance(10))
        f |= PTE_NX;
    return f;
}

/* Allocates size bytes of argument space for this step, sometimes at an
 * odd address (unaligned arguments are legal); the space lives until
 * arena_reset().  Returns NULL when the arena is full. */
void *arena_alloc(unsigned long size)
{
    unsigned long at = (arena_used + 15) & ~15UL;

    if (rng_chance(10))
        at += 1 + rng_below(7);
    if (at + size > ARENA_SIZE)
        return 0;
    arena_used = at + size;
    return arena + at;
}

/* 1 if [p, p + size) lies in the arena. */
int arena_contains(uint64_t p, unsigned long size)
{
    return p >= (uint64_t)arena && p + size <= (uint64_t)arena + ARENA_SIZE;
}

/* Frees the whole arena (at the start of each step). */
void arena_reset(void)
{
    arena_used = 0;
}
