/*
 * The frame allocator (pfn_alloc.h).
 *
 * Attached mode keeps, in pages mapped by mm_init through the frame map:
 *
 *   pfn_stack[0 .. pfn_top-1]   the free PFNs; pfn_alloc pops, pfn_free pushes
 *   pfn_used[]                  one bit per PFN, set = not free
 *
 * The stack is filled highest PFN first, so a fresh allocator hands out
 * ascending PFNs, as the early bump pointer did.
 */
#include <stdint.h>
#include <string.h>
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"

#define BITS_PER_WORD 64

static unsigned long pfn_limit;     /* nr_pages */
static unsigned long pfn_bump;      /* early mode: next PFN to try */
static int pfn_attached;
static uint32_t *pfn_stack;
static unsigned long pfn_top;
static uint64_t *pfn_used;

/* Ranges never handed out or freed, [first, first + n): 0 is the region
 * and (once attached) everything taken in early mode, 1 the ramdisk, 2 the
 * builder's P2M mapping. */
static struct { unsigned long first, n; } pfn_fixed[3];

/* 1 if pfn lies in one of the fixed ranges. */
static int pfn_is_fixed(unsigned long pfn)
{
    for (unsigned int i = 0; i < sizeof(pfn_fixed) / sizeof(pfn_fixed[0]); i++)
        if (pfn - pfn_fixed[i].first < pfn_fixed[i].n)
            return 1;
    return 0;
}

/* Notes the builder's ranges and starts the bump pointer at first_free. */
int pfn_alloc_init(const struct start_info *si, unsigned long first_free)
{
    pfn_limit = si->nr_pages;
    pfn_attached = 0;
    memset(pfn_fixed, 0, sizeof(pfn_fixed));
    pfn_fixed[0].n = first_free;
    if ((si->flags & SIF_MOD_START_PFN) && si->mod_len != 0) {
        pfn_fixed[1].first = si->mod_start;
        pfn_fixed[1].n = (si->mod_len + PAGE_SIZE - 1) / PAGE_SIZE;
    }
    if (si->nr_p2m_frames != 0) {
        pfn_fixed[2].first = si->first_p2m_pfn;
        pfn_fixed[2].n = si->nr_p2m_frames;
    }
    pfn_bump = first_free;
    return 0;
}

/* Moves the bump pointer over a run of n PFNs none of which is fixed. */
unsigned long pfn_alloc_run(unsigned long n)
{
    unsigned long first = pfn_bump;

    if (pfn_attached)
        return INVALID_PFN;
    for (unsigned long pfn = first; pfn < pfn_limit; pfn++) {
        if (pfn_is_fixed(pfn)) {
            first = pfn + 1;
            continue;
        }
        if (pfn + 1 - first == n) {
            pfn_bump = pfn + 1;
            return first;
        }
    }
    return INVALID_PFN;
}

/* The stack's and the bitmap's size, in pages. */
unsigned long pfn_alloc_meta_pages(void)
{
    unsigned long words = (pfn_limit + BITS_PER_WORD - 1) / BITS_PER_WORD;
    unsigned long bytes = pfn_limit * sizeof(uint32_t) + words * sizeof(uint64_t);

    return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* Lays out stack and bitmap at meta and pushes every PFN that is free. */
void pfn_alloc_attach(void *meta)
{
    unsigned long words = (pfn_limit + BITS_PER_WORD - 1) / BITS_PER_WORD;

    pfn_used = meta;
    pfn_stack = (uint32_t *)(pfn_used + words);
    memset(pfn_used, 0, words * sizeof(uint64_t));
    pfn_fixed[0].n = pfn_bump;          /* the early takes join the region */
    pfn_top = 0;
    for (unsigned long pfn = pfn_limit; pfn-- > 0;) {
        if (pfn_is_fixed(pfn))
            pfn_used[pfn / BITS_PER_WORD] |= 1ULL << (pfn % BITS_PER_WORD);
        else
            pfn_stack[pfn_top++] = (uint32_t)pfn;
    }
    pfn_attached = 1;
}

/* Pops the stack (attached) or bumps (early). */
unsigned long pfn_alloc(void)
{
    unsigned long pfn;

    if (!pfn_attached)
        return pfn_alloc_run(1);
    if (pfn_top == 0)
        return INVALID_PFN;
    pfn = pfn_stack[--pfn_top];
    pfn_used[pfn / BITS_PER_WORD] |= 1ULL << (pfn % BITS_PER_WORD);
    return pfn;
}

/* Clears pfn's bit and pushes it, if it was allocated. */
int pfn_free(unsigned long pfn)
{
    uint64_t bit = 1ULL << (pfn % BITS_PER_WORD);

    if (!pfn_attached || pfn >= pfn_limit || pfn_is_fixed(pfn) ||
        !(pfn_used[pfn / BITS_PER_WORD] & bit))
        return -1;
    pfn_used[pfn / BITS_PER_WORD] &= ~bit;
    pfn_stack[pfn_top++] = (uint32_t)pfn;
    return 0;
}

/* The stack's depth; in early mode, what the bump pointer has left. */
unsigned long pfn_nr_free(void)
{
    unsigned long n = 0;

    if (pfn_attached)
        return pfn_top;
    for (unsigned long pfn = pfn_bump; pfn < pfn_limit; pfn++)
        n += !pfn_is_fixed(pfn);
    return n;
}
