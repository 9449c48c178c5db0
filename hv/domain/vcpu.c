/* vCPU 0's PV state (domain/vcpu.h). */
#include <stddef.h>
#include "domain/vcpu.h"
#include "domain/domain.h"

struct vcpu vcpu0;

/* entry.S's iret fast path clears nmi_masked at vcpu0 + 1. */
_Static_assert(offsetof(struct vcpu, nmi_masked) == 1, "VCPU_NMI_MASKED in arch/entry.S");

/* vCPU 0's vcpu_info, which syscall_entry tests on every return (set when
 * shared_info is allocated, before the guest first runs). */
struct vcpu_info *vcpu0_upcall;

/* Returns vCPU 0's vcpu_info in shared_info. */
struct vcpu_info *vcpu0_info(void)
{
    return vcpu0_upcall;
}
