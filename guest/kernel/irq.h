/*
 * The guest's "interrupt flag": vcpu_info.evtchn_upcall_mask (pv-abi.md
 * §4.4).  While it is 1 the hypervisor delivers no event upcall; events
 * that arrive meanwhile only set evtchn_upcall_pending.  Writing 0 is not
 * enough to get them: the hypervisor looks at the mask only on its way back
 * to us, so irq_enable() makes a hypercall when something is pending.
 *
 * The kernel runs with events masked and takes them at scheduling points
 * (events.h); these calls open and close sections where they come at once.
 * One vCPU and cooperative threads: nothing here needs to be atomic beyond
 * the compiler barriers.
 */
#ifndef GUEST_KERNEL_IRQ_H
#define GUEST_KERNEL_IRQ_H

#include "kernel/shared_info.h"

#define compiler_barrier() __asm__ volatile("" : : : "memory")

/* Masks events. */
static inline void irq_disable(void)
{
    this_vcpu->evtchn_upcall_mask = 1;
    compiler_barrier();
}

/* Unmasks events and takes any that are pending.  Does nothing while event
 * delivery is unavailable (events.h): with no callback registered, an
 * upcall would end the domain. */
void irq_enable(void);

/* Masks events; returns the previous mask for irq_restore(). */
static inline unsigned int irq_save(void)
{
    unsigned int old = this_vcpu->evtchn_upcall_mask;

    irq_disable();
    return old;
}

/* Puts back a mask irq_save() returned. */
static inline void irq_restore(unsigned int old)
{
    if (old)
        irq_disable();
    else
        irq_enable();
}

/* 1 while events are masked. */
static inline int irqs_disabled(void)
{
    return this_vcpu->evtchn_upcall_mask != 0;
}

#endif
