/* Checking segment descriptors (rules in domain/descriptor.h). */
#include "domain/descriptor.h"
#include "mm/directmap.h"
#include "abi/errno.h"
#include "abi/layout.h"
#include "abi/trap.h"

#define DESC_P          (1UL << 47)
#define DESC_S          (1UL << 44)
#define DESC_DPL_SHIFT  45
#define DESC_TYPE(d)    (((d) >> 40) & 0xf)
#define TYPE_CALL_GATE  0xc

/* Returns 1 if a call gate's target selector is one a guest may name. */
static int gate_target_ok(uint16_t sel)
{
    return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || (sel & 4) || (sel | 3) == (FLAT_KERNEL_CS | 3);
}

/* Checks and fixes up one descriptor; returns 1 if allowed. */
int descriptor_check(uint64_t *d)
{
    uint64_t v = *d;

    if (!(v & DESC_P))
        return 1;
    if (v & DESC_S) {
        *d = v | (3UL << DESC_DPL_SHIFT);
        return 1;
    }
    if (DESC_TYPE(v) == 0)
        return 1;
    if (DESC_TYPE(v) == TYPE_CALL_GATE) {
        uint16_t sel = (uint16_t)(v >> 16);
        unsigned dpl = (v >> DESC_DPL_SHIFT) & 3;

        if (((v >> 32) & 0xff) || !gate_target_ok(sel))
            return 0;
        sel = (uint16_t)((sel & ~3) | dpl);
        *d = (v & ~(0xffffUL << 16) & ~(3UL << DESC_DPL_SHIFT)) | ((uint64_t)sel << 16);
        return 1;
    }
    return 0;
}

/* Checks all 512 descriptors of the frame. */
int descriptor_page_validate(uint64_t mfn)
{
    uint64_t *d = mfn_to_virt(mfn);

    for (unsigned i = 0; i < 512; i++)
        if (!descriptor_check(&d[i]))
            return -XEN_EINVAL;
    return 0;
}
