/* The trace= and trace_to= values of the command line (trace/trace.h). */
#include "trace/trace.h"
#include "lib/string.h"

static const struct { const char *name; uint8_t bits; } categories[] = {
    { "hc", TRACE_HC }, { "type", TRACE_TYPE }, { "pin", TRACE_PIN }, { "val", TRACE_VAL },
    { "tlb", TRACE_TLB }, { "exc", TRACE_EXC }, { "evt", TRACE_EVT }, { "all", TRACE_ALL },
};

/* Returns the bits of the category named s[0..n), or 0 if there is none. */
static uint8_t category_bits(const char *s, unsigned long n)
{
    for (unsigned i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
        if (strlen(categories[i].name) == n && strncmp(s, categories[i].name, n) == 0)
            return categories[i].bits;
    return 0;
}

/* Parses "cat[,cat...]" from s[0..n) into *mask; returns 0, or -1 for an
 * empty list, an empty or unknown name (*mask is then undefined). */
int trace_parse_categories(const char *s, unsigned long n, uint8_t *mask)
{
    unsigned long i = 0;

    *mask = 0;
    do {
        unsigned long len = 0;
        uint8_t bits;

        while (i + len < n && s[i + len] != ',')
            len++;
        if (!(bits = category_bits(s + i, len)))
            return -1;
        *mask |= bits;
        i += len + 1;
    } while (i <= n);
    return 0;
}

/* Parses "ring" or "serial" from s[0..n) into *sink; returns 0 or -1. */
int trace_parse_sink(const char *s, unsigned long n, uint8_t *sink)
{
    if (n == 4 && strncmp(s, "ring", 4) == 0)
        *sink = TRACE_TO_RING;
    else if (n == 6 && strncmp(s, "serial", 6) == 0)
        *sink = TRACE_TO_SERIAL;
    else
        return -1;
    return 0;
}
