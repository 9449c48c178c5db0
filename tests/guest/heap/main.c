/*
 * The heap behind malloc (guest/lib/heap.c, guest/mm/kheap.h), on pvx and
 * Xen 4.17: pages are mapped on demand from the frame allocator when the
 * break grows and given back when it shrinks.
 *
 * A large malloc must take about as many frames as it has pages (not
 * fewer: the memory must really be there, every page writable; not many
 * more: a leak per growth would show).  Freeing it lets newlib trim the
 * top of the heap, and the frames must come back.  Memory fresh from sbrk
 * must read as zero, also where the heap once was and shrank away: calloc
 * relies on that.  A heap that kept stale frames, freed frames still
 * mapped, or handed out dirty memory as fresh fails here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mm/pfn_alloc.h"
#include "mm/pte.h"
#include "tests/guest/lib/test.h"

#define BIG     (8UL << 20)         /* 2048 pages */

#define CHUNK   (64UL << 10)

/* 1 if all n bytes at p are zero. */
static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

/* Memory fresh from sbrk reads as zero, also after it was written, given
 * back and taken again (newlib's calloc relies on that). */
static void sbrk_again(void)
{
    unsigned char *p = sbrk(CHUNK);

    test_check("sbrk: fresh memory reads as zero", all_zero(p, CHUNK), 1);
    memset(p, 0x5a, CHUNK);
    sbrk(-(long)CHUNK);
    test_check("sbrk: the same memory again", sbrk(CHUNK) == p, 1);
    test_check("sbrk: reads as zero again", all_zero(p, CHUNK), 1);
    sbrk(-(long)CHUNK);
}

int main(void)
{
    unsigned long free_before, taken;
    unsigned char *big, *again;
    void *brk_before;

    printf("heap: %s\n", test_on_pvx() ? "pvx" : "xen");  /* stdout's buffer first */
    brk_before = sbrk(0);
    free_before = pfn_nr_free();
    big = malloc(BIG);
    test_check("malloc 8 MiB", big != NULL, 1);
    if (big == NULL)
        return test_finish();
    taken = free_before - pfn_nr_free();
    test_check("it took at least 2048 frames", taken >= BIG / PAGE_SIZE, 1);
    test_check("and at most 2048 + 16 (one chunk) + a few tables",
               taken <= BIG / PAGE_SIZE + 16 + 4, 1);
    memset(big, 0xa5, BIG);
    test_check("every page writable (last byte)", big[BIG - 1], 0xa5);
    free(big);
    test_check("free gives the frames back (trim)", free_before - pfn_nr_free() <= 16, 1);
    test_check("the break is back near where it was",
               (char *)sbrk(0) - (char *)brk_before < 256 << 10, 1);
    again = calloc(1, BIG);
    test_check("calloc 8 MiB over the old heap", again != NULL, 1);
    if (again != NULL) {
        test_check("reads as zero although the old heap was 0xa5", all_zero(again, BIG), 1);
        free(again);
    }
    test_check("sbrk beyond memory fails with ENOMEM", sbrk(1L << 40) == (void *)-1, 1);
    sbrk_again();
    test_check("frames all back at the end", free_before - pfn_nr_free() <= 16, 1);
    return test_finish();
}
