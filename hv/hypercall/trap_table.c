/*
 * set_trap_table (0), pv-abi.md §3.5: the guest's virtual IDT.  An array of
 * { vector, flags, cs, address } ends at the first entry with address 0;
 * each entry replaces its vector's slot, a NULL array clears all 256.
 */
#include "hypercall/hypercall.h"
#include "domain/vcpu.h"
#include "mm/guest_access.h"
#include "lib/string.h"
#include "abi/trap.h"

/* set_trap_table(traps): 0, -EFAULT for an unreadable entry or -EINVAL for
 * a non-canonical handler (the entries before it stay set, as on Xen). */
long do_set_trap_table(uint64_t traps, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct trap_info t;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!traps) {
        memset(vcpu0.traps, 0, sizeof(vcpu0.traps));
        return 0;
    }
    for (;; traps += sizeof(t)) {
        if (copy_from_guest(&t, traps, sizeof(t)))
            return -XEN_EFAULT;
        if (!t.address)
            return 0;
        if (!va_canonical(t.address))
            return -XEN_EINVAL;
        vcpu0.traps[t.vector] = (struct virtual_trap){ t.address, t.flags };
    }
}
