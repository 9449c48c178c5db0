/*
 * The hypervisor's command line (the multiboot2 line in grub.cfg, or
 * qemu -append):
 *
 *   mem=<n>[K|M|G]   memory for the guest (default 128M)
 *   loglevel=<0-2>   0 errors only, 1 information (default), 2 debug
 *   audit            check the frame table against the page tables after
 *                    every hypercall, and stop at the first disagreement
 *   floor            measure the native floor (domain/floor.c) before the
 *                    guest starts, for make bench
 *   preempt=<n>      stop batched hypercalls after n ops and continue them
 *                    (a test of continuations; 0 = only when needed)
 *   selftest=<what>  tests of the hypervisor's own protections, each of
 *                    which must stop it (boot/selftest.c): smap, stack, wx, ro
 *   trace=<cats>     trace these categories (hc,type,pin,val,tlb,exc,evt
 *                    or all; docs/trace.md)
 *   trace_to=ring|serial  where the records go (default ring)
 *   trace_ring=<n>   the ring's size in records (default 16384)
 *
 * Words are separated by spaces.  Anything else is an error.
 */
#ifndef HV_BOOT_CMDLINE_H
#define HV_BOOT_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#define DEFAULT_GUEST_MEM (128UL << 20)

enum selftest {
    SELFTEST_NONE,
    SELFTEST_SMAP,      /* read a guest address outside a SMAP window */
    SELFTEST_STACK,     /* overflow the hypervisor stack into its guard page */
    SELFTEST_WX,        /* add a writable and executable mapping before the check */
    SELFTEST_RO,        /* write the hypercall table after boot */
};

struct hv_options {
    uint64_t guest_mem;     /* bytes */
    int log_level;
    int audit;
    int floor;
    unsigned preempt;       /* ops per batch invocation, 0 = no forced preemption */
    enum selftest selftest;
    uint8_t trace_mask;     /* TRACE_* bits (trace/trace.h), 0 = off */
    uint8_t trace_sink;     /* TRACE_TO_RING or TRACE_TO_SERIAL */
    uint32_t trace_ring;    /* ring size in records */
};

/* Parses line into *opt (defaults first); returns 0, or -1 with a one-line
 * reason in err. */
int cmdline_parse(const char *line, struct hv_options *opt, char *err, size_t errlen);

#endif
