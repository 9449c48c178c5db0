/*
 * The direct map: all machine memory (the first 4 GiB, mapped by the boot
 * page tables with 2 MiB pages) at DIRECTMAP_BASE, in the hypervisor's L4
 * slot 257.  The hypervisor image lives inside it.
 *
 *   machine address  0 ............................ 4 GiB
 *   hv virtual       0xffff808000000000 ........... 0xffff808100000000
 */
#ifndef HV_MM_DIRECTMAP_H
#define HV_MM_DIRECTMAP_H

#include <stdint.h>

#define DIRECTMAP_SIZE   (4UL << 30)
#define DIRECTMAP_L4_SLOT 257

/* Host unit tests (tests/unit) build the MM code against a fake machine
 * memory: an array they allocate, whose address stands in for the base. */
#ifdef PVX_UNIT_TEST
extern uintptr_t unit_fake_directmap;
#define DIRECTMAP_BASE   ((uint64_t)unit_fake_directmap)
#else
#define DIRECTMAP_BASE   0xffff808000000000UL
#endif

/* Returns the hypervisor's pointer to machine address ma. */
static inline void *maddr_to_virt(uint64_t ma)
{
    return (void *)(DIRECTMAP_BASE + ma);
}

/* Returns the machine address of a direct-map pointer. */
static inline uint64_t virt_to_maddr(const void *p)
{
    return (uint64_t)p - DIRECTMAP_BASE;
}

/* Returns the hypervisor's pointer to machine frame mfn. */
static inline void *mfn_to_virt(uint64_t mfn)
{
    return maddr_to_virt(mfn << 12);
}

#endif
