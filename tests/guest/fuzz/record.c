/*
 * What the fuzzer counts and checks for every result (fuzz.h): the counts
 * per hypercall and per result, the documented error set of each hypercall
 * (pv-abi.md §1.2 and §3), and the failures.  A result outside its
 * hypercall's documented set is a failure, and so is a result the
 * generator ruled out (a hostile call that succeeded, or failed with an
 * error other than the one the ABI gives for that input).
 */
#include <stdarg.h>
#include <stdio.h>
#include "abi/hypercall_names.h"
#include "tests/guest/fuzz/fuzz.h"

#define NR_NUMBERS      129         /* 0..127 through the page, 128 = wild rax */
#define NR_RESULTS      128         /* -127..-1 by errno, 0 success, 1..: positive */
#define MAX_PRINTED     20

uint64_t fuzz_step;
static unsigned long calls, failures;
static unsigned long per_call[NR_NUMBERS];
static unsigned long per_result[NR_NUMBERS][3];         /* ok, positive, error */
static unsigned long per_errno[NR_RESULTS];
static unsigned long per_call_errno[NR_NUMBERS][NR_RESULTS];

/* The name of number n in the report: the hypercall's, or what stands for
 * all numbers from 128 on (counted at 128); 0 for a number without one. */
static const char *number_name(unsigned n)
{
    return n == 128 ? "(rax >= 128)" : hypercall_name(n);
}

static const char *const errno_names[NR_RESULTS] = {
    [XEN_EPERM] = "EPERM", [XEN_ENOENT] = "ENOENT", [XEN_ESRCH] = "ESRCH", [XEN_EIO] = "EIO",
    [XEN_ENXIO] = "ENXIO", [XEN_E2BIG] = "E2BIG", [XEN_EBADF] = "EBADF",
    [XEN_EAGAIN] = "EAGAIN", [XEN_ENOMEM] = "ENOMEM", [XEN_EACCES] = "EACCES",
    [XEN_EFAULT] = "EFAULT", [XEN_EBUSY] = "EBUSY", [XEN_EEXIST] = "EEXIST",
    [XEN_ENODEV] = "ENODEV", [XEN_EINVAL] = "EINVAL", [XEN_ENOSPC] = "ENOSPC",
    [XEN_ERANGE] = "ERANGE", [XEN_ENOSYS] = "ENOSYS", [XEN_ETIME] = "ETIME",
    [XEN_ERESTART] = "ERESTART", [XEN_EOPNOTSUPP] = "EOPNOTSUPP",
};

/* The errors each hypercall may return at all (pv-abi.md §3); 0 for the
 * hypercalls that always succeed, and numbers without a handler give
 * only -ENOSYS. */
static uint64_t documented_errors(uint64_t nr)
{
    switch (nr) {
    case HC_mmu_update:
        return ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY) | ERR(ENOSYS) | ERR(EFAULT) | ERR(ESRCH);
    case HC_update_va_mapping:
        return ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY) | ERR(EFAULT) | ERR(ESRCH);
    case HC_mmuext_op:
        return ERR(EINVAL) | ERR(EPERM) | ERR(EBUSY) | ERR(ENOSYS) | ERR(EFAULT) |
               ERR(ESRCH) | ERR(EACCES) | ERR(EOPNOTSUPP);
    case HC_multicall: return ERR(EFAULT) | ERR(EINVAL);
    case HC_set_gdt: case HC_update_descriptor: case HC_set_trap_table:
        return ERR(EFAULT) | ERR(EINVAL);
    case HC_set_callbacks: case HC_stack_switch: case HC_fpu_taskswitch: case HC_set_timer_op:
        return 0;
    case HC_set_segment_base:
        return ERR(EINVAL);
    case HC_callback_op: case HC_sched_op: case HC_xen_version: case HC_physdev_op:
        return ERR(EFAULT) | ERR(EINVAL) | ERR(ENOSYS);
    case HC_sched_op_compat: case HC_vm_assist:
        return ERR(EINVAL) | ERR(ENOSYS);
    case HC_event_channel_op:
        return ERR(EFAULT) | ERR(EINVAL) | ERR(ENOENT) | ERR(ENOSPC) | ERR(ENOSYS) |
               ERR(ESRCH) | ERR(EEXIST) | ERR(EPERM);
    case HC_vcpu_op:
        return ERR(EFAULT) | ERR(EINVAL) | ERR(ENOENT) | ERR(ENOSYS) | ERR(ENXIO);
    case HC_console_io:
        return ERR(EFAULT) | ERR(E2BIG) | ERR(ENOSYS);
    default:
        return ERR(ENOSYS);
    }
}

/* The bit of a negative result in an allowed set (fuzz.h ERR()). */
static uint64_t error_bit(long rc)
{
    return 1ULL << ((-rc) & 63);
}

/* Counts one result of hypercall nr (a sub-call of a multicall too). */
void record_result(uint64_t nr, long rc)
{
    unsigned n = nr < NR_NUMBERS - 1 ? (unsigned)nr : NR_NUMBERS - 1;

    calls++;
    per_call[n]++;
    per_result[n][rc == 0 ? 0 : rc > 0 ? 1 : 2]++;
    if (rc < 0 && rc > -NR_RESULTS) {
        per_errno[-rc]++;
        per_call_errno[n][-rc]++;
    }
}

/* Prints the words of a request list after a failure, for the replay. */
static void dump_list(uint64_t list, unsigned words)
{
    const uint64_t *w = (const uint64_t *)list;

    if (words > 8 * 64 || !arena_contains(list, words * 8))
        return;
    for (unsigned i = 0; i < words; i++)
        printf("%s0x%lx", i % 6 ? " " : i ? "\nfuzz:   " : "fuzz:   ", (unsigned long)w[i]);
    printf("\n");
}

/* Prints a call (and its request list), for tracing one step of a replay. */
void record_trace(const struct fuzz_call *c)
{
    printf("fuzz: step %lu: %s: hypercall %lu args 0x%lx 0x%lx 0x%lx 0x%lx\n",
           (unsigned long)fuzz_step, c->what, (unsigned long)c->nr, (unsigned long)c->arg[0],
           (unsigned long)c->arg[1], (unsigned long)c->arg[2], (unsigned long)c->arg[3]);
    if (c->nr == HC_mmu_update || c->nr == HC_mmuext_op || c->nr == HC_multicall)
        dump_list(c->arg[0], (uint32_t)c->arg[1] * (c->nr == HC_mmu_update ? 2 : c->nr == HC_mmuext_op ? 3 : 8));
}

/* Checks rc against the hypercall's documented errors and against what
 * the generator allowed, then runs the call's own check.  A failure is
 * counted and printed. */
void record_check(const struct fuzz_call *c, long rc)
{
    uint64_t allowed = c->allowed ? c->allowed : MAY_SUCCEED | documented_errors(c->nr);

    const char *why = 0;

    if (rc < 0 && (rc <= -NR_RESULTS || !(error_bit(rc) & documented_errors(c->nr))))
        why = "an error the hypercall does not document";
    else if (rc < 0 && !(error_bit(rc) & allowed))
        why = allowed & MAY_SUCCEED ? "want success or another error" : "want another error";
    else if (rc >= 0 && !(allowed & MAY_SUCCEED))
        why = "succeeded, must fail";
    if (why)
        fuzz_fail("%s: got %ld, %s (hypercall %lu args 0x%lx 0x%lx 0x%lx 0x%lx)", c->what, rc, why,
                  (unsigned long)c->nr, (unsigned long)c->arg[0], (unsigned long)c->arg[1],
                  (unsigned long)c->arg[2], (unsigned long)c->arg[3]);
    else if (c->check)
        c->check(c, rc);
    if (why && (c->nr == HC_mmu_update || c->nr == HC_mmuext_op) && (uint32_t)c->arg[1] <= 64)
        dump_list(c->arg[0], (uint32_t)c->arg[1] * (c->nr == HC_mmu_update ? 2 : 3));
}

/* Records and prints one failed check, with the seed's step for replay. */
void fuzz_fail(const char *fmt, ...)
{
    va_list ap;

    if (failures++ >= MAX_PRINTED)
        return;
    printf("fuzz: FAIL at step %lu: ", (unsigned long)fuzz_step);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* The number of failed checks so far. */
unsigned long fuzz_failures(void)
{
    return failures;
}

/* The number of hypercalls issued so far (multicall entries included). */
unsigned long fuzz_calls(void)
{
    return calls;
}

/* Prints one line for all the numbers without a handler together. */
static void print_unnamed(void)
{
    unsigned long sum[4] = { 0 };

    for (unsigned n = 0; n < 128; n++) {
        if (number_name(n))
            continue;
        sum[0] += per_call[n];
        sum[1] += per_result[n][0] + per_result[n][1];
        sum[2] += per_result[n][2];
        sum[3] += per_call_errno[n][XEN_ENOSYS];
    }
    printf("fuzz:   %-18s %9lu %9lu %7d %9lu ENOSYS=%lu\n", "(no handler)", sum[0], sum[1], 0,
           sum[2], sum[3]);
}

/* Prints the counts per hypercall (with their results) and per error. */
void record_print(void)
{
    printf("fuzz: per hypercall: calls, ok, positive, errors by errno\n");
    for (unsigned n = 0; n < NR_NUMBERS; n++) {
        if (!per_call[n] || !number_name(n))
            continue;
        printf("fuzz:   %-18s %9lu %9lu %7lu %9lu", number_name(n), per_call[n], per_result[n][0],
               per_result[n][1], per_result[n][2]);
        for (unsigned e = 1; e < NR_RESULTS; e++)
            if (per_call_errno[n][e])
                printf(" %s=%lu", errno_names[e] ? errno_names[e] : "?", per_call_errno[n][e]);
        printf("\n");
    }
    print_unnamed();
    printf("fuzz: per result:");
    for (unsigned e = 1; e < NR_RESULTS; e++)
        if (per_errno[e])
            printf(" -%s=%lu", errno_names[e] ? errno_names[e] : "?", per_errno[e]);
    printf("\n");
}
