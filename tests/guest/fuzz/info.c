/*
 * Fuzzing the small informational and configuration hypercalls
 * (pv-abi.md §1.2, §2, §3.9, §3.11, §3.12, §3.15): console_io, xen_version,
 * physdev_op, vm_assist, every number without a handler (through the
 * hypercall page) and wild numbers past the page (straight SYSCALL).
 * Writes into read-only or unmapped buffers must fail with -EFAULT; the
 * page size is 4096 and the version positive.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "abi/console.h"
#include "mm/scratch.h"

#define XENVER_BUFFER   1024        /* the largest reply, capabilities */

/* Checks xen_version's positive answers. */
static void check_version(const struct fuzz_call *c, long rc)
{
    if (c->arg[0] == XENVER_pagesize && rc >= 0 && rc != 4096)
        fuzz_fail("%s: pagesize %ld", c->what, rc);
    if (c->arg[0] == XENVER_version && rc <= 0)
        fuzz_fail("%s: version %ld", c->what, rc);
}

/* 1 for the numbers 0..127 that have no handler in pvx (iret, 23, is not
 * one of them; it has a family of its own, iret.c). */
static int no_handler(unsigned nr)
{
    static const uint8_t handled[] = {
        HC_set_trap_table, HC_mmu_update, HC_set_gdt, HC_stack_switch, HC_set_callbacks,
        HC_fpu_taskswitch, HC_sched_op_compat, HC_update_descriptor, HC_multicall,
        HC_update_va_mapping, HC_set_timer_op, HC_xen_version, HC_console_io, HC_vm_assist,
        HC_iret, HC_vcpu_op, HC_set_segment_base, HC_mmuext_op, HC_sched_op, HC_callback_op,
        HC_event_channel_op, HC_physdev_op,
    };

    for (unsigned i = 0; i < sizeof(handled); i++)
        if (handled[i] == nr)
            return 0;
    return 1;
}

/* xen_version: every command into a good buffer, or into one we may not
 * write. */
static void gen_xen_version(struct fuzz_call *c)
{
    uint64_t cmd = rng_below(10), buf = (uint64_t)arena_alloc(XENVER_BUFFER);
    int writes = cmd == XENVER_extraversion || cmd == XENVER_capabilities ||
                 cmd == XENVER_platform_parameters || cmd == XENVER_get_features;

    if (cmd == 9)
        cmd = 9 + rng_below(1u << 31);
    if (buf && writes && rng_chance(25))
        return call_set(c, HC_xen_version, cmd, bad_write_ptr(), 0, 0,
                        ERR(EFAULT) | (cmd == XENVER_get_features ? ERR(EINVAL) : 0),
                        "xen_version into a bad buffer");     /* a readable submap_idx may be bad */
    if (buf && cmd == XENVER_get_features)
        *(uint32_t *)buf = rng_chance(80) ? 0 : (uint32_t)rng_next();
    if (cmd == XENVER_pagesize && rng_chance(70))
        buf = 0;                /* with an argument: -EINVAL, as on Xen */
    call_set(c, HC_xen_version, cmd, buf, 0, 0,
             cmd > XENVER_guest_handle ? ERR(ENOSYS) : cmd == XENVER_pagesize && buf ? ERR(EINVAL) : 0,
             "xen_version");
    c->check = check_version;
}

/* A pointer whose first byte is unreadable already (bad_read_ptr but the
 * one that runs off our memory), so that a refused write prints nothing. */
static uint64_t unreadable_ptr(void)
{
    uint64_t p;

    do
        p = bad_read_ptr();
    while (p >= scratch_edge_va() && p < scratch_edge_va() + 4096);
    return p;
}

/* console_io: empty writes and reads (the log stays readable), writes
 * from bad buffers, huge counts, unknown commands. */
static void gen_console_io(struct fuzz_call *c)
{
    char *buf = arena_alloc(64);

    if (!buf)
        return call_set(c, HC_console_io, 7, 0, 0, 0, ERR(ENOSYS), "console_io unknown");
    switch (rng_below(5)) {
    case 0:
        return call_set(c, HC_console_io, CONSOLEIO_write, 0, (uint64_t)buf, 0, MAY_SUCCEED,
                        "console_io write of nothing");
    case 1:
        return call_set(c, HC_console_io, CONSOLEIO_read, rng_below(64), (uint64_t)buf, 0, 0,
                        "console_io read");
    case 2:
        return call_set(c, HC_console_io, CONSOLEIO_write, 1 + rng_below(4096), unreadable_ptr(), 0,
                        ERR(EFAULT), "console_io write from a bad buffer");
    case 3:     /* the count is 32 bits: 2^32 writes nothing, 2^32 + 1 one byte */
        return call_set(c, HC_console_io, CONSOLEIO_write + rng_below(2), huge_count(),
                        unreadable_ptr(), 0, MAY_SUCCEED | ERR(EFAULT) | ERR(E2BIG),
                        "console_io of a huge count");
    default:
        return call_set(c, HC_console_io, 2 + rng_below(1u << 31), 1, (uint64_t)buf, 0, ERR(ENOSYS),
                        "console_io unknown command");
    }
}

/* physdev_op: set_iopl to any level, or refused ones; other commands. */
static void gen_physdev_op(struct fuzz_call *c)
{
    uint32_t *iopl = arena_alloc(4);

    if (!iopl || rng_chance(20))
        return call_set(c, HC_physdev_op, PHYSDEVOP_set_iopl, bad_read_ptr(), 0, 0, ERR(EFAULT),
                        "set_iopl from a bad pointer");
    *iopl = rng_chance(70) ? (uint32_t)rng_below(4) : 4 + (uint32_t)rng_below(1u << 31);
    if (rng_chance(20))
        return call_set(c, HC_physdev_op, rng_chance(50) ? rng_below(6) : 7 + rng_below(1000),
                        (uint64_t)iopl, 0, 0, ERR(ENOSYS), "physdev_op left out");
    call_set(c, HC_physdev_op, PHYSDEVOP_set_iopl, (uint64_t)iopl, 0, 0,
             *iopl > 3 ? ERR(EINVAL) : MAY_SUCCEED, "set_iopl");
}

/* vm_assist: the accepted types on and off, others refused. */
static void gen_vm_assist(struct fuzz_call *c)
{
    static const uint64_t types[] = { 0, 1, 2, 3, 4, 5, 32 };
    uint64_t cmd = rng_chance(90) ? rng_below(2) : 2 + rng_below(1u << 31);
    uint64_t type = rng_chance(70) ? types[rng_below(7)] : 6 + rng_below(64);

    call_set(c, HC_vm_assist, cmd, type, 0, 0,
             cmd > 1 ? ERR(ENOSYS) : type != 32 && type > 5 ? ERR(EINVAL) : MAY_SUCCEED, "vm_assist");
}

/* One informational call, or a number without a handler. */
void gen_info(struct fuzz_call *c)
{
    unsigned nr;

    switch (rng_below(6)) {
    case 0: return gen_xen_version(c);
    case 1: return gen_console_io(c);
    case 2: return gen_physdev_op(c);
    case 3: return gen_vm_assist(c);
    case 4:
        do
            nr = (unsigned)rng_below(128);
        while (!no_handler(nr));
        return call_set(c, nr, rng_next(), rng_next(), rng_next(), rng_next(), ERR(ENOSYS),
                        "a number without a handler");
    default:
        call_set(c, 0, rng_next(), rng_next(), rng_next(), rng_next(), ERR(ENOSYS),
                 "a wild hypercall number");
        c->nr = 128 + rng_below(1UL << rng_below(64));
        return;
    }
}
