/*
 * The PFN allocator (pfn_alloc.h): one bit per PFN, set = in use.  A search
 * hint makes the common alloc-after-free and fresh-alloc cases short.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pte.h"

#define BITS_PER_WORD 64

static uint64_t *pfn_used;
static unsigned long pfn_limit;     /* nr_pages */
static unsigned long pfn_free_count;
static unsigned long pfn_hint;      /* no free PFN below this */

/* The builder's ranges, [first, first + n): never handed out or freed. */
static struct { unsigned long first, n; } pfn_builders[3];

/* 1 if pfn lies in one of the builder's ranges. */
static int pfn_is_builders(unsigned long pfn)
{
    for (unsigned int i = 0; i < sizeof(pfn_builders) / sizeof(pfn_builders[0]); i++)
        if (pfn - pfn_builders[i].first < pfn_builders[i].n)
            return 1;
    return 0;
}

/* Marks the builder's range number `which`, [first, first + n), used. */
static void pfn_reserve(unsigned int which, unsigned long first, unsigned long n)
{
    pfn_builders[which].first = first;
    pfn_builders[which].n = n;
    for (unsigned long pfn = first; pfn < first + n && pfn < pfn_limit; pfn++) {
        uint64_t bit = 1ULL << (pfn % BITS_PER_WORD);

        if (!(pfn_used[pfn / BITS_PER_WORD] & bit)) {
            pfn_used[pfn / BITS_PER_WORD] |= bit;
            pfn_free_count--;
        }
    }
}

/* Builds the bitmap: everything from first_free is free except the builder's. */
int pfn_alloc_init(const struct start_info *si, unsigned long first_free)
{
    unsigned long words = (si->nr_pages + BITS_PER_WORD - 1) / BITS_PER_WORD;

    free(pfn_used);
    pfn_used = calloc(words, sizeof(*pfn_used));
    if (pfn_used == NULL)
        return -1;
    pfn_limit = si->nr_pages;
    pfn_free_count = pfn_limit;
    memset(pfn_builders, 0, sizeof(pfn_builders));
    pfn_reserve(0, 0, first_free);
    if ((si->flags & SIF_MOD_START_PFN) && si->mod_len != 0)
        pfn_reserve(1, si->mod_start, (si->mod_len + PAGE_SIZE - 1) / PAGE_SIZE);
    if (si->nr_p2m_frames != 0)
        pfn_reserve(2, si->first_p2m_pfn, si->nr_p2m_frames);
    pfn_hint = first_free;
    return 0;
}

/* Finds the first clear bit at or after the hint and sets it. */
unsigned long pfn_alloc(void)
{
    for (unsigned long pfn = pfn_hint; pfn < pfn_limit; pfn++) {
        uint64_t bit = 1ULL << (pfn % BITS_PER_WORD);

        if (pfn_used[pfn / BITS_PER_WORD] & bit)
            continue;
        pfn_used[pfn / BITS_PER_WORD] |= bit;
        pfn_free_count--;
        pfn_hint = pfn + 1;
        return pfn;
    }
    pfn_hint = pfn_limit;
    return INVALID_PFN;
}

/* Clears pfn's bit if it was set. */
int pfn_free(unsigned long pfn)
{
    uint64_t bit = 1ULL << (pfn % BITS_PER_WORD);

    if (pfn >= pfn_limit || pfn_is_builders(pfn) || !(pfn_used[pfn / BITS_PER_WORD] & bit))
        return -1;
    pfn_used[pfn / BITS_PER_WORD] &= ~bit;
    pfn_free_count++;
    if (pfn < pfn_hint)
        pfn_hint = pfn;
    return 0;
}

/* Free PFNs left. */
unsigned long pfn_nr_free(void)
{
    return pfn_free_count;
}
