/* Shared helpers of the address-space test (main.c). */
#ifndef TESTS_GUEST_ASPACE_TEST_H
#define TESTS_GUEST_ASPACE_TEST_H

#include <stddef.h>
#include <stdint.h>
#include "mm/aspace.h"
#include "mm/frame_ref.h"
#include "mm/mmu_batch.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_build.h"
#include "tests/guest/lib/test.h"

#define VA_LOW      0x400000UL          /* L4 0, L3 0, L2 2 */
#define VA_SLOT1    0x8000000000UL      /* L4 slot 1 */

/* Byte access to the current address space. */
static inline void poke(unsigned long va, char c)
{
    *(volatile char *)va = c;
}

static inline char peek(unsigned long va)
{
    return *(volatile char *)va;
}

/* The PFN an address space maps at va, or INVALID_PFN. */
unsigned long mapped_pfn(const struct aspace *as, unsigned long va);

/* The level-`level` entry for va in as (4..1), or 0 if a table above is
 * missing. */
uint64_t entry_at(const struct aspace *as, unsigned long va, int level);

/* A new address space with npages fresh zeroed writable pages at va;
 * NULL (and a failed check) if that does not work. */
struct aspace *aspace_with(unsigned long va, unsigned long npages);

void test_switch(void);
void test_map(void);
void test_fork(void);
void test_batch(void);
void test_strategies(void);

#endif
