/*
 * hv_main: from the 64-bit entry to the first instruction of the guest.
 *
 *   serial console, banner -> SMEP/SMAP, the image's own mappings -> PIC
 *   off, GDT/TSS, IDT, SYSCALL -> boot info, command line -> frame
 *   allocator, frame table, M2P, GDT area -> TSC and APIC timer -> domain 0
 *   -> guest time and timers -> W^X check -> enter the guest
 *
 * Anything wrong on the way (no Multiboot loader, a bad option, no module, a
 * malformed kernel, too little memory) ends the run with one line naming the
 * problem and status EXIT_HV_PANIC.
 */
#include <stdint.h>
#include "boot/boot_info.h"
#include "boot/cmdline.h"
#include "boot/serial.h"
#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/io.h"
#include "arch/machine.h"
#include "arch/protect.h"
#include "arch/syscall.h"
#include "arch/tsc.h"
#include "domain/time.h"
#include "domain/timer.h"
#include "domain/builder.h"
#include "domain/domain.h"
#include "domain/floor.h"
#include "mm/frame.h"
#include "mm/audit.h"
#include "mm/m2p.h"
#include "mm/hv_protect.h"
#include "boot/selftest.h"
#include "hypercall/continuation.h"
#include "lib/printf.h"
#include "trace/trace.h"

#ifndef PVX_DEBUG
#define PVX_DEBUG 0     /* make DEBUG=1: the audit is always on */
#endif

#define PVX_BANNER "pvx hypervisor 0.1 (Xen 4.17 PV ABI, x86-64)"

static struct boot_info boot_info;

/* Prints "pvx: <what>: <why>" and ends the run with EXIT_HV_PANIC. */
static void __attribute__((noreturn)) boot_fail(const char *what, const char *why)
{
    printk("pvx: %s: %s\n", what, why);
    machine_exit(EXIT_HV_PANIC);
}

/* Refuses a writable and executable hypervisor mapping (boot_fail) and
 * says which protections are on. */
static void check_protections(enum selftest t)
{
    unsigned on = cpu_protections();
    char err[160];
    long leaves;

    selftest_before_wx_check(t);
    if ((leaves = hv_check_wx(err, sizeof(err))) < 0)
        boot_fail("W^X check", err);
    log_info("pvx: protections: SMEP %s, SMAP %s, NX, W^X (%ld mappings checked), "
             "guard pages under 4 stacks\n", on & PROTECT_SMEP ? "on" : "off",
             on & PROTECT_SMAP ? "on" : "off", leaves);
}

/* Called by head.S with the loader's magic and info address; never returns. */
void __attribute__((noreturn)) hv_main(uint32_t magic, uint32_t info_phys)
{
    struct hv_options opt;
    struct cpu_regs *regs = guest_regs();
    char err[160];

    serial_init();
    printk("%s\n", PVX_BANNER);
    cpu_protect_init();
    pic_disable();
    gdt_init();
    idt_init();
    syscall_init();
    if (boot_info_parse(magic, info_phys, &boot_info) < 0)
        machine_exit(EXIT_HV_PANIC);
    if (cmdline_parse(boot_info.cmdline, &opt, err, sizeof(err)) < 0)
        boot_fail("bad command line", err);
    hv_log_level = opt.log_level;
    log_debug("pvx: loader %s, command line '%s'\n", boot_info.loader, boot_info.cmdline);

    frame_alloc_init(&boot_info);
    frame_table_init();
    m2p_init();
    gdt_area_init();
    if (opt.audit || PVX_DEBUG)
        audit_enable();
    hypercall_set_preempt_every(opt.preempt);
    trace_init(opt.trace_mask, opt.trace_sink, opt.trace_ring);   /* may rewrite calls */
    hv_image_protect();                                             /* text read-only from here */
    log_info("pvx: memory: %lu MiB managed, %lu MiB free\n",
             frame_max_mfn() >> 8, frame_free_count() >> 8);

    if (boot_info.nr_modules == 0)
        boot_fail("no guest kernel", "add 'module2 /boot/<kernel>.elf' to grub.cfg "
                  "(or -initrd with qemu -kernel)");
    tsc_calibrate();
    apic_timer_init();
    if (opt.floor)
        floor_measure();
    if (domain_build(&boot_info, opt.guest_mem >> 12, regs, err, sizeof(err)) < 0)
        boot_fail("cannot build domain 0", err);
    time_init();
    timer_init();
    check_protections(opt.selftest);
    write_cr3(dom0.l4_mfn << 12);
    selftest_before_guest(opt.selftest, regs->rip);
    return_to_guest(regs);
}
