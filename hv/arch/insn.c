/* Decoding the page-table writes mm/ptwr.c emulates (forms in arch/insn.h). */
#include "arch/insn.h"

/* Returns the length of a ModRM memory operand (ModRM, SIB, displacement)
 * starting at m, or 0 if it is a register operand or runs past end. */
static unsigned modrm_length(const uint8_t *m, const uint8_t *end)
{
    unsigned mod = m[0] >> 6, rm = m[0] & 7, len = 1;

    if (mod == 3)
        return 0;
    if (rm == 4) {
        if (m + 1 >= end)
            return 0;
        len++;
        if (mod == 0 && (m[1] & 7) == 5)
            len += 4;
    } else if (mod == 0 && rm == 5) {
        len += 4;               /* rip-relative */
    }
    len += mod == 1 ? 1 : mod == 2 ? 4 : 0;
    return m + len <= end ? len : 0;
}

/* Decodes one of the supported writes; returns 0 or -1. */
int insn_decode_write(const uint8_t *bytes, unsigned n, struct insn_write *w)
{
    const uint8_t *p = bytes, *end = bytes + n;
    unsigned rex = 0, len;

    if (p < end && *p == 0xf0)
        p++;
    if (p < end && (*p & 0xf0) == 0x40)
        rex = *p++;
    if (p + 1 >= end)
        return -1;
    w->size = (rex & 8) ? 8 : 4;
    if (p[0] == 0x89 || p[0] == 0x87) {
        w->kind = p[0] == 0x89 ? INSN_MOV : INSN_XCHG;
        p++;
    } else if (p[0] == 0x0f && p[1] == 0xb1) {
        w->kind = INSN_CMPXCHG;
        p += 2;
    } else if (p[0] == 0xc7 && ((p[1] >> 3) & 7) == 0) {
        w->kind = INSN_MOV;
        p++;
        if (p >= end || !(len = modrm_length(p, end)) || p + len + 4 > end)
            return -1;
        w->reg = -1;
        w->imm = (uint64_t)(int64_t)(int32_t)(p[len] | p[len + 1] << 8 | p[len + 2] << 16 |
                                             (uint32_t)p[len + 3] << 24);
        w->length = (unsigned)(p + len + 4 - bytes);
        return 0;
    } else {
        return -1;
    }
    if (p >= end || !(len = modrm_length(p, end)))
        return -1;
    w->reg = (int)(((p[0] >> 3) & 7) | ((rex & 4) << 1));
    w->length = (unsigned)(p + len - bytes);
    return 0;
}

/* Returns the slot of register reg in the saved frame. */
uint64_t *insn_reg(struct cpu_regs *r, int reg)
{
    uint64_t *const slots[16] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };

    return slots[reg & 15];
}
