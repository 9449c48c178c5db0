/* Parsing the hypervisor's command line (options in boot/cmdline.h). */
#include "boot/cmdline.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "trace/trace.h"

/* Parses the leading decimal digits of word[0..n); returns how many there
 * were (0 if none or on overflow) with the value in *out. */
static size_t parse_digits(const char *word, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    for (; i < n && word[i] >= '0' && word[i] <= '9'; i++) {
        if (v > (UINT64_MAX - 9) / 10)
            return 0;
        v = v * 10 + (uint64_t)(word[i] - '0');
    }
    *out = v;
    return i;
}

/* Parses a plain decimal number from word[0..n); returns 0 or -1. */
static int parse_number(const char *word, size_t n, uint64_t *out)
{
    return n && parse_digits(word, n, out) == n ? 0 : -1;
}

/* Parses a decimal size with an optional K, M or G suffix from word[0..n).
 * Returns 0 and the size in *out, or -1 if it is not a size or overflows. */
static int parse_size(const char *word, size_t n, uint64_t *out)
{
    uint64_t v, shift = 0;
    size_t i = parse_digits(word, n, &v);

    if (i == 0)
        return -1;
    if (i + 1 == n) {
        switch (word[i]) {
        case 'K': case 'k': shift = 10; break;
        case 'M': case 'm': shift = 20; break;
        case 'G': case 'g': shift = 30; break;
        default: return -1;
        }
    } else if (i != n) {
        return -1;
    }
    if (v > (UINT64_MAX >> shift))
        return -1;
    *out = v << shift;
    return 0;
}

/* Returns 1 if word[0..n) is "key=" followed by something, with the value
 * in *val and its length in *vlen. */
static int match_key(const char *word, size_t n, const char *key, const char **val, size_t *vlen)
{
    size_t k = strlen(key);

    if (n <= k || strncmp(word, key, k) != 0 || word[k] != '=')
        return 0;
    *val = word + k + 1;
    *vlen = n - k - 1;
    return 1;
}

/* Applies the value v[0..vn) of trace=; returns 0, or -1 with the reason. */
static int apply_trace(const char *v, size_t vn, struct hv_options *opt, char *err, size_t errlen)
{
    if (trace_parse_categories(v, vn, &opt->trace_mask) < 0) {
        snprintf(err, errlen, "bad trace= value '%.*s' (want a comma list of hc, type, pin, "
                 "val, tlb, exc, evt, or all)", (int)vn, v);
        return -1;
    }
    return 0;
}

/* Applies one option word; returns 0, or -1 with the reason in err. */
static int apply_word(const char *w, size_t n, struct hv_options *opt, char *err, size_t errlen)
{
    const char *v;
    size_t vn;

    if (match_key(w, n, "mem", &v, &vn)) {
        if (parse_size(v, vn, &opt->guest_mem) < 0 || opt->guest_mem < (1UL << 20)) {
            snprintf(err, errlen, "bad mem= value '%.*s' (want e.g. 128M, at least 1M)", (int)vn, v);
            return -1;
        }
        return 0;
    }
    if (match_key(w, n, "loglevel", &v, &vn)) {
        if (vn != 1 || v[0] < '0' || v[0] > '2') {
            snprintf(err, errlen, "bad loglevel= value '%.*s' (want 0, 1 or 2)", (int)vn, v);
            return -1;
        }
        opt->log_level = v[0] - '0';
        return 0;
    }
    if (match_key(w, n, "preempt", &v, &vn)) {
        uint64_t every;

        if (parse_number(v, vn, &every) < 0 || every > 1000000) {
            snprintf(err, errlen, "bad preempt= value '%.*s' (want 0 to 1000000)", (int)vn, v);
            return -1;
        }
        opt->preempt = (unsigned)every;
        return 0;
    }
    if (match_key(w, n, "selftest", &v, &vn)) {
        static const char *const names[] = { [SELFTEST_SMAP] = "smap", [SELFTEST_STACK] = "stack",
                                             [SELFTEST_WX] = "wx", [SELFTEST_RO] = "ro" };

        for (unsigned t = SELFTEST_SMAP; t <= SELFTEST_RO; t++)
            if (strlen(names[t]) == vn && strncmp(v, names[t], vn) == 0) {
                opt->selftest = (enum selftest)t;
                return 0;
            }
        snprintf(err, errlen, "bad selftest= value '%.*s' (want smap, stack, wx or ro)", (int)vn, v);
        return -1;
    }
    if (match_key(w, n, "trace", &v, &vn))
        return apply_trace(v, vn, opt, err, errlen);
    if (match_key(w, n, "trace_to", &v, &vn)) {
        if (trace_parse_sink(v, vn, &opt->trace_sink) < 0) {
            snprintf(err, errlen, "bad trace_to= value '%.*s' (want ring or serial)", (int)vn, v);
            return -1;
        }
        return 0;
    }
    if (match_key(w, n, "trace_ring", &v, &vn)) {
        uint64_t records;

        if (parse_number(v, vn, &records) < 0 || records < 1 || records > TRACE_RING_MAX) {
            snprintf(err, errlen, "bad trace_ring= value '%.*s' (want 1 to %u records)",
                     (int)vn, v, TRACE_RING_MAX);
            return -1;
        }
        opt->trace_ring = (uint32_t)records;
        return 0;
    }
    if (n == 5 && strncmp(w, "audit", 5) == 0) {
        opt->audit = 1;
        return 0;
    }
    if (n == 5 && strncmp(w, "floor", 5) == 0) {
        opt->floor = 1;
        return 0;
    }
    snprintf(err, errlen, "unknown option '%.*s' (known: mem=, loglevel=, audit, floor, preempt=, "
             "selftest=, trace=, trace_to=, trace_ring=)",
             (int)n, w);
    return -1;
}

/* Parses line into *opt; returns 0, or -1 with a one-line reason in err. */
int cmdline_parse(const char *line, struct hv_options *opt, char *err, size_t errlen)
{
    opt->guest_mem = DEFAULT_GUEST_MEM;
    opt->log_level = LOG_INFO;
    opt->audit = 0;
    opt->floor = 0;
    opt->preempt = 0;
    opt->selftest = SELFTEST_NONE;
    opt->trace_mask = 0;
    opt->trace_sink = TRACE_TO_RING;
    opt->trace_ring = TRACE_RING_DEFAULT;
    while (*line) {
        size_t n = 0;

        while (*line == ' ')
            line++;
        while (line[n] && line[n] != ' ')
            n++;
        if (n && apply_word(line, n, opt, err, errlen) < 0)
            return -1;
        line += n;
    }
    return 0;
}
