/*
 * set_callbacks (4) and callback_op (30), pv-abi.md §3.8: where the guest
 * wants event upcalls, failsafe returns and system calls from user mode to
 * enter.  The event callback always masks events on entry; the others do
 * if registered with CALLBACKF_mask_events.  The NMI callback lives in the
 * trap table's vector 2.  pvx has no guest user mode yet: the syscall
 * callback is recorded but never entered, and syscall32 and sysenter are
 * accepted (XTF needs that) and ignored.
 */
#include "hypercall/hypercall.h"
#include "domain/vcpu.h"
#include "mm/guest_access.h"
#include "abi/trap.h"

/* set_callbacks(event, failsafe, syscall): non-canonical addresses are
 * skipped; always 0. */
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall, uint64_t a4, uint64_t a5)
{
    (void)a4, (void)a5;
    if (va_canonical(event))
        vcpu0.event_callback = event;
    if (va_canonical(failsafe)) {
        vcpu0.failsafe_callback = failsafe;
        vcpu0.failsafe_masks = 0;
    }
    if (va_canonical(syscall)) {
        vcpu0.syscall_callback = syscall;
        vcpu0.syscall_masks = 0;
    }
    return 0;
}

/* Registers one callback; returns 0, -EINVAL or -ENOSYS. */
static long register_callback(const struct callback_register *c)
{
    int masks = (c->flags & CALLBACKF_mask_events) != 0;

    if (!va_canonical(c->address))
        return -XEN_EINVAL;
    switch (c->type) {
    case CALLBACKTYPE_event:
        vcpu0.event_callback = c->address;
        return 0;
    case CALLBACKTYPE_failsafe:
        vcpu0.failsafe_callback = c->address;
        vcpu0.failsafe_masks = (uint8_t)masks;
        return 0;
    case CALLBACKTYPE_syscall:
        vcpu0.syscall_callback = c->address;
        vcpu0.syscall_masks = (uint8_t)masks;
        return 0;
    case CALLBACKTYPE_nmi:
        vcpu0.traps[2] = (struct virtual_trap){ c->address, TI_MASK_EVENTS };
        return 0;
    case CALLBACKTYPE_sysenter:
    case CALLBACKTYPE_syscall32:
        return 0;       /* accepted, as XTF needs; 64-bit pvx guests never use them */
    default:
        return -XEN_ENOSYS;
    }
}

/* callback_op(cmd, arg): register or unregister (only nmi may be). */
long do_callback_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct callback_register reg;
    struct callback_unregister unreg;

    (void)a3, (void)a4, (void)a5;
    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -XEN_EFAULT;
        return register_callback(&reg);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -XEN_EFAULT;
        if (unreg.type == CALLBACKTYPE_nmi) {
            vcpu0.traps[2].address = 0;
            return 0;
        }
        switch (unreg.type) {
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_sysenter:
        case CALLBACKTYPE_syscall32:
            return -XEN_EINVAL;     /* known, but only nmi may be unregistered */
        default:
            return -XEN_ENOSYS;
        }
    default:
        return -XEN_ENOSYS;
    }
}
