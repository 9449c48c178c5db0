/*
 * The fake machine (layout and rules in fake_machine.h): the globals and
 * functions the hypervisor's MM code links against, defined for the host.
 * Only what the linker asks for, and each as plain as it can be.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "fake_machine.h"
#include "domain/domain.h"
#include "domain/vcpu.h"
#include "domain/ldt.h"
#include "mm/hv_pagetable.h"
#include "mm/audit.h"
#include "hypercall/hypercall.h"
#include "arch/machine.h"
#include "lib/printf.h"
#include "abi/errno.h"

/* What the hypervisor defines in mm/frame_alloc.c, domain/builder.c,
 * domain/vcpu.c and hypercall/dispatch.c. */
uintptr_t unit_fake_directmap;
struct frame *frame_table;
uint64_t frame_limit;
uint64_t frame_guest_lo, frame_guest_hi;
struct domain dom0;
struct vcpu vcpu0;
uint8_t hv_exit_work;

unsigned fake_validations, fake_devalidations;

static void *memory;                    /* FAKE_FRAMES pages: the direct map */
static uint64_t next_free;              /* fake_alloc */
static uint64_t hv_l4_page[512] __attribute__((aligned(4096)));

/* The hypervisor's L4 (mm/hv_pagetable.h): the values of fake_machine.h. */
uint64_t *hv_l4(void)
{
    return hv_l4_page;
}

/* The LDT holds no frames: the MM tests never set one (domain/ldt.h). */
uint64_t ldt_frame(unsigned i)
{
    (void)i;
    return 0;
}

/* The audit asks for its counters once (audit_enable): one reserved
 * hypervisor frame is enough for FAKE_FRAMES counters. */
uint64_t frame_alloc_range(uint64_t n)
{
    return n == 1 ? FAKE_AUDIT_MFN : 0;
}

/* The audit prints the frames it disagrees with: to stderr. */
void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* Nothing under test should panic; if it does, stop with its message. */
void panic(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "pvx: panic: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

/* pt_validate and pt_devalidate, counted and logged (-Wl,--wrap in unit.mk:
 * the calls from page_type.c come here, as the trace's twins would). */
int __real_pt_validate(uint64_t mfn, enum frame_type level);
void __real_pt_devalidate(uint64_t mfn, enum frame_type level);
int __wrap_pt_validate(uint64_t mfn, enum frame_type level);
void __wrap_pt_devalidate(uint64_t mfn, enum frame_type level);

struct fake_table_call fake_table_log[FAKE_TABLE_LOG];
unsigned fake_table_calls;

/* Appends one call to the log (the first FAKE_TABLE_LOG are kept). */
static void table_log(int devalidate, uint64_t mfn, unsigned type, int rc)
{
    if (fake_table_calls < FAKE_TABLE_LOG)
        fake_table_log[fake_table_calls] = (struct fake_table_call){ devalidate, mfn, type, rc };
    fake_table_calls++;
}

int __wrap_pt_validate(uint64_t mfn, enum frame_type level)
{
    int rc;

    fake_validations++;
    rc = __real_pt_validate(mfn, level);
    table_log(0, mfn, frame_table[mfn].type, rc);
    return rc;
}

void __wrap_pt_devalidate(uint64_t mfn, enum frame_type level)
{
    fake_devalidations++;
    table_log(1, mfn, frame_table[mfn].type, 0);
    __real_pt_devalidate(mfn, level);
}

int fake_machine_reset(void **state)
{
    (void)state;
    if (!memory) {
        memory = aligned_alloc(4096, FAKE_FRAMES * 4096UL);
        frame_table = calloc(FAKE_FRAMES, sizeof(*frame_table));
        if (!memory || !frame_table)
            return -1;
    }
    memset(memory, 0, FAKE_FRAMES * 4096UL);
    unit_fake_directmap = (uintptr_t)memory;
    frame_limit = FAKE_FRAMES;
    frame_guest_lo = FAKE_FIRST_GUEST;     /* fake_alloc may hand out any free frame */
    frame_guest_hi = FAKE_FRAMES;
    for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
        struct frame *f = &frame_table[mfn];

        memset(f, 0, sizeof(*f));
        f->owner = mfn < FAKE_FIRST_GUEST ? FRAME_HV : mfn < FAKE_FIRST_FREE ? 0 : FRAME_FREE;
        f->type = FT_NONE;
    }
    /* Domain 0 with no base pointer yet: l4_mfn and shared_info_mfn name
     * hypervisor frame 0, which the audit does not check. */
    memset(&dom0, 0, sizeof(dom0));
    dom0.id = 0;
    dom0.shutdown_code = -1;
    memset(&vcpu0, 0, sizeof(vcpu0));

    memset(hv_l4_page, 0, sizeof(hv_l4_page));
    hv_l4_page[256] = FAKE_HV_M2P_L4E;
    for (unsigned i = 257; i <= 271; i++)
        hv_l4_page[i] = FAKE_HV_L4E(i);
    hv_l4_page[0] = hv_l4_page[255] = hv_l4_page[272] = hv_l4_page[511] = FAKE_HV_JUNK_L4E;

    next_free = FAKE_FIRST_GUEST;
    hv_exit_work = 0;
    audit_enable();             /* sets EXIT_WORK_AUDIT: cleared, it only matters in the hv */
    hv_exit_work = 0;
    fake_counters_clear();
    return 0;
}

int fake_machine_free(void **state)
{
    (void)state;
    free(memory);
    free(frame_table);
    memory = NULL;
    frame_table = NULL;
    return 0;
}

uint64_t fake_alloc(void)
{
    if (next_free >= FAKE_FIRST_FREE)
        fail_msg("the fake machine has no guest frame left");
    return next_free++;
}

void fake_build_chain(struct fake_chain *c)
{
    c->l4 = fake_alloc();
    c->l3 = fake_alloc();
    c->l2 = fake_alloc();
    c->l1 = fake_alloc();
    c->data = fake_alloc();
    fake_page(c->l4)[0] = pte(c->l3, PTE_PRW);
    fake_page(c->l3)[0] = pte(c->l2, PTE_PRW);
    fake_page(c->l2)[0] = pte(c->l1, PTE_PRW);
    fake_page(c->l1)[0] = pte(c->data, PTE_PRW);
}

int fake_tlb_flush_requested(void)
{
    return (hv_exit_work & EXIT_WORK_TLB_FLUSH) != 0;
}

void fake_tlb_clear(void)
{
    hv_exit_work &= (uint8_t)~EXIT_WORK_TLB_FLUSH;
}

void fake_counters_clear(void)
{
    fake_validations = fake_devalidations = 0;
    fake_table_calls = 0;
}

int fake_pin(uint64_t mfn, enum frame_type type)
{
    int rc;

    if (frame_get(mfn) < 0)
        return -XEN_EINVAL;
    if ((rc = frame_get_type(mfn, type))) {
        frame_put(mfn);
        return rc;
    }
    frame_of(mfn)->flags |= FRAME_PINNED;
    return 0;
}

void fake_unpin(uint64_t mfn)
{
    frame_of(mfn)->flags &= (uint8_t)~FRAME_PINNED;
    frame_put_type(mfn);
    frame_put(mfn);
}

unsigned fake_audit(void)
{
    return audit_run();
}

const char *fake_type_name(unsigned type)
{
    static const char *const names[] = {
        [FT_NONE] = "none", [FT_L1] = "L1", [FT_L2] = "L2", [FT_L3] = "L3",
        [FT_L4] = "L4", [FT_SEG_DESC] = "seg_desc", [FT_WRITABLE] = "writable",
    };

    return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

void fake_assert_frame(const char *file, int line, uint64_t mfn, enum frame_type type,
                       uint32_t count, uint32_t type_count, uint8_t flags)
{
    const struct frame *f = &frame_table[mfn];

    if (f->type == type && f->count == count && f->type_count == type_count && f->flags == flags)
        return;
    print_error("mfn %lu: type %s count %u type_count %u flags 0x%x; "
                "expected type %s count %u type_count %u flags 0x%x\n",
                (unsigned long)mfn, fake_type_name(f->type), f->count, f->type_count, f->flags,
                fake_type_name(type), count, type_count, flags);
    _fail(file, line);
}

void fake_save(struct fake_snapshot *s)
{
    memcpy(s->f, frame_table, sizeof(s->f));
}

void fake_assert_counts_as_saved(const char *file, int line, const struct fake_snapshot *s)
{
    unsigned bad = 0;

    for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
        const struct frame *f = &frame_table[mfn], *o = &s->f[mfn];

        if (f->owner == o->owner && f->count == o->count && f->type_count == o->type_count &&
            f->flags == o->flags)
            continue;
        if (bad++ < 8)
            print_error("mfn %lu: count %u type_count %u flags 0x%x (type %s); "
                        "before: count %u type_count %u flags 0x%x (type %s)\n",
                        (unsigned long)mfn, f->count, f->type_count, f->flags,
                        fake_type_name(f->type), o->count, o->type_count, o->flags,
                        fake_type_name(o->type));
    }
    if (bad)
        _fail(file, line);
}
