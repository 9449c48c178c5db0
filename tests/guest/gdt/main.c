/*
 * Our own GDT (pv-abi.md §3.6), on Xen 4.17 (the reference) and on pvx.
 *
 * set_gdt must refuse a frame that is still mapped writable, a frame with
 * a system descriptor other than a call gate, and more than 7168 entries.  Once the frame is read-only it loads, and the
 * hypervisor rewrites DPL 0 data descriptors to DPL 3 in place.  The CPU
 * then uses it: a selector loads into %es and %fs, lar/lsl see the
 * descriptors, update_descriptor changes one (and refuses a system
 * descriptor and a misaligned address), a not-present descriptor gives #NP
 * and a selector past the limit gives #GP, each with the selector as its
 * error code.  set_segment_base(GS_USER_SEL) of a not-present or
 * out-of-range selector loads a null one and returns 0 (the hypervisor's
 * own load faults and must be caught).  Unloading gives the frame back,
 * writable.  A hypervisor that skips the descriptor check, maps the GDT
 * from a writable frame, reflects the wrong fault on a segment load or
 * stops on a fault in its own load fails here.
 */
#include "abi/errno.h"
#include "abi/trap.h"
#include "kernel/gdt.h"
#include "kernel/hypercall_kernel.h"
#include "kernel/trap.h"
#include "mm/region.h"
#include "tests/guest/lib/test.h"
#include "tests/guest/lib/trap_probe.h"

#define SEL(index) ((index) << 3 | 3)
#define DATA_DPL0   1           /* flat data, DPL 0: fixed up to DPL 3 */
#define DATA_SMALL  2           /* data, DPL 3, limit 0x10 pages */
#define DATA_ABSENT 3           /* data, not present */
#define CODE64      4           /* 64-bit code, DPL 3 */
#define NR_DESCS    5
#define DESC_L      (1ULL << 53)
#define DESC_TSS    (0x89ULL << 40)     /* an available 64-bit TSS: a system descriptor */

static uint64_t descs[NR_DESCS];

/* The table we load: a null descriptor and the four above. */
static void build_descs(void)
{
    descs[DATA_DPL0] = gdt_descriptor(0, 0xfffff, DESC_TYPE_DATA_RW, 0, 1);
    descs[DATA_SMALL] = gdt_descriptor(0, 0x10, DESC_TYPE_DATA_RW, 3, 1);
    descs[DATA_ABSENT] = gdt_descriptor(0, 0xfffff, DESC_TYPE_DATA_RW, 3, 0);
    descs[CODE64] = (gdt_descriptor(0, 0xfffff, DESC_TYPE_CODE_RX, 3, 1) & ~(1ULL << 54)) | DESC_L;
}

/* lar: the access-rights bytes of sel, or -1 if the CPU refuses it. */
static long lar(uint16_t sel)
{
    unsigned long rights;
    unsigned char ok;

    __asm__ volatile("lar %2, %0; setz %1" : "=r"(rights), "=q"(ok) : "r"((unsigned long)sel) : "cc");
    return ok ? (long)rights : -1;
}

/* lsl: the byte limit of sel, or -1. */
static long lsl(uint16_t sel)
{
    unsigned long limit;
    unsigned char ok;

    __asm__ volatile("lsl %2, %0; setz %1" : "=r"(limit), "=q"(ok) : "r"((unsigned long)sel) : "cc");
    return ok ? (long)limit : -1;
}

/* What set_gdt must refuse. */
static void test_refusals(void)
{
    unsigned long frame = gdt_frame_mfn();

    test_check("set_gdt with the frame still mapped writable: -EINVAL",
               hypercall_set_gdt(&frame, NR_DESCS), -XEN_EINVAL);
    test_check("set_gdt with 7169 entries: -EINVAL", hypercall_set_gdt(&frame, 7169), -XEN_EINVAL);
    {
        uint64_t bad[3] = { 0, descs[DATA_DPL0], DESC_TSS | 0xffff };

        test_check("set_gdt with a TSS descriptor in it: -EINVAL", gdt_load(bad, 3), -XEN_EINVAL);
    }
}

/* Loads our table and looks at it through the CPU.  Returns 1 if it is
 * loaded (else nothing after the load is tried: a load of one of its
 * selectors would fault). */
static int test_load_and_use(void)
{
    uint16_t es = 0, fs = 0;

    long rc = gdt_load(descs, NR_DESCS);

    test_check("gdt_load of 5 descriptors (frame read-only)", rc, 0);
    if (rc != 0)
        return 0;
    test_check("the DPL 0 data descriptor was rewritten to DPL 3",
               (gdt_entry(DATA_DPL0) >> 45) & 3, 3);
    test_check("the rest of the descriptor is unchanged",
               gdt_entry(DATA_DPL0) & ~(3ULL << 45), descs[DATA_DPL0] & ~(3ULL << 45));
    test_check("lar: the fixed-up descriptor is usable at CPL 3", lar(SEL(DATA_DPL0)) >= 0, 1);
    test_check("lar: present, DPL 3, data read/write", (lar(SEL(DATA_DPL0)) >> 8) & 0xff, 0xf3);
    test_check("lsl: the small segment is 0x11 pages", lsl(SEL(DATA_SMALL)), 0x10fff);
    test_check("lar: the 64-bit code descriptor has L set", (lar(SEL(CODE64)) >> 21) & 1, 1);
    __asm__ volatile("mov %2, %%es; mov %2, %%fs; mov %%es, %0; mov %%fs, %1"
                     : "=r"(es), "=r"(fs) : "r"((uint16_t)SEL(DATA_DPL0)));
    test_check("mov of our selector to %es sticks", es, SEL(DATA_DPL0));
    test_check("mov of our selector to %fs sticks", fs, SEL(DATA_DPL0));
    __asm__ volatile("mov %0, %%es; mov %0, %%fs" : : "r"(0));

    test_check("update_descriptor: limit 0x1234 pages",
               gdt_update(DATA_SMALL, gdt_descriptor(0, 0x1234, DESC_TYPE_DATA_RW, 3, 1)), 0);
    test_check("lsl sees the new limit", lsl(SEL(DATA_SMALL)), 0x1234fff);
    test_check("update_descriptor with a TSS descriptor: -EINVAL",
               gdt_update(DATA_SMALL, DESC_TSS | 0xffff), -XEN_EINVAL);
    test_check("update_descriptor at a misaligned address: -EINVAL",
               hypercall_update_descriptor(((uint64_t)gdt_frame_mfn() << 12) + 4, 0), -XEN_EINVAL);
    return 1;
}

/* Segment-load faults, each with the selector (RPL cleared) as error code. */
static void test_segment_faults(void)
{
    probe_arm();
    PROBE("mov $0x1b, %%eax", "mov %%eax, %%es", "", "rax");
    probe_expect("#NP: loading a not-present descriptor into %es", TRAP_NP, probe_fault_rip,
                 SEL(DATA_ABSENT) & ~3);

    probe_arm();
    PROBE("mov $0x2b, %%eax", "mov %%eax, %%es", "", "rax");
    probe_expect("#GP: a selector past the GDT's 5 entries", TRAP_GP, probe_fault_rip,
                 SEL(NR_DESCS) & ~3);
    __asm__ volatile("mov %0, %%es" : : "r"(0));
}

/* set_segment_base(GS_USER_SEL) makes the hypervisor load the selector
 * itself: a not-present descriptor faults there with #NP, a selector past
 * the limit with #GP.  Either must end in a null selector and 0 (as on
 * Xen), not in a hypervisor panic (pvx stopped on the #NP, found by the
 * fuzzer, tests/guest/fuzz). */
static void test_user_gs_selector(void)
{
    test_check("set_segment_base(GS_USER_SEL) of a not-present descriptor: 0",
               hypercall5(HC_set_segment_base, SEGBASE_GS_USER_SEL, SEL(DATA_ABSENT), 0, 0, 0), 0);
    test_check("set_segment_base(GS_USER_SEL) past the GDT's limit: 0",
               hypercall5(HC_set_segment_base, SEGBASE_GS_USER_SEL, SEL(NR_DESCS), 0, 0, 0), 0);
    test_check("set_segment_base(GS_USER_SEL) of our data descriptor: 0",
               hypercall5(HC_set_segment_base, SEGBASE_GS_USER_SEL, SEL(DATA_DPL0), 0, 0, 0), 0);
    test_check("the hypervisor still answers (xen_version > 0)",
               hypercall5(HC_xen_version, 0, 0, 0, 0, 0) > 0, 1);
}

int main(void)
{
    if (bootstrap_region.v_end == 0) {
        test_check("guest/mm initialised at boot", 0, 1);
        return test_finish();
    }
    build_descs();
    test_refusals();
    if (!test_load_and_use())
        return test_finish();
    test_user_gs_selector();
    if (test_require("traps available (for the segment faults)", traps_unavailable())) {
        probe_install();
        test_segment_faults();
    }
    test_check("gdt_unload", gdt_unload(), 0);
    test_check("load again (the copy needs the frame writable after the unload)",
               gdt_load(descs, NR_DESCS), 0);
    test_check("gdt_unload", gdt_unload(), 0);
    return test_finish();
}
