/*
 * The one guest domain pvx runs (domain id 0, presented as the initial
 * domain) and its one vCPU.  The vCPU's registers live on the hypervisor
 * stack while it is in the hypervisor (arch/regs.h).
 */
#ifndef HV_DOMAIN_DOMAIN_H
#define HV_DOMAIN_DOMAIN_H

#include <stdint.h>
#include "abi/shared_info.h"

struct domain {
    uint16_t id;
    uint64_t nr_pages;                  /* guest memory, in frames */
    uint64_t l4_mfn;                    /* kernel page-table root (NEW_BASEPTR) */
    uint64_t user_l4_mfn;               /* user root (NEW_USER_BASEPTR), 0 = none */
    uint64_t vm_assist;                 /* enabled VMASST_TYPE_* bits */
    uint64_t ldt_base;                  /* MMUEXT_SET_LDT */
    uint32_t ldt_ents;
    uint64_t shared_info_mfn;
    uint64_t vcpu_info_mfn;             /* VCPUOP_register_vcpu_info frame, 0 = none */
    struct shared_info *shared_info;    /* hypervisor's view */
    unsigned iopl;                      /* virtual IOPL (physdev set_iopl) */
    int shutdown_code;                  /* SCHEDOP_shutdown_code, -1 = none */
};

extern struct domain dom0;

#endif
