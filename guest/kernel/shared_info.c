/* Mapping the shared_info page (shared_info.h). */
#include "kernel/feature.h"
#include "kernel/hypercall.h"
#include "kernel/shared_info.h"
#include "kernel/start.h"
#include "mm/pte.h"

/* The VA we map shared_info at; the .bss frame under it is given up. */
static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static struct vcpu_info vcpu_before_shared_info = { .evtchn_upcall_mask = 1 };

struct shared_info *shared_info;
struct vcpu_info *this_vcpu = &vcpu_before_shared_info;

static struct feature shared_info_feature = FEATURE_INIT("shared_info");

/* One update_va_mapping of the page's L1 entry, flushing that VA. */
void shared_info_init(void)
{
    uint64_t pte = guest_start_info->shared_info | PTE_P | PTE_RW | PTE_A | PTE_D;
    long rc = hypercall_update_va_mapping((unsigned long)shared_info_page, pte, UVMF_INVLPG);

    if (rc != 0) {
        feature_fail(&shared_info_feature, "no events, no clock",
                     "update_va_mapping failed: %ld", rc);
        return;
    }
    shared_info = (struct shared_info *)shared_info_page;
    this_vcpu = &shared_info->vcpu_info[0];
    feature_ready(&shared_info_feature);
}

/* NULL once mapped. */
const char *shared_info_unavailable(void)
{
    return shared_info_feature.missing;
}
