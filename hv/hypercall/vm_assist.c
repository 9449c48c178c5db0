/*
 * vm_assist (21), pv-abi.md §3.9: turn an assist on or off for the domain.
 * pvx accepts the types a 64-bit PV guest may set (0-5 and 32) and acts on
 * writable_pagetables (the trap-and-emulate of L1 writes, mm/ptwr.c); the
 * others change nothing for a 64-bit guest on pvx.
 */
#include "hypercall/hypercall.h"
#include "domain/domain.h"
#include "abi/mmu.h"

#define VALID_TYPES (0x3fUL | (1UL << VMASST_TYPE_m2p_strict))

/* vm_assist(cmd, type): 0, -ENOSYS for an unknown cmd, -EINVAL for a type. */
long do_vm_assist(uint64_t cmd, uint64_t type, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)a3, (void)a4, (void)a5;
    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -XEN_ENOSYS;
    if (type >= 64 || !((VALID_TYPES >> type) & 1))
        return -XEN_EINVAL;
    if (cmd == VMASST_CMD_enable)
        dom0.vm_assist |= 1UL << type;
    else
        dom0.vm_assist &= ~(1UL << type);
    return 0;
}
