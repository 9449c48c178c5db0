/*
 * Writable page tables (pv-abi.md §8.7).  With VMASST_TYPE_writable_pagetables
 * on, a guest kernel may write an entry of one of its L1 tables directly,
 * although the table is mapped read-only:
 *
 *   guest: mov %rax, (entry)  --#PF (present, write)-->  hv: is the page a
 *   validated L1 of the guest's, mapped read-only?  decode the instruction
 *   (arch/insn.h), build the new 8-byte entry, check and store it like an
 *   mmu_update (mm/pt_update.c), step over the instruction.
 *
 * Anything else (another level, an unaligned or unsupported write, an entry
 * that fails the checks) is not emulated and stays a page fault.  No TLB
 * flush: the guest flushes, as with mmu_update.
 */
#include "mm/ptwr.h"
#include "mm/directmap.h"
#include "mm/guest_access.h"
#include "mm/guest_walk.h"
#include "mm/hv_pagetable.h"
#include "mm/page_type.h"
#include "mm/pt_update.h"
#include "mm/pte_rules.h"
#include "arch/insn.h"
#include "domain/domain.h"
#include "abi/mmu.h"

/* Returns the 8-byte entry after writing `value` (size bytes) at addr into
 * the entry old. */
static uint64_t merge(uint64_t old, uint64_t addr, uint64_t value, unsigned size)
{
    unsigned shift = (addr & 7) * 8;
    uint64_t mask = size == 8 ? ~0UL : 0xffffffffUL << shift;

    return (old & ~mask) | ((value << shift) & mask);
}

/* Emulates the write if it is an aligned write to a validated L1.  Not
 * inlined: its frame would burden every #PF that is not one. */
__attribute__((noinline)) int ptwr_emulate(struct cpu_regs *r, uint64_t addr)
{
    uint64_t *map_entry, map, table, *entry, old, part, value;
    struct insn_write w;
    uint8_t bytes[15];
    unsigned n;

    map_entry = guest_l1_entry(addr);
    map = map_entry ? *map_entry : 0;
    if (!map || (map & PTE_RW))
        return 0;
    table = pte_mfn(map);
    if (!frame_is_table(table, FT_L1))
        return 0;
    for (n = sizeof(bytes); n > 0 && copy_from_guest(bytes, r->rip, n); n--)
        ;
    if (!n || insn_decode_write(bytes, n, &w) < 0 || (addr & (w.size - 1)))
        return 0;
    entry = (uint64_t *)mfn_to_virt(table) + ((addr & 4095) >> 3);
    old = *entry;
    part = w.size == 8 ? old : (old >> ((addr & 7) * 8)) & 0xffffffffUL;
    value = w.reg < 0 ? w.imm : *insn_reg(r, w.reg);
    if (w.kind == INSN_CMPXCHG && part != (w.size == 8 ? r->rax : (uint32_t)r->rax)) {
        r->rax = part;
        r->rflags &= ~0x40UL;       /* ZF = 0: not written */
        r->rip += w.length;
        return 1;
    }
    if (pt_update_l1(entry, merge(old, addr, value, w.size), 0))
        return 0;
    if (w.kind == INSN_XCHG)
        *insn_reg(r, w.reg) = part;
    if (w.kind == INSN_CMPXCHG)
        r->rflags |= 0x40UL;        /* ZF = 1: written */
    r->rip += w.length;
    return 1;
}
