/* vcpu_op (24): timers and vcpu_info (pv-abi.md §3.14). */
#ifndef ABI_VCPU_H
#define ABI_VCPU_H

#include <stdint.h>

#define VCPUOP_initialise               0
#define VCPUOP_up                       1
#define VCPUOP_down                     2
#define VCPUOP_is_up                    3
#define VCPUOP_get_runstate_info        4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer       6
#define VCPUOP_stop_periodic_timer      7
#define VCPUOP_set_singleshot_timer     8
#define VCPUOP_stop_singleshot_timer    9
#define VCPUOP_register_vcpu_info       10
#define VCPUOP_send_nmi                 11

struct vcpu_set_periodic_timer { uint64_t period_ns; };
struct vcpu_set_singleshot_timer { uint64_t timeout_abs_ns; uint32_t flags; uint32_t pad; };
#define VCPU_SSHOTTMR_future            1

struct vcpu_register_vcpu_info { uint64_t mfn; uint32_t offset; uint32_t rsvd; };

_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "singleshot layout");

#endif
