/*
 * shared_info and vcpu_info (pv-abi.md §4.1-4.3): the page the hypervisor and
 * the guest both write.  start_info.shared_info holds its machine address;
 * the guest maps it itself.
 */
#ifndef ABI_SHARED_INFO_H
#define ABI_SHARED_INFO_H

#include <stdint.h>

#define LEGACY_MAX_VCPUS 32
#define NR_EVENT_CHANNELS 4096

struct vcpu_time_info {
    uint32_t version;           /* odd while being updated */
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;       /* ns at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* 32.32 fixed-point scale */
    int8_t   tsc_shift;
    uint8_t  flags;
    uint8_t  pad1[2];
};

struct vcpu_info {
    uint8_t  evtchn_upcall_pending;
    uint8_t  evtchn_upcall_mask;
    uint8_t  pad[6];
    uint64_t evtchn_pending_sel;
    uint64_t cr2;               /* arch.cr2: address of the last #PF */
    uint64_t arch_pad;
    struct vcpu_time_info time;
};

struct shared_info {
    struct vcpu_info vcpu_info[LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[64];
    uint64_t evtchn_mask[64];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    uint64_t max_pfn;
    uint64_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;
    uint64_t p2m_cr3;
    uint64_t p2m_vaddr;
    uint64_t p2m_generation;
};

_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info layout");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info layout");

#endif
