/* Feature status records (feature.h). */
#include <stdarg.h>
#include <stdio.h>
#include "kernel/feature.h"

/* Clears the reason. */
void feature_ready(struct feature *f)
{
    f->missing = NULL;
}

/* Formats the reason into f->text and prints one line. */
void feature_fail(struct feature *f, const char *consequence, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(f->text, sizeof(f->text), fmt, ap);
    va_end(ap);
    f->missing = f->text;
    printf("%s: %s (%s)\n", f->name, f->text, consequence);
}

/* Copies the other feature's reason. */
void feature_depends(struct feature *f, const char *other_missing)
{
    snprintf(f->text, sizeof(f->text), "%s", other_missing);
    f->missing = f->text;
}
