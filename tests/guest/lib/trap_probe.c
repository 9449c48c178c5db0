/* The recording trap handler (trap_probe.h). */
#include <stdio.h>
#include <string.h>
#include "kernel/shared_info.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"

struct probe_record probe;
uint64_t probe_fault_rip, probe_resume_rip;
static int probe_armed;

/* Records the first trap of a probe and resumes at label 2.  TF and AC are
 * cleared in the frame so single-step and alignment probes stop there. */
static int probe_handler(struct trap_frame *f)
{
    if (!probe_armed)
        return 0;
    if (probe.trapped++ == 0) {
        probe.frame = *f;
        probe.frame_top = (uint64_t)(&f->ss + 1);
        probe.cr2 = this_vcpu->cr2;
        probe.mask_in_handler = this_vcpu->evtchn_upcall_mask;
    }
    f->rflags &= ~(RFLAGS_TF | RFLAGS_AC);
    if (probe_resume_rip != 0)
        f->rip = probe_resume_rip;
    return 1;
}

/* Every vector, so an unexpected one is a "not ok", not a crash. */
void probe_install(void)
{
    for (unsigned int v = 0; v < TRAP_NR_VECTORS; v++)
        trap_set_handler(v, probe_handler);
}

/* Fresh record, traps accepted. */
void probe_arm(void)
{
    memset(&probe, 0, sizeof(probe));
    probe_fault_rip = probe_resume_rip = 0;
    probe_armed = 1;
}

/* Traps refused again. */
void probe_disarm(void)
{
    probe_armed = 0;
}

/* One line per property, so a failure names what differed. */
void probe_expect(const char *what, unsigned int vector, uint64_t rip, long ec)
{
    char name[128];

    probe_disarm();
    snprintf(name, sizeof(name), "%s: one trap", what);
    test_check(name, probe.trapped, 1);
    if (probe.trapped == 0)
        return;
    snprintf(name, sizeof(name), "%s: vector", what);
    test_check(name, probe.frame.vector, vector);
    snprintf(name, sizeof(name), "%s: rip", what);
    test_check(name, probe.frame.rip, rip);
    if (ec >= 0) {
        snprintf(name, sizeof(name), "%s: error code", what);
        test_check(name, probe.frame.error_code, ec);
    }
}
