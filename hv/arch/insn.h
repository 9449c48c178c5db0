/*
 * Just enough x86-64 decoding to emulate a guest's write to one of its
 * read-only L1 page tables (mm/ptwr.c): the instructions kernels use to
 * write a page-table entry, with a memory destination.
 *
 *   [F0] [REX] 89 /r        mov   r32/r64 -> mem
 *   [F0] [REX] C7 /0 id     mov   imm32 (sign-extended with REX.W) -> mem
 *   [F0] [REX] 87 /r        xchg  mem, r32/r64
 *   [F0] [REX] 0F B1 /r     cmpxchg mem, r32/r64 (compares with rax)
 */
#ifndef HV_ARCH_INSN_H
#define HV_ARCH_INSN_H

#include <stdint.h>
#include "arch/regs.h"

enum insn_kind { INSN_MOV, INSN_XCHG, INSN_CMPXCHG };

struct insn_write {
    enum insn_kind kind;
    unsigned size;          /* 4 or 8 bytes */
    unsigned length;        /* of the whole instruction */
    int reg;                /* register operand (0 = rax ... 15 = r15), -1 for an immediate */
    uint64_t imm;           /* the immediate of a mov, sign-extended */
};

/* Decodes the instruction in bytes[0..n); returns 0, or -1 if it is not
 * one of the forms above. */
int insn_decode_write(const uint8_t *bytes, unsigned n, struct insn_write *w);

/* Returns a pointer to general register reg (0-15) in a saved frame. */
uint64_t *insn_reg(struct cpu_regs *r, int reg);

#endif
