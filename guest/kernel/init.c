/* Start of the kernel's services (init.h). */
#include <stdio.h>
#include "kernel/clock.h"
#include "kernel/events.h"
#include "kernel/init.h"
#include "kernel/shared_info.h"
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "mm/mm.h"

/* mm_init() first, so crash reports can walk page tables and the GDT
 * can find its frame; apps that call mm_init() again only redo it. */
void kernel_init(void)
{
    if (mm_init() != 0)
        printf("mm: mm_init failed (no page walks in crash reports, no GDT)\n");
    traps_init();
    shared_info_init();
    events_init();
    clock_init();
    timers_init();
}
