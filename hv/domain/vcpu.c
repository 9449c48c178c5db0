/* vCPU 0's PV state (domain/vcpu.h). */
#include "domain/vcpu.h"
#include "domain/domain.h"

struct vcpu vcpu0;

/* vCPU 0's vcpu_info, which syscall_entry tests on every return (set when
 * shared_info is allocated, before the guest first runs). */
struct vcpu_info *vcpu0_upcall;

/* Returns vCPU 0's vcpu_info in shared_info. */
struct vcpu_info *vcpu0_info(void)
{
    return vcpu0_upcall;
}
