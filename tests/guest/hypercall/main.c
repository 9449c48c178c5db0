/*
 * Hypercall entry, dispatch and argument checking, on pvx and on Xen 4.17.
 *
 * The basic hypercalls (xen_version, console_io, sched_op, physdev_op) must
 * return exactly Xen's values, including the error numbers for unknown
 * commands (-ENOSYS), bad arguments (-EINVAL, -E2BIG) and wild pointers
 * (-EFAULT: into the hypervisor's range, non-canonical, unmapped).  A wild
 * pointer must give -EFAULT and nothing else: the hypervisor lives on, which
 * the cases after it show by working.  The call must also preserve the
 * registers the ABI says it preserves (rbx, rbp, r9, r12-r15).
 */
#include <stdint.h>
#include "kernel/hypercall.h"
#include "abi/errno.h"
#include "tests/guest/lib/test.h"

#define HV_RANGE_PTR      0xffff800000001000UL   /* the read-only M2P: hv range */
#define NON_CANONICAL_PTR 0x0000800000000000UL
#define UNMAPPED_PTR      0x0000000000001000UL

/* Runs xen_version(XENVER_version) with known values in every register the
 * ABI preserves; returns how many of them changed.  One asm block, so the
 * compiler cannot touch the registers between setting and checking them. */
static long preserved_registers_changed(void)
{
    long changed;

    __asm__ volatile("push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15\n\t"
                     "mov $0x1111, %%rbx; mov $0x2222, %%rbp; mov $0x3333, %%r9\n\t"
                     "mov $0x4444, %%r12; mov $0x5555, %%r13; mov $0x6666, %%r14\n\t"
                     "mov $0x7777, %%r15\n\t"
                     "xor %%edi, %%edi; xor %%esi, %%esi\n\t"
                     "call hypercall_page + %c[off]\n\t"
                     "xor %%ecx, %%ecx; xor %%eax, %%eax\n\t"
                     "cmp $0x1111, %%rbx; setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x2222, %%rbp; setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x3333, %%r9;  setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x4444, %%r12; setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x5555, %%r13; setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x6666, %%r14; setne %%al; add %%rax, %%rcx\n\t"
                     "cmp $0x7777, %%r15; setne %%al; add %%rax, %%rcx\n\t"
                     "pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx"
                     : "=c"(changed)
                     : [off] "i"(HC_xen_version * HYPERCALL_STUB_SIZE)
                     : "rax", "rdx", "rdi", "rsi", "r8", "r9", "r10", "r11", "memory");
    return changed;
}

/* Checks xen_version. */
static void test_xen_version(void)
{
    struct xen_feature_info fi = { 0, 0 };
    struct xen_platform_parameters pp = { 0 };
    long x = 0;

    test_check("xen_version(version) is 4.17", hypercall_xen_version(XENVER_version, 0), 0x40011);
    test_check("xen_version(pagesize, NULL)", hypercall_xen_version(XENVER_pagesize, 0), 4096);
    test_check("xen_version(pagesize, non-NULL) -EINVAL",
               hypercall_xen_version(XENVER_pagesize, &x), -XEN_EINVAL);
    test_check("xen_version(99) -ENOSYS", hypercall_xen_version(99, 0), -XEN_ENOSYS);
    test_check("xen_version(get_features)", hypercall_xen_version(XENVER_get_features, &fi), 0);
    test_check("features include dom0", (fi.submap >> XENFEAT_dom0) & 1, 1);
    fi.submap_idx = 1;
    test_check("xen_version(get_features, submap 1) -EINVAL",
               hypercall_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
    test_check("xen_version(platform_parameters)",
               hypercall_xen_version(XENVER_platform_parameters, &pp), 0);
    test_check("virt_start is 0xffff800000000000", pp.virt_start == 0xffff800000000000UL, 1);
    test_check("xen_version(extraversion, hv range) -EFAULT",
               hypercall_xen_version(XENVER_extraversion, (void *)HV_RANGE_PTR), -XEN_EFAULT);
    test_check("xen_version(extraversion, non-canonical) -EFAULT",
               hypercall_xen_version(XENVER_extraversion, (void *)NON_CANONICAL_PTR), -XEN_EFAULT);
    test_check("xen_version(capabilities, unmapped) -EFAULT",
               hypercall_xen_version(XENVER_capabilities, (void *)UNMAPPED_PTR), -XEN_EFAULT);
}

/* Checks console_io, sched_op, physdev_op and unknown hypercalls. */
static void test_others(void)
{
    uint32_t iopl = 4;

    test_check("console_io(write) returns 0", hypercall_console_io(CONSOLEIO_write, 22, "console_io write test\n"), 0);
    test_check("console_io(write, hv range) -EFAULT",
               hypercall_console_io(CONSOLEIO_write, 16, (const char *)HV_RANGE_PTR), -XEN_EFAULT);
    test_check("console_io(write, unmapped) -EFAULT",
               hypercall_console_io(CONSOLEIO_write, 16, (const char *)UNMAPPED_PTR), -XEN_EFAULT);
    test_check("console_io(read, 2^31) -E2BIG",
               hypercall_console_io(CONSOLEIO_read, 0x80000000UL, (const char *)UNMAPPED_PTR), -XEN_E2BIG);
    test_check("console_io(99) -ENOSYS", hypercall_console_io(99, 0, 0), -XEN_ENOSYS);
    test_check("sched_op(yield)", hypercall_sched_op(SCHEDOP_yield, 0), 0);
    test_check("sched_op(99) -ENOSYS", hypercall_sched_op(99, 0), -XEN_ENOSYS);
    test_check("sched_op(shutdown, unmapped) -EFAULT",
               hypercall_sched_op(SCHEDOP_shutdown, (void *)UNMAPPED_PTR), -XEN_EFAULT);
    test_check("physdev_op(set_iopl 4) -EINVAL",
               hypercall_physdev_op(PHYSDEVOP_set_iopl, &iopl), -XEN_EINVAL);
    test_check("physdev_op(set_iopl, non-canonical) -EFAULT",
               hypercall_physdev_op(PHYSDEVOP_set_iopl, (void *)NON_CANONICAL_PTR), -XEN_EFAULT);
    test_check("physdev_op(99) -ENOSYS", hypercall_physdev_op(99, 0), -XEN_ENOSYS);
    test_check("hypercall 11 (unused) -ENOSYS", hypercall5(11, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    test_check("hypercall 63 -ENOSYS", hypercall5(63, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    test_check("hypercall 127 -ENOSYS", hypercall5(127, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    test_check("hypercall preserves rbx rbp r9 r12-r15", preserved_registers_changed(), 0);
}

int main(void)
{
    test_xen_version();
    test_others();
    return test_finish();
}
