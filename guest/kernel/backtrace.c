/* Frame-pointer backtraces (backtrace.h). */
#include "kernel/backtrace.h"

extern char _text[], _end[];

/* 1 if a frame record of two words at fp lies inside the image. */
static int frame_plausible(uint64_t fp)
{
    return (fp & 7) == 0 && fp >= (uint64_t)_text && fp + 16 <= (uint64_t)_end;
}

/* Follows saved rbp links upward while they look like frames. */
int backtrace_walk(uint64_t rbp, uint64_t *out, int max)
{
    int n = 0;

    while (n < max && frame_plausible(rbp)) {
        const uint64_t *frame = (const uint64_t *)rbp;

        if (frame[1] == 0)
            break;
        out[n++] = frame[1];
        if (frame[0] <= rbp)
            break;
        rbp = frame[0];
    }
    return n;
}
