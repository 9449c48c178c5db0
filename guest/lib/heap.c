/*
 * The heap behind newlib's malloc: _sbrk moves a break through a fixed array
 * in .bss (which the builder maps and zeroes with the rest of the image).
 *
 * For now the heap is static, GUEST_HEAP_SIZE bytes (default 16 MiB, set with
 * -DGUEST_HEAP_SIZE=...).  A heap backed by page tables the guest builds
 * itself, growing into the memory beyond the bootstrap region, comes with the
 * guest's MMU code (guest/mm/).
 */
#define _COMPILING_NEWLIB   /* newlib's headers then declare the _<call> prototypes */

#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "posix_name.h"

#ifndef GUEST_HEAP_SIZE
#define GUEST_HEAP_SIZE (16UL << 20)
#endif

static char heap[GUEST_HEAP_SIZE] __attribute__((aligned(4096)));
static size_t heap_break;   /* bytes of heap handed out */

/*
 * Move the break by incr bytes (negative gives memory back).  Returns the old
 * break, or (void *)-1 with errno ENOMEM if the new break would leave the heap;
 * the break is then unchanged.
 */
void *_sbrk(ptrdiff_t incr)
{
    size_t old = heap_break;
    size_t delta = incr >= 0 ? (size_t)incr : -(size_t)incr;

    if (incr >= 0 ? delta > GUEST_HEAP_SIZE - old : delta > old) {
        errno = ENOMEM;
        return (void *)-1;
    }
    heap_break = old + incr;
    return heap + old;
}
POSIX_NAME(sbrk, _sbrk);
