/*
 * Whether a kernel feature (traps, shared_info, events, clock, timers) is
 * usable, and if not, why.  Each feature starts "not initialised"; its init
 * function either marks it ready or records the failing hypercall, which is
 * printed once at boot and returned to whoever asks later (tests report it
 * in their "not ok" line, apps/bench in its "unavailable" line).  A missing
 * feature never stops the boot: hello runs on a hypervisor that has none.
 */
#ifndef GUEST_KERNEL_FEATURE_H
#define GUEST_KERNEL_FEATURE_H

struct feature {
    const char *name;           /* "traps", "events", ... */
    const char *missing;        /* NULL when ready */
    char text[64];              /* storage for the reason */
};

#define FEATURE_INIT(feature_name) { .name = feature_name, .missing = "not initialised" }

/* Marks f ready. */
void feature_ready(struct feature *f);

/* Records why f is missing (printf-style) and prints
 * "<name>: <reason> (<consequence>)". */
void feature_fail(struct feature *f, const char *consequence, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records that f is missing because another feature is, without printing
 * (that one already said why). */
void feature_depends(struct feature *f, const char *other_missing);

#endif
