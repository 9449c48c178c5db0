/*
 * Fuzzing sched_op, sched_op_compat, set_timer_op and vcpu_op (pv-abi.md
 * §3.10, §3.14).  The calls that would end or stall the guest are only
 * made in forms that must be refused: a shutdown with a bad pointer or a
 * reason past SHUTDOWN_MAX, a shutdown code likewise (a good one would be
 * latched for the final exit), vcpu_info moved to a frame that is not
 * ours.  Polls always carry a timeout; block is never called.  Timers
 * are set to anything, since the fuzzer never waits for one.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "abi/sched.h"
#include "abi/vcpu.h"
#include "kernel/clock.h"

#define POLL_MAX_PORTS  128
#define EVENT_PORTS     1024

/* A timeout: none, past, soon, far, negative or absurd. */
static uint64_t random_timeout(void)
{
    switch (rng_below(5)) {
    case 0: return 0;
    case 1: return 1 + rng_below(1000);
    case 2: return clock_monotonic_ns() + rng_below(100000);
    case 3: return clock_monotonic_ns() + (rng_next() >> rng_below(64));
    default: return rng_next();
    }
}

/* SCHEDOP_poll: a port list of ours with a timeout already past or very
 * near, or too many ports, bad ports, bad pointers. */
static void gen_poll(struct fuzz_call *c)
{
    struct sched_poll *p = arena_alloc(sizeof(*p));
    uint32_t *ports = arena_alloc(8 * sizeof(uint32_t));
    unsigned n = (unsigned)rng_below(9);

    if (!p || !ports)
        return call_set(c, HC_sched_op, SCHEDOP_yield, 0, 0, 0, MAY_SUCCEED, "yield");
    for (unsigned i = 0; i < 8; i++)
        ports[i] = (uint32_t)rng_below(EVENT_PORTS);
    *p = (struct sched_poll){ (uint64_t)ports, n, 0,
                              rng_chance(80) ? 1 + rng_below(1000) : clock_monotonic_ns() + 20000 };
    switch (rng_below(5)) {
    case 0:
        p->nr_ports = POLL_MAX_PORTS + 1 + (uint32_t)rng_next() % (1u << 31);
        return call_set(c, HC_sched_op, SCHEDOP_poll, (uint64_t)p, 0, 0, ERR(EINVAL),
                        "poll of too many ports");
    case 1:
        ports[rng_below(n ? n : 1)] = EVENT_PORTS + (uint32_t)rng_below(1u << 31);
        p->nr_ports = n ? n : 1;
        return call_set(c, HC_sched_op, SCHEDOP_poll, (uint64_t)p, 0, 0, ERR(EINVAL),
                        "poll of a port past the last");
    case 2:
        p->ports = bad_read_ptr();
        p->nr_ports = 1 + (uint32_t)rng_below(POLL_MAX_PORTS);
        return call_set(c, HC_sched_op, SCHEDOP_poll, (uint64_t)p, 0, 0, ERR(EFAULT),
                        "poll of a bad port list");
    case 3:
        return call_set(c, HC_sched_op, SCHEDOP_poll, bad_read_ptr(), 0, 0, ERR(EFAULT),
                        "poll from a bad pointer");
    default:
        return call_set(c, HC_sched_op, SCHEDOP_poll, (uint64_t)p, 0, 0, MAY_SUCCEED, "poll");
    }
}

/* sched_op and sched_op_compat. */
void gen_sched(struct fuzz_call *c)
{
    uint32_t *reason = arena_alloc(sizeof(uint32_t));

    if (!reason)
        return call_set(c, HC_sched_op, SCHEDOP_yield, 0, 0, 0, MAY_SUCCEED, "yield");
    *reason = SHUTDOWN_MAX + 1 + (uint32_t)rng_below(1u << 31);
    switch (rng_below(12)) {
    case 0: case 1:
        return call_set(c, HC_sched_op, SCHEDOP_yield, rng_next(), 0, 0, MAY_SUCCEED, "yield");
    case 2: case 3:
        return gen_poll(c);
    case 4:
        return call_set(c, HC_sched_op, rng_chance(50) ? SCHEDOP_shutdown : SCHEDOP_shutdown_code,
                        (uint64_t)reason, 0, 0, ERR(EINVAL), "shutdown with a bad reason");
    case 5:
        return call_set(c, HC_sched_op, rng_chance(50) ? SCHEDOP_shutdown : SCHEDOP_shutdown_code,
                        bad_read_ptr(), 0, 0, ERR(EFAULT), "shutdown from a bad pointer");
    case 6:
        return call_set(c, HC_sched_op, rng_chance(50) ? SCHEDOP_remote_shutdown + 2 * rng_below(2)
                                                       : 7 + rng_below(1u << 31),
                        (uint64_t)reason, 0, 0, ERR(ENOSYS) | ERR(EFAULT) | ERR(EINVAL),
                        "sched_op with an unknown command");
    case 7:
        return call_set(c, HC_sched_op_compat, SCHEDOP_yield, 0, 0, 0, MAY_SUCCEED, "compat yield");
    case 8:
        return call_set(c, HC_sched_op_compat, SCHEDOP_shutdown, *reason, 0, 0, ERR(EINVAL),
                        "compat shutdown with a bad reason");
    case 9:
        return call_set(c, HC_sched_op_compat, 3 + rng_below(1u << 31), rng_next(), 0, 0, ERR(ENOSYS),
                        "compat sched_op with an unknown command");
    default:
        return call_set(c, HC_set_timer_op, random_timeout(), 0, 0, 0, MAY_SUCCEED, "set_timer_op");
    }
}

/* vcpu_op: timers, is_up, another vCPU, vcpu_info moved somewhere bad,
 * commands pvx leaves out. */
void gen_vcpu_op(struct fuzz_call *c)
{
    uint64_t *arg = arena_alloc(16);
    uint64_t cmd = rng_below(13);

    if (!arg)
        return call_set(c, HC_vcpu_op, VCPUOP_is_up, 0, 0, 0, MAY_SUCCEED, "is_up");
    if (cmd <= VCPUOP_down)     /* initialise, up, down: on Xen, down stops the only vCPU */
        cmd = VCPUOP_get_runstate_info + rng_below(2);
    arg[0] = rng_chance(50) ? random_timeout() : rng_below(10000000);
    arg[1] = rng_next();
    if (rng_chance(10))
        return call_set(c, HC_vcpu_op, cmd, 1 + rng_below(1u << 31), (uint64_t)arg, 0, ERR(ENOENT),
                        "vcpu_op of another vCPU");
    switch (cmd) {
    case VCPUOP_is_up: case VCPUOP_stop_periodic_timer: case VCPUOP_stop_singleshot_timer:
        return call_set(c, HC_vcpu_op, cmd, 0, (uint64_t)arg, 0, MAY_SUCCEED, "vcpu_op");
    case VCPUOP_set_periodic_timer: case VCPUOP_set_singleshot_timer:
        if (rng_chance(15))
            return call_set(c, HC_vcpu_op, cmd, 0, bad_read_ptr(), 0, ERR(EFAULT),
                            "vcpu_op timer from a bad pointer");
        if (cmd == VCPUOP_set_periodic_timer)
            arg[0] = rng_chance(50) ? 1000000 + rng_below(1UL << 40) : rng_below(1000000);
        return call_set(c, HC_vcpu_op, cmd, 0, (uint64_t)arg, 0,
                        cmd == VCPUOP_set_periodic_timer && arg[0] < 1000000 ? ERR(EINVAL) : 0,
                        "vcpu_op timer");
    case VCPUOP_register_vcpu_info:
        switch (rng_below(3)) {
        case 0:
            return call_set(c, HC_vcpu_op, cmd, 0, bad_read_ptr(), 0, ERR(EFAULT),
                            "register_vcpu_info from a bad pointer");
        case 1:
            arg[0] = any_world_mfn();
            arg[1] = 4096 - 63 + rng_below(1u << 31);
            return call_set(c, HC_vcpu_op, cmd, 0, (uint64_t)arg, 0, ERR(ENXIO),
                            "register_vcpu_info past the end of the frame");
        default:
            arg[0] = hostile_mfn();
            arg[1] = 8 * rng_below(500);
            return call_set(c, HC_vcpu_op, cmd, 0, (uint64_t)arg, 0, ERR(EINVAL),
                            "register_vcpu_info in a frame not ours");
        }
    case VCPUOP_send_nmi:       /* an NMI would need a handler the fuzzer may have removed */
        cmd = 12 + rng_below(1u << 31);
        /* fall through */
    default:
        return call_set(c, HC_vcpu_op, cmd, 0, (uint64_t)arg, 0, ERR(ENOSYS),
                        "vcpu_op command pvx leaves out");
    }
}
