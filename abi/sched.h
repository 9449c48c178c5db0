/* sched_op (29) commands and shutdown reasons (pv-abi.md §3.10). */
#ifndef ABI_SCHED_H
#define ABI_SCHED_H

#include <stdint.h>

#define SCHEDOP_yield          0
#define SCHEDOP_block          1
#define SCHEDOP_shutdown       2
#define SCHEDOP_poll           3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code  5
#define SCHEDOP_watchdog       6

#define SHUTDOWN_poweroff      0
#define SHUTDOWN_reboot        1
#define SHUTDOWN_suspend       2
#define SHUTDOWN_crash         3
#define SHUTDOWN_watchdog      4
#define SHUTDOWN_soft_reset    5
#define SHUTDOWN_MAX           5

struct sched_shutdown {
    uint32_t reason;            /* SHUTDOWN_* */
};

/* SCHEDOP_poll: wait for one of nr_ports ports (guest pointer `ports` to
 * uint32_t[]) or until the absolute system time `timeout` (0 = none). */
struct sched_poll {
    uint64_t ports;
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;
};

_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll layout");

#endif
