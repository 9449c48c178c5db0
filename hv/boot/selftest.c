/*
 * selftest=<what>: proofs that the hypervisor's protections hold, for the
 * boot cases of tests/boot/cases (docs/hardening.md).  Each does on purpose
 * what a hypervisor bug might do, and the protection must stop the machine
 * with a clear report (status EXIT_HV_PANIC):
 *
 *   smap    read a guest address outside the guest-access helpers
 *           -> #PF (present page, protection): SMAP
 *   stack   recurse until the hypervisor stack runs into its guard page
 *           -> #PF that cannot be pushed -> #DF on its IST stack
 *   wx      map one hypervisor page writable and executable
 *           -> the W^X check refuses it
 *   ro      write the hypercall table once the hypervisor has booted
 *           -> #PF (present page, write): it is RO_AFTER_BOOT
 *
 * If a test comes back, the protection failed: it panics saying so.
 */
#include "boot/selftest.h"
#include "arch/gdt.h"
#include "arch/machine.h"
#include "arch/x86.h"
#include "mm/frame.h"
#include "mm/hv_pagetable.h"
#include "lib/printf.h"
#include "hypercall/hypercall.h"

#define SELFTEST_WX_VA  (GDT_AREA + 0x800000UL)     /* unused, in hypervisor slot 258 */

/* Recurses depth levels with a 512-byte frame each; returns a sum the
 * compiler cannot fold, so every frame stays on the stack. */
static uint64_t __attribute__((noinline)) recurse(uint64_t depth)
{
    volatile uint64_t frame[64];
    uint64_t sum;

    frame[0] = depth;
    if (depth == 0)
        return 0;
    sum = recurse(depth - 1);
    return sum + frame[0];
}

/* See boot/selftest.h. */
void selftest_before_wx_check(enum selftest t)
{
    if (t != SELFTEST_WX)
        return;
    printk("pvx: selftest wx: mapping 0x%lx writable and executable; the W^X check must refuse it\n",
           SELFTEST_WX_VA);
    hv_map_page(SELFTEST_WX_VA, frame_alloc(FRAME_HV) << PAGE_SHIFT, PTE_P | PTE_RW, PTE_P | PTE_RW);
}

/* See boot/selftest.h. */
void selftest_before_guest(enum selftest t, uint64_t guest_va)
{
    if (t == SELFTEST_SMAP) {
        printk("pvx: selftest smap: reading guest address 0x%lx outside the guest-access "
               "helpers; SMAP must fault\n", guest_va);
        (void)*(volatile uint64_t *)guest_va;
        panic("selftest smap: the read of guest address 0x%lx did not fault: SMAP is off",
              guest_va);
    }
    if (t == SELFTEST_RO) {
        printk("pvx: selftest ro: writing the hypercall table after boot; it is read-only "
               "and the write must fault\n");
        *(volatile hypercall_fn *)&hypercall_table[0] = hypercall_table[0];
        panic("selftest ro: the write to the hypercall table did not fault: it is writable");
    }
    if (t == SELFTEST_STACK) {
        printk("pvx: selftest stack: recursing until the hypervisor stack overflows; "
               "its guard page must stop it\n");
        panic("selftest stack: 1 MiB of recursion did not fault (sum %lu): no guard page",
              recurse(2048));
    }
}
