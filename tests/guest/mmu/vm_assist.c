/*
 * vm_assist (pv-abi.md §3.9): which assists a 64-bit PV guest may turn on.
 *
 * Types 0-5 and 32 are accepted (some have no effect on 64-bit guests) and
 * everything else is -EINVAL; an unknown command is -ENOSYS.  Every assist
 * turned on is turned off again at once, so the rest of the suite runs
 * without writable page tables or m2p_strict.  The bug these cases catch: a
 * hypervisor that refuses an assist guests use (XTF and Linux turn some on
 * unconditionally and treat a failure as fatal) or accepts a type it
 * silently ignores.
 */
#include <stdio.h>
#include "tests/guest/mmu/mmu_test.h"

/* Enables then disables each accepted type; tries the refused ones. */
void test_vm_assist(void)
{
    static const unsigned int accepted[] = {
        VMASST_TYPE_4gb_segments, VMASST_TYPE_4gb_segments_notify,
        VMASST_TYPE_writable_pagetables, VMASST_TYPE_pae_extended_cr3,
        VMASST_TYPE_architectural_iopl, VMASST_TYPE_runstate_update_flag,
        VMASST_TYPE_m2p_strict,
    };
    static const unsigned int refused[] = { 6, 31, 33, 63 };
    char what[64];

    group("vm_assist: accepted and refused types");
    for (unsigned int i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        snprintf(what, sizeof(what), "enable type %u", accepted[i]);
        test_check(what, hypercall_vm_assist(VMASST_CMD_enable, accepted[i]), 0);
        snprintf(what, sizeof(what), "disable type %u", accepted[i]);
        test_check(what, hypercall_vm_assist(VMASST_CMD_disable, accepted[i]), 0);
    }
    for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        snprintf(what, sizeof(what), "enable type %u -EINVAL", refused[i]);
        test_check(what, hypercall_vm_assist(VMASST_CMD_enable, refused[i]), -XEN_EINVAL);
    }
    test_check("command 2 -ENOSYS",
               hypercall_vm_assist(2, VMASST_TYPE_writable_pagetables), -XEN_ENOSYS);
}
