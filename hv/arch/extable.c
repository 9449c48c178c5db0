/* Looking up exception fixups (see arch/extable.h). */
#include "arch/extable.h"

extern const struct extable_entry ex_table_start[], ex_table_end[];

/* Returns the fixup address for a fault at rip, or 0 if there is none. */
uint64_t extable_find(uint64_t rip)
{
    for (const struct extable_entry *e = ex_table_start; e < ex_table_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}
