/*
 * A guest exception before the guest has a trap table.
 *
 * The guest kernel registers a trap table at boot, so this test first
 * clears it (set_trap_table(NULL)); after that a fault cannot be delivered:
 * the hypervisor must crash the domain with a report that names the vector,
 * the faulting address and the guest's registers, and end the run with the
 * "guest crashed" status (70), instead of hanging or rebooting.  argv[1]
 * picks the fault: "pf" (a write to an unmapped address), "ud" (ud2),
 * "gp" (an int $0x80 the DPL forbids), "bp" (int3).
 */
#include <stdio.h>
#include <string.h>
#include "kernel/hypercall_kernel.h"

int main(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "pf";

    hypercall_set_trap_table(NULL);
    printf("fault: raising %s\n", kind);
    fflush(stdout);
    if (!strcmp(kind, "pf"))
        *(volatile int *)0xdead000 = 1;
    else if (!strcmp(kind, "ud"))
        __asm__ volatile("ud2");
    else if (!strcmp(kind, "gp"))
        __asm__ volatile("int $0x80");
    else if (!strcmp(kind, "bp"))
        __asm__ volatile("int3");
    printf("fault: still running after '%s'\n", kind);
    return 1;
}
