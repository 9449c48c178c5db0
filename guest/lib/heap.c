/*
 * The heap behind newlib's malloc: _sbrk moves a break through the kernel
 * heap area (guest/mm/kva.h), whose pages guest/mm/kheap.h maps on demand
 * with frames from the frame allocator.
 *
 *   KHEAP_BASE            break          kheap_mapped()
 *   | in use by malloc    |  mapped, zero |  not mapped ...
 *   +---------------------+---------------+--------------
 *
 * The heap grows by whole chunks of HEAP_CHUNK bytes (one batch of entry
 * writes each), and gives frames back when the break drops a chunk or more
 * below the mapped end.  Memory past the break always reads as zero: newlib
 * assumes that of memory fresh from sbrk (calloc relies on it), so what the
 * break gives back is zeroed.  The first _sbrk may come before anything
 * called mm_init() (printf's first buffer, say), so it calls it.
 */
#define _COMPILING_NEWLIB   /* newlib's headers then declare the _<call> prototypes */

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "posix_name.h"
#include "mm/kheap.h"
#include "mm/kva.h"
#include "mm/mm.h"

#define HEAP_CHUNK  (64UL << 10)

static size_t heap_break;   /* bytes handed out */

/*
 * Move the break by incr bytes (negative gives memory back).  Returns the old
 * break, or (void *)-1 with errno ENOMEM if the heap area or the frames run
 * out; the break is then unchanged.
 */
void *_sbrk(ptrdiff_t incr)
{
    size_t old = heap_break;
    size_t delta = incr >= 0 ? (size_t)incr : -(size_t)incr;
    size_t want, mapped;

    if (mm_init() != 0 || (incr >= 0 ? delta > KHEAP_MAX_BYTES - old : delta > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    want = (old + incr + HEAP_CHUNK - 1) & ~(HEAP_CHUNK - 1);
    if (want > kheap_mapped() && kheap_grow(want) != 0) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (incr < 0) {
        if (kheap_mapped() - want >= HEAP_CHUNK)
            kheap_shrink(want);
        mapped = kheap_mapped();
        memset((char *)KHEAP_BASE + old + incr, 0, (old < mapped ? old : mapped) - (old + incr));
    }
    heap_break = old + incr;
    return (char *)KHEAP_BASE + old;
}
POSIX_NAME(sbrk, _sbrk);
