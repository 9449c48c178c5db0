/*
 * Redirected calls (trace/trace.h): with trace=type or val, every call the
 * compiler made of the type machine's slow halves, frame_get_first_type
 * and frame_put_last_type (mm/page_type.c), is sent to a recording twin
 * (trace_hooks.c) by rewriting the call's displacement once at boot:
 *
 *   as built:   e8 <disp to frame_get_first_type>          call frame_get_first_type
 *   redirected: e8 <disp to traced_frame_get_first_type>   call traced_frame_get_first_type
 *                                          -> frame_get_first_type, then the records
 *
 * Without the trace the text stays as GCC made it: the type machine has no
 * test for the trace, no pointer to call through, and GCC keeps what it
 * knows about the registers these functions change (a twin saves every
 * register it touches).  The calls are inlined into many callers, tail
 * calls among them; scripts/trace-calls.sh finds them in the linked image
 * and writes their places into the .trace_calls section.
 */
#include "trace/trace.h"
#include "mm/page_type.h"
#include "arch/machine.h"
#include "lib/string.h"

struct trace_call {
    uint64_t disp;          /* where the 32-bit displacement is */
    uint64_t callee;        /* the function it reaches as built */
};

/* The room scripts/trace-calls.sh fills (zeros here; a zero entry ends it). */
static const struct trace_call room[TRACE_CALLS_MAX]
    __attribute__((section(".trace_calls"), used));
extern const struct trace_call trace_calls_start[];     /* hv.ld: the same, unknown to GCC */
extern char hv_text_start[], hv_text_end[];

/* Returns the address the displacement at disp makes its instruction reach. */
static uint64_t disp_target(uint64_t disp)
{
    int32_t rel;

    memcpy(&rel, (const void *)disp, sizeof(rel));
    return disp + sizeof(rel) + (uint64_t)(int64_t)rel;
}

/* Redirects every recorded call of frame_get_first_type and
 * frame_put_last_type to their twins; returns how many.  Panics if the table does not describe the text
 * (an image not made by the Makefile). */
unsigned trace_calls_redirect(void)
{
    static const struct { uint64_t callee, twin; } twins[] = {
        { (uint64_t)frame_get_first_type, (uint64_t)traced_frame_get_first_type },
        { (uint64_t)frame_put_last_type, (uint64_t)traced_frame_put_last_type },
    };
    unsigned n = 0;

    for (const struct trace_call *c = trace_calls_start; c->disp; c++, n++) {
        unsigned i = 0;
        int32_t rel;

        while (i < 2 && twins[i].callee != c->callee)
            i++;
        if (i == 2 || c->disp < (uint64_t)hv_text_start || c->disp + 4 > (uint64_t)hv_text_end ||
            disp_target(c->disp) != c->callee)
            panic("trace: the call table does not match the text at 0x%lx "
                  "(scripts/trace-calls.sh fills it)", c->disp);
        rel = (int32_t)(twins[i].twin - c->disp - sizeof(rel));
        memcpy((void *)c->disp, &rel, sizeof(rel));
    }
    if (!n)
        panic("trace: the call table is empty (scripts/trace-calls.sh fills it)");
    return n;
}
