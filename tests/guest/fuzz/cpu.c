/*
 * Fuzzing the descriptor tables and the vCPU's entry points (pv-abi.md
 * §3.5-3.8): set_gdt, update_descriptor, set_trap_table, set_callbacks,
 * callback_op, stack_switch, fpu_taskswitch and set_segment_base.
 *
 * GDTs are built from sandbox frames; descriptors are written into sandbox
 * frames and must be refused in the sandbox's page tables and for system
 * types other than call gates.  The guest's own trap table and callbacks
 * are only ever re-registered with the values the kernel gave them, or
 * offered values that must be refused (non-canonical addresses, vectors
 * after a bad entry), since a wrong entry point would end the guest.
 */
#include "tests/guest/fuzz/fuzz.h"
#include "abi/layout.h"
#include "abi/trap.h"
#include "kernel/trap.h"
#include "mm/scratch.h"

#define GDT_MAX_FRAMES  14
#define TRAP_NR         256

extern char event_callback_entry[], failsafe_callback_entry[];

/* A descriptor: not present, code or data at any DPL, a call gate to a
 * good or bad selector, or any bits. */
static uint64_t random_descriptor(void)
{
    switch (rng_below(5)) {
    case 0: return rng_next() & ~(1UL << 47);                          /* not present */
    case 1: return 0x00cf93000000ffffUL | (rng_below(4) << 45);        /* data */
    case 2: return 0x00af9b000000ffffUL | (rng_below(4) << 45);        /* 64-bit code */
    case 3: return (0x8cUL << 40) | ((rng_chance(50) ? 0xe033UL : rng_below(0x10000)) << 16) |
                   (rng_below(4) << 45);                                /* call gate */
    default: return rng_next();
    }
}

/* A present system descriptor that is not a call gate: LDT, TSS, or an
 * interrupt or trap gate.  Every one must be refused. */
static uint64_t refused_descriptor(void)
{
    static const uint64_t types[] = { 0x2, 0x9, 0xb, 0xe, 0xf };

    return ((0x80UL | types[rng_below(5)]) << 40) | (rng_next() & 0xffff00ffffffffffUL & ~(0xffUL << 40));
}

/* set_gdt of sandbox frames, or with too many entries, a bad list,
 * frames that are not ours or page tables; update_descriptor into sandbox
 * frames, or unaligned, into page tables, frames not ours, refused types. */
void gen_descriptors(struct fuzz_call *c)
{
    uint64_t *frames = arena_alloc(GDT_MAX_FRAMES * 8);
    unsigned long table = (unsigned long[]){ world.l3, world.l2, world.l1 }[rng_below(3)];
    uint64_t ma = ((uint64_t)any_world_mfn() << PAGE_SHIFT) + rng_below(512) * 8;

    if (!frames)
        return call_set(c, HC_set_gdt, 0, 0, 0, 0, 0, "set_gdt of nothing");
    for (unsigned i = 0; i < GDT_MAX_FRAMES; i++)     /* even data frames start read-only */
        frames[i] = rng_chance(90) ? world.data[2 * rng_below(NR_DATA / 2)] : any_world_mfn();
    switch (rng_below(10)) {
    case 0:
        call_set(c, HC_set_gdt, (uint64_t)frames, FIRST_RESERVED_GDT_ENTRY + 1 + rng_below(1u << 31),
                 0, 0, ERR(EINVAL), "set_gdt with too many entries");
        return;
    case 1:
        call_set(c, HC_set_gdt, bad_read_ptr() | 1, 1 + rng_below(FIRST_RESERVED_GDT_ENTRY), 0, 0,
                 ERR(EFAULT), "set_gdt from a bad frame list");
        return;
    case 2:
        frames[rng_below(3)] = rng_chance(50) ? hostile_mfn() : table;
        call_set(c, HC_set_gdt, (uint64_t)frames, 1025 + rng_below(512), 0, 0, ERR(EINVAL),
                 "set_gdt with a frame not ours or a page table");
        return;
    case 3: case 4:
        call_set(c, HC_set_gdt, (uint64_t)frames, rng_below(rng_chance(80) ? 1024 : 7169), 0, 0, 0,
                 "set_gdt");
        return;
    case 5:
        call_set(c, HC_update_descriptor, ma | (1 + rng_below(7)), random_descriptor(), 0, 0,
                 ERR(EINVAL), "update_descriptor at an unaligned address");
        return;
    case 6:
        ma = rng_chance(50) ? (hostile_mfn() << PAGE_SHIFT) : ((uint64_t)table << PAGE_SHIFT);
        call_set(c, HC_update_descriptor, ma + rng_below(512) * 8, random_descriptor(), 0, 0,
                 ERR(EINVAL), "update_descriptor in a frame not ours or a page table");
        return;
    case 7:
        call_set(c, HC_update_descriptor, ma, refused_descriptor(), 0, 0, ERR(EINVAL),
                 "update_descriptor of a refused system descriptor");
        return;
    default:
        call_set(c, HC_update_descriptor, ma, random_descriptor(), 0, 0, 0, "update_descriptor");
        return;
    }
}

/* The trap_info the kernel registered for vector (traps.c). */
static struct trap_info kernel_gate(unsigned vector)
{
    return (struct trap_info){
        .vector = (uint8_t)vector,
        .flags = (uint8_t)((vector == TRAP_BP || vector == TRAP_OF ? 3 : 0) | TI_MASK_EVENTS),
        .cs = FLAT_KERNEL_CS,
        .address = (uint64_t)(trap_stubs + vector * TRAP_STUB_SIZE),
    };
}

/* set_trap_table: the kernel's own gates again (ending with the
 * terminator, or running off our memory: -EFAULT after they were set), a
 * non-canonical first entry, or a bad pointer (never NULL, which would
 * clear every gate). */
static void gen_trap_table(struct fuzz_call *c)
{
    unsigned n = 1 + (unsigned)rng_below(8);
    int off_the_end = !gen_nested && rng_chance(15);      /* the edge page holds one list */
    struct trap_info *t = off_the_end ? (struct trap_info *)(scratch_edge_va() + PAGE_SIZE) - n
                                      : arena_alloc((n + 1) * sizeof(*t));

    if (!t || rng_chance(15))
        return call_set(c, HC_set_trap_table, bad_read_ptr() | 8, 0, 0, 0, ERR(EFAULT),
                        "set_trap_table from a bad pointer");
    for (unsigned i = 0; i < n; i++)
        t[i] = kernel_gate((unsigned)rng_below(TRAP_NR));
    if (!off_the_end)
        t[n] = (struct trap_info){ 0 };
    if (rng_chance(20)) {
        t[0].address = 0x0000800000000000UL | rng_next();
        t[0].address = (t[0].address >> 47) == 0x1ffff ? t[0].address ^ (1UL << 62) : t[0].address;
        return call_set(c, HC_set_trap_table, (uint64_t)t, 0, 0, 0, ERR(EINVAL),
                        "set_trap_table with a non-canonical handler");
    }
    call_set(c, HC_set_trap_table, (uint64_t)t, 0, 0, 0, off_the_end ? ERR(EFAULT) : MAY_SUCCEED,
             "set_trap_table");
}

/* A non-canonical address. */
static uint64_t non_canonical(void)
{
    uint64_t a = 0x0000800000000000UL | rng_next();

    return (a >> 47) == 0x1ffff ? a ^ (1UL << 62) : a;
}

/* callback_op: the kernel's own event and failsafe entries again, a
 * syscall entry, non-canonical addresses, unknown types and commands. */
static void gen_callback_op(struct fuzz_call *c)
{
    struct callback_register *r = arena_alloc(sizeof(*r));
    static const uint16_t known[] = { CALLBACKTYPE_event, CALLBACKTYPE_failsafe,
                                      CALLBACKTYPE_syscall, CALLBACKTYPE_nmi };

    if (!r)
        return call_set(c, HC_callback_op, 9, 0, 0, 0, ERR(ENOSYS), "callback_op unknown");
    switch (rng_below(7)) {
    case 0:
        *r = (struct callback_register){ CALLBACKTYPE_event, (uint16_t)rng_below(2), 0,
                                         (uint64_t)event_callback_entry };
        return call_set(c, HC_callback_op, CALLBACKOP_register, (uint64_t)r, 0, 0, MAY_SUCCEED,
                        "callback_op register event");
    case 1:
        *r = (struct callback_register){ CALLBACKTYPE_failsafe, CALLBACKF_mask_events, 0,
                                         (uint64_t)failsafe_callback_entry };
        return call_set(c, HC_callback_op, CALLBACKOP_register, (uint64_t)r, 0, 0, MAY_SUCCEED,
                        "callback_op register failsafe");
    case 2:
        *r = (struct callback_register){ known[rng_below(4)], (uint16_t)rng_next(), 0, non_canonical() };
        return call_set(c, HC_callback_op, CALLBACKOP_register, (uint64_t)r, 0, 0, ERR(EINVAL),
                        "callback_op register at a non-canonical address");
    case 3:
        *r = (struct callback_register){ (uint16_t)(8 + rng_below(0xfff8)), 0, 0,
                                         (uint64_t)event_callback_entry };
        return call_set(c, HC_callback_op, CALLBACKOP_register, (uint64_t)r, 0, 0, ERR(ENOSYS),
                        "callback_op register of an unknown type");
    case 4:
        *(uint32_t *)r = (uint32_t)(rng_chance(50) ? rng_below(8) : rng_next());
        return call_set(c, HC_callback_op, CALLBACKOP_unregister, (uint64_t)r, 0, 0, 0,
                        "callback_op unregister");
    case 5:
        return call_set(c, HC_callback_op, rng_below(2), bad_read_ptr(), 0, 0, ERR(EFAULT),
                        "callback_op from a bad pointer");
    default:
        return call_set(c, HC_callback_op, 2 + rng_below(1u << 31), (uint64_t)r, 0, 0, ERR(ENOSYS),
                        "callback_op with an unknown command");
    }
}

/* set_segment_base: any which and base (non-canonical bases and unknown
 * which refused), except the kernel's own GS base, which stays. */
static void gen_segment_base(struct fuzz_call *c)
{
    uint64_t which = rng_chance(80) ? rng_below(4) : 4 + rng_below(1u << 31);
    uint64_t base = rng_chance(30) ? non_canonical() : rng_next() & ((1UL << 47) - 1);
    int refused = which > SEGBASE_GS_USER_SEL || (which != SEGBASE_GS_USER_SEL && base >> 47);

    if (which == SEGBASE_GS_KERNEL && !refused)
        which = SEGBASE_GS_USER;
    call_set(c, HC_set_segment_base, which, base, 0, 0, refused ? ERR(EINVAL) : MAY_SUCCEED,
             "set_segment_base");
}

/* One of the vCPU-state calls. */
void gen_cpu_state(struct fuzz_call *c)
{
    switch (rng_below(8)) {
    case 0: case 1:
        return gen_trap_table(c);
    case 2:         /* non-canonical entry points are skipped: 0, nothing changes */
        return call_set(c, HC_set_callbacks, non_canonical(), non_canonical(), non_canonical(), 0,
                        MAY_SUCCEED, "set_callbacks with non-canonical addresses");
    case 3:
        return gen_callback_op(c);
    case 4:         /* the kernel stack for user-mode entries: we have no user mode */
        return call_set(c, HC_stack_switch, rng_next(), rng_next(), 0, 0, MAY_SUCCEED,
                        "stack_switch");
    case 5:         /* TS set: the next FPU use traps to the kernel, which clears it */
        return call_set(c, HC_fpu_taskswitch, rng_chance(50) ? rng_next() : 0, 0, 0, 0,
                        MAY_SUCCEED, "fpu_taskswitch");
    default:
        return gen_segment_base(c);
    }
}
