/*
 * vsnprintf for the hypervisor: %d %i %u %x %X %p %s %c %% with the l and ll
 * length modifiers, a field width, '0' padding, '-' left alignment and a
 * precision for %s (%.5s, %.*s).
 * Kept free of hardware access so the host unit tests can use it.
 */
#include <stdint.h>
#include "lib/printf.h"

struct out {
    char *buf;
    size_t size;
    size_t len;         /* characters produced, even past size */
};

/* Appends one character, keeping room for the terminating NUL. */
static void out_char(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* Appends s padded to width (left-aligned if left is set). */
static void out_padded(struct out *o, const char *s, size_t n, int width, int left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;

    while (!left && fill-- > 0)
        out_char(o, pad);
    while (n--)
        out_char(o, *s++);
    while (left && fill-- > 0)
        out_char(o, ' ');
}

/* Formats v in base 10 or 16 (negative if neg) and appends it padded. */
static void out_number(struct out *o, uint64_t v, int neg, unsigned base, int upper,
                       int width, int left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int i = sizeof(tmp);

    do {
        tmp[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0' && width > 0) {
            out_char(o, '-');
            width--;
        } else {
            tmp[--i] = '-';
        }
    }
    out_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

/* Formats fmt with ap into buf (at most size bytes, always NUL-terminated if
 * size > 0); returns the length the full output would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        int left = 0, width = 0, longs = 0, prec = -1;
        char pad = ' ';

        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
                    prec = prec * 10 + (*fmt - '0');
            }
        }
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            out_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, 0, width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out_number(&o, v, 0, *fmt == 'u' ? 10 : 16, *fmt == 'X', width, left, pad);
            break;
        }
        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, 16, 0, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t n = 0;

            if (!s)
                s = "(null)";
            while (s[n] && (prec < 0 || n < (size_t)prec))
                n++;
            out_padded(&o, s, n, width, left, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            out_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case '%':
            out_char(&o, '%');
            break;
        default:            /* unknown conversion: show it as written */
            out_char(&o, '%');
            if (*fmt)
                out_char(&o, *fmt);
            else
                fmt--;
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

/* snprintf on top of vsnprintf; returns the full length. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
