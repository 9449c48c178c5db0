/*
 * Exception and interrupt delivery to the guest kernel (pv-abi.md §3.5,
 * §9), on Xen 4.17 (the reference) and on pvx.
 *
 * The guest registers a handler for all 256 vectors at boot.  This test
 * raises every exception the guest kernel can raise on purpose and checks
 * the vector, the rip the frame points at (the faulting instruction, or
 * the next one for traps) and the error code; then "int n" against the gate
 * DPLs; then the bounce frame word by word; then HYPERVISOR_iret restoring
 * registers, rsp, rflags and the upcall mask.  A hypervisor that builds the
 * frame in the wrong order, forgets the error code of one vector, loses
 * rcx/r11, mixes up the saved mask or its RPL-0 marker, or restores less
 * than the whole iret context fails here, each difference on its own line.
 *
 * With the argument "crash" it instead writes to an unmapped address with
 * the default handler in place, so the boot case sees the crash report and
 * exit status 126.
 */
#include <string.h>
#include "kernel/trap.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"
#include "tests/guest/traps/traps_test.h"

int main(int argc, char **argv)
{
    if (!test_require("traps available (set_trap_table at boot)", traps_unavailable()))
        return test_finish();
    if (argc > 1 && strcmp(argv[1], "crash") == 0) {
        *(volatile int *)0xdead000 = 1;
        return 1;
    }
    probe_install();
    test_exceptions();
    test_faults_memory();
    test_software_interrupts();
    test_bounce_frame();
    test_iret();
    return test_finish();
}
