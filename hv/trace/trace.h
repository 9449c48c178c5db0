/*
 * The hypervisor trace (docs/trace.md): records of what the PV MMU does for
 * the guest, for learning and for pictures (scripts/trace-view.py).
 *
 *   trace=<cats>        which categories are on (trace_option.c): the bits
 *                       of trace_mask; 0 (the default) = off
 *   trace_to=ring       records go to a memory ring (trace_ring.c), dumped
 *                       to the serial line when the domain ends (trace_end.c)
 *   trace_to=serial     each record is printed as it happens
 *   trace_ring=<n>      the ring's size in records
 *
 * Every record becomes one line "trace: <tsc> <category> <operation>
 * key=value ..." (trace_format.c).  Under QEMU -icount shift=0 the TSC counts
 * instructions.
 *
 * What tracing costs when it is off: nothing, to the instruction (make
 * bench against the same hypervisor with the trace compiled out,
 * scripts/trace-cost.sh).  No code the guest makes run tests whether tracing
 * is on; each category comes in by replacing, once at boot, something that
 * path goes through anyway:
 *
 *   hc        hypercall_table[nr]          -> a traced wrapper (trace_hypercall.c)
 *   exc       trap_handler                 -> traced_trap_handle (trace_hooks.c)
 *   evt       both of those; the wrappers compare the pending bitmap before
 *             and after (trace_events.c)
 *   pin, tlb  hypercall_table[mmuext_op]   -> do_mmuext_op_traced: mm/mmuext_op.c
 *             compiled a second time with its hooks in (mmuext_op_twin.c)
 *   type, val the calls of frame_get_first_type and frame_put_last_type in
 *             the text -> their traced twins: the calls' displacements are
 *             rewritten (trace_calls.c)
 *
 * The remaining trace_on tests are off the guest's paths: the builder's pin
 * at boot and an emulated exit(n).
 */
#ifndef HV_TRACE_TRACE_H
#define HV_TRACE_TRACE_H

#include <stdint.h>

/* Categories: bit numbers of trace_mask, and the record's cat field. */
enum trace_cat {
    TC_HC, TC_TYPE, TC_PIN, TC_VAL, TC_TLB, TC_EXC, TC_EVT,
    TC_TREE,        /* tree snapshots: emitted with TC_PIN */
    TC_END,         /* the end of the domain, and what the ring lost */
};

#define TRACE_HC    (1u << TC_HC)
#define TRACE_TYPE  (1u << TC_TYPE)
#define TRACE_PIN   (1u << TC_PIN)
#define TRACE_VAL   (1u << TC_VAL)
#define TRACE_TLB   (1u << TC_TLB)
#define TRACE_EXC   (1u << TC_EXC)
#define TRACE_EVT   (1u << TC_EVT)
#define TRACE_ALL   0x7fu

/* Operations (the record's op field) per category; TC_HC uses the
 * hypercall number. */
enum trace_op {
    TO_TYPE_GET = 0, TO_TYPE_PUT,                       /* TC_TYPE */
    TO_VAL_VALIDATE = 0, TO_VAL_DEVALIDATE,             /* TC_VAL */
    TO_PIN_PIN = 0, TO_PIN_UNPIN, TO_PIN_BASEPTR, TO_PIN_USER_BASEPTR, TO_PIN_BOOT, /* TC_PIN */
    TO_TLB_FLUSH = 0, TO_TLB_INVLPG,                    /* TC_TLB */
    TO_EXC_FAULT = 0,                                   /* TC_EXC */
    TO_EVT_PENDING = 0,                                 /* TC_EVT */
    TO_TREE_BEGIN = 0, TO_TREE_NODE, TO_TREE_END,       /* TC_TREE */
    TO_END_DOMAIN = 0, TO_END_LOST,                     /* TC_END */
};

/* Flags of a hypercall record (the a field). */
#define TRACE_HC_NESTED     0x1     /* an entry of a multicall */
#define TRACE_HC_CONTINUED  0x2     /* it will continue (a continuation) */
#define TRACE_HC_NORETURN   0x4     /* recorded before the call: no rc, no dur */

/* Why a tree snapshot was taken (the a field of TO_TREE_BEGIN). */
enum trace_tree_why { TREE_BOOT, TREE_PIN, TREE_BASEPTR, TREE_END };

/* One record: 48 bytes in the ring.  What a, b, rc and v[] hold depends on
 * the category and operation; trace_format.c is the key. */
struct trace_record {
    uint64_t ts;
    uint8_t cat;
    uint8_t op;
    uint8_t a;
    uint8_t b;
    int32_t rc;
    uint64_t v[4];
};

/* Where records go (trace_to=). */
enum trace_sink { TRACE_TO_RING, TRACE_TO_SERIAL };

#define TRACE_RING_DEFAULT  16384u      /* records: 768 KiB */
#define TRACE_RING_MAX      (1u << 20)  /* records: 48 MiB */

/* Every function of the trace is cold and never inlined: a hook must not
 * change the code around it (its stack frame, its registers, its stack
 * alignment) when it does not run, which make bench checks to the
 * instruction.  Cold also means optimised for size, which is right for
 * code that runs only while tracing. */
#define TRACE_HOOK __attribute__((noinline, cold))

/* The hooks called from hypervisor code (the builder, emulate.c, the twin
 * of mmuext_op) and the twins the text's calls are redirected to
 * (trace_calls.c) also save every register they use: GCC (with -fipa-ra)
 * would otherwise let a caller keep fewer values in scratch registers,
 * because the hook clobbers more of them than the code it sits in. */
#ifdef PVX_UNIT_TEST
#define TRACE_ENTRY TRACE_HOOK      /* host code uses SSE registers: not possible */
#else
#define TRACE_ENTRY __attribute__((noinline, cold, no_caller_saved_registers))
#endif

/* The categories that are on; set once by trace_init. */
extern uint8_t trace_mask;

/* -DPVX_NO_TRACE builds the hypervisor without the trace (build/hv-notrace,
 * what scripts/trace-cost.sh measures the traced build against): trace_on
 * is 0 and trace_init refuses trace=. */
#ifdef PVX_NO_TRACE
#define TRACE_BUILT 0
#else
#define TRACE_BUILT 1
#endif

/* Returns non-zero if one of the categories in bits is on, exactly
 * "testb $bits, trace_mask; jnz" (asm goto: left to itself, GCC loads the
 * mask into a register first, or once for several inlined hooks and keeps
 * it alive).  Only the builder's pin, an emulated exit(n) and the traced
 * twin of mmuext_op test it.  The host unit tests read the mask plainly. */
#if !TRACE_BUILT
#define trace_on(bits) 0
#elif defined(PVX_UNIT_TEST)
#define trace_on(bits) (trace_mask & (bits))
#else
#define trace_on(bits) ({                                                       \
    __label__ on_;                                                              \
    int is_on_ = 0;                                                             \
    __asm__ goto("testb %[b], %[m]\n\tjnz %l[on_]"                               \
                 : : [m] "m"(trace_mask), [b] "i"(bits) : "cc" : on_);          \
    if (0) {                                                                    \
on_:                                                                            \
        is_on_ = 1;                                                             \
    }                                                                           \
    __builtin_expect(is_on_, 0);                                                \
})
#endif

/* In a file compiled twice, as itself and as its traced twin (a file of
 * trace/ that defines TRACE_TWIN and includes it), trace_on for the twin
 * only: in the file itself the hooks are compiled out. */
#ifdef TRACE_TWIN
#define trace_twin_on(bits) trace_on(bits)
#else
#define trace_twin_on(bits) 0
#endif

/* Parses a trace= value (comma list of hc type pin val tlb exc evt, or all)
 * from s[0..n) into *mask; returns 0 or -1 (trace_option.c). */
int trace_parse_categories(const char *s, unsigned long n, uint8_t *mask);

/* Parses a trace_to= value (ring or serial); returns 0 or -1. */
int trace_parse_sink(const char *s, unsigned long n, uint8_t *sink);

/* Formats r as one line without the newline into buf; returns the length
 * it needed, as snprintf does (trace_format.c). */
TRACE_HOOK int trace_format(const struct trace_record *r, char *buf, unsigned long size);

/* Turns tracing on for mask with the given sink and ring size: allocates
 * the ring and puts in the traced paths the categories need (see above).
 * Panics if the ring does not fit in memory, or for a non-empty mask in a
 * build without the trace.  Does nothing for an empty mask.  Call it before
 * the text is made read-only. */
TRACE_HOOK void trace_init(uint8_t mask, uint8_t sink, uint32_t ring_records);

/* Returns a record of cat and op stamped with the TSC, other fields 0. */
TRACE_HOOK struct trace_record trace_record_now(unsigned cat, unsigned op);

/* Stores or prints one record (trace_ring.c). */
TRACE_HOOK void trace_emit(const struct trace_record *r);

/* Prints the ring, oldest record first, with a line for what it lost. */
TRACE_HOOK void trace_ring_dump(void);

/* The hooks of mmuext_op's twin and the builder (trace_hooks.c); call them
 * only when trace_on(their category), through TRACE_CALLn.  Each reads what
 * it reports from the frame table, so its caller passes as little as it can
 * (what it has in registers). */
struct cpu_regs;
TRACE_ENTRY void trace_pin(unsigned op, uint64_t mfn);
TRACE_ENTRY void trace_baseptr(unsigned op, uint64_t mfn, uint64_t old);
TRACE_ENTRY void trace_tlb(unsigned op, uint64_t va);

/* TRACE_CALLn(fn, args...) calls the TRACE_ENTRY hook fn from inline
 * assembly, which tells GCC what is true of such a hook: it changes no
 * register.  A plain call would make GCC's interprocedural register
 * allocation (-fipa-ra) assume the hooked function clobbers every scratch
 * register, and its callers would keep their values in saved registers
 * instead, tracing on or off.  (The hypervisor has no red zone, so a call
 * from asm is safe.)  The host unit tests call the hooks plainly. */
#ifdef PVX_UNIT_TEST
#define TRACE_CALL1(fn, a)          fn(a)
#define TRACE_CALL2(fn, a, b)       fn(a, b)
#define TRACE_CALL3(fn, a, b, c)    fn(a, b, c)
#else
#define TRACE_CALL1(fn, a) \
    __asm__ volatile("call %P[hook]" : : [hook] "i"(fn), "D"(a) : "cc", "memory")
#define TRACE_CALL2(fn, a, b) \
    __asm__ volatile("call %P[hook]" : : [hook] "i"(fn), "D"(a), "S"(b) : "cc", "memory")
#define TRACE_CALL3(fn, a, b, c) \
    __asm__ volatile("call %P[hook]" : : [hook] "i"(fn), "D"(a), "S"(b), "d"(c) : "cc", "memory")
#endif

/* Emits the tree of page tables reachable from the L4 root (trace_tree.c). */
TRACE_HOOK void trace_tree(uint64_t root, enum trace_tree_why why);

/* Counts the present entries of the level-level table at mfn (not an L4's
 * hypervisor slots): returns the count << 32 | the writable ones. */
TRACE_HOOK uint64_t trace_table_entries(uint64_t mfn, unsigned level);

/* Swaps every hypercall table entry for its traced wrapper (trace_hypercall.c). */
TRACE_HOOK void trace_hypercalls_install(void);

/* Swaps trap_handle for its traced wrapper (trace_hooks.c). */
TRACE_HOOK void trace_exceptions_install(void);

/* The room for the calls of frame_get_first_type and frame_put_last_type in
 * the text (trace_calls.c; scripts/trace-calls.sh fails the build if they
 * need more). */
#define TRACE_CALLS_MAX 64

/* Sends every call of frame_get_first_type and frame_put_last_type to the
 * twins below;
 * returns how many calls it changed.  Panics if the table of calls does not
 * describe the text.  Call it before the text is made read-only. */
TRACE_HOOK unsigned trace_calls_redirect(void);

/* frame_get_first_type and frame_put_last_type, each with the type and
 * validation records of a table (trace_hooks.c).  They save every register
 * they use: the callers were compiled knowing which registers the
 * originals change. */
enum frame_type;
TRACE_ENTRY int traced_frame_get_first_type(uint64_t mfn, enum frame_type type);
TRACE_ENTRY void traced_frame_put_last_type(uint64_t mfn);

/* Before and after the hypervisor's work for the guest (a hypercall, an
 * exception, an interrupt): records of the ports it made pending
 * (trace_events.c). */
TRACE_HOOK void trace_events_before(void);
TRACE_HOOK void trace_events_after(void);

/* mm/mmuext_op.c's traced twin (mmuext_op_twin.c), for the hypercall table. */
long do_mmuext_op_traced(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t fd, uint64_t a5);

/* The end of the domain with status: the last tree, an end record, the
 * ring dump (trace_end.c).  Does nothing when tracing is off, or twice. */
TRACE_ENTRY void trace_end(int status);

/* While tracing, the exit port stays closed so that the guest's exit(n)
 * comes through here: if the instruction bytes b[0..n) at r->rip are an
 * "out %al" to the exit port and the guest's IOPL allows it, ends the run
 * with status al (after trace_end).  Returns otherwise. */
TRACE_ENTRY void trace_guest_exit(const struct cpu_regs *r, const uint8_t *b, unsigned n);

#endif
