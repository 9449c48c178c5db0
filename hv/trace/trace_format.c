/*
 * A trace record as one line of text (trace/trace.h, fields in docs/trace.md):
 *
 *   trace: <tsc> hc <name> <args> rc=<rc> dur=<tsc ticks>
 *   trace: <tsc> type get|put mfn=0x.. type=l<n> type_count=<a>-><b> count=<n> [rc=<rc>]
 *   trace: <tsc> val validate|devalidate mfn=0x.. level=<n> entries=<present> ...
 *   trace: <tsc> pin pin_l<n>|unpin|new_baseptr|new_user_baseptr|boot_l4 mfn=0x.. ...
 *   trace: <tsc> tlb flush | tlb invlpg va=0x..
 *   trace: <tsc> exc fault vector=<n> name=#XX error=0x..|- rip=0x.. [cr2=0x..]
 *   trace: <tsc> evt pending port=<n> masked=0|1
 *   trace: <tsc> tree begin|node|end ...
 *   trace: <tsc> end domain status=<n> | end lost records=<n> size=<n>
 *
 * Pure formatting, no hardware: the host unit tests run it.
 */
#include "trace/trace.h"
#include "lib/printf.h"
#include "abi/hypercall_names.h"

/* Frame types by enum frame_type value (mm/frame.h). */
static const char *const type_names[] = { "none", "l1", "l2", "l3", "l4", "seg_desc", "writable" };

static const char *const vector_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO", "#TS", "#NP",
    "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

static const char *const pin_ops[] = { "pin", "unpin", "new_baseptr", "new_user_baseptr", "boot_l4" };
static const char *const tree_why[] = { "boot", "pin", "baseptr", "end" };

/* Returns the name of frame type t, "?" if there is none. */
static const char *type_name(unsigned t)
{
    return t < sizeof(type_names) / sizeof(type_names[0]) ? type_names[t] : "?";
}

/* Returns the name at i of a table of n names, "?" past its end or for a gap. */
static const char *name_at(const char *const *names, unsigned n, unsigned i)
{
    return i < n && names[i] ? names[i] : "?";
}

#define NAME(table, i) name_at(table, sizeof(table) / sizeof(table[0]), i)

/* A hypercall: batches show their count, update_va_mapping its arguments,
 * the rest their first three arguments. */
TRACE_HOOK static int format_hc(const struct trace_record *r, char *buf, unsigned long size)
{
    char name[24], args[96], tail[64];
    const char *in = (r->a & TRACE_HC_NESTED) ? " in=multicall" : "";

    snprintf(name, sizeof(name), "%s", hypercall_name(r->op) ? hypercall_name(r->op) : "");
    if (!name[0])
        snprintf(name, sizeof(name), "hc%u", r->op);
    if (r->op == HC_mmu_update || r->op == HC_mmuext_op || r->op == HC_multicall)
        snprintf(args, sizeof(args), "count=%lu", r->v[1]);
    else if (r->op == HC_update_va_mapping) {
        snprintf(args, sizeof(args), "va=0x%lx val=0x%lx flags=0x%lx", r->v[0], r->v[1], r->v[2]);
    } else {
        snprintf(args, sizeof(args), "a1=0x%lx a2=0x%lx a3=0x%lx", r->v[0], r->v[1], r->v[2]);
    }
    if (r->a & TRACE_HC_NORETURN)
        tail[0] = 0;
    else
        snprintf(tail, sizeof(tail), " rc=%d dur=%lu%s", r->rc, r->v[3],
                 (r->a & TRACE_HC_CONTINUED) ? " continued=1" : "");
    return snprintf(buf, size, "hc %s %s%s%s", name, args, tail, in);
}

/* A frame became a page table (get: its first type reference) or stopped
 * being one (put: the last one of a validated table). */
TRACE_HOOK static int format_type(const struct trace_record *r, char *buf, unsigned long size)
{
    if (r->op == TO_TYPE_GET)
        return snprintf(buf, size, "type get mfn=0x%lx type=%s type_count=0->%lu count=%lu rc=%d",
                        r->v[0], type_name(r->a), r->v[1], r->v[2], r->rc);
    return snprintf(buf, size, "type put mfn=0x%lx type=%s type_count=1->0 count=%lu",
                    r->v[0], type_name(r->a), r->v[2]);
}

/* A table validated (with its result) or devalidated. */
TRACE_HOOK static int format_val(const struct trace_record *r, char *buf, unsigned long size)
{
    if (r->op == TO_VAL_VALIDATE)
        return snprintf(buf, size, "val validate mfn=0x%lx level=%u entries=%lu rc=%d",
                        r->v[0], r->a, r->v[1], r->rc);
    return snprintf(buf, size, "val devalidate mfn=0x%lx level=%u entries=%lu",
                    r->v[0], r->a, r->v[1]);
}

/* A pin, an unpin, a new base pointer, or the builder's pin of the first L4
 * (only successful ones: a refused one shows in its hypercall's rc). */
TRACE_HOOK static int format_pin(const struct trace_record *r, char *buf, unsigned long size)
{
    char op[24], old[32] = "";

    if (r->op == TO_PIN_PIN)
        snprintf(op, sizeof(op), "pin_l%u", r->a);
    else
        snprintf(op, sizeof(op), "%s", NAME(pin_ops, r->op));
    if (r->op == TO_PIN_BASEPTR || r->op == TO_PIN_USER_BASEPTR)
        snprintf(old, sizeof(old), " old=0x%lx", r->v[3]);
    return snprintf(buf, size, "pin %s mfn=0x%lx level=%u pinned=%u type_count=%lu count=%lu%s",
                    op, r->v[0], r->a, r->b, r->v[1], r->v[2], old);
}

/* A TLB flush: of everything, of one address, or the one a type change asked for. */
TRACE_HOOK static int format_tlb(const struct trace_record *r, char *buf, unsigned long size)
{
    if (r->op == TO_TLB_INVLPG)
        return snprintf(buf, size, "tlb invlpg va=0x%lx", r->v[0]);
    return snprintf(buf, size, "tlb flush");
}

/* An exception the guest raised (error=- when it has no error code; cr2
 * for a page fault). */
TRACE_HOOK static int format_exc(const struct trace_record *r, char *buf, unsigned long size)
{
    char error[24] = "-";

    if (r->v[0] != ~0UL)
        snprintf(error, sizeof(error), "0x%lx", r->v[0]);
    if (r->a == 14)
        return snprintf(buf, size, "exc fault vector=14 name=#PF error=%s rip=0x%lx cr2=0x%lx",
                        error, r->v[1], r->v[2]);
    return snprintf(buf, size, "exc fault vector=%u name=%s error=%s rip=0x%lx",
                    r->a, NAME(vector_names, r->a), error, r->v[1]);
}

/* One line of a tree snapshot. */
TRACE_HOOK static int format_tree(const struct trace_record *r, char *buf, unsigned long size)
{
    char parent[24] = "-";

    if (r->op == TO_TREE_BEGIN)
        return snprintf(buf, size, "tree begin cr3=0x%lx root=0x%lx why=%s",
                        r->v[0], r->v[1], NAME(tree_why, r->a));
    if (r->op == TO_TREE_END)
        return snprintf(buf, size, "tree end nodes=%lu", r->v[0]);
    if (r->v[1] != ~0UL)
        snprintf(parent, sizeof(parent), "0x%lx", r->v[1]);
    return snprintf(buf, size, "tree node mfn=0x%lx level=%u type=%s type_count=%lu count=%lu "
                    "pinned=%u parent=%s slot=%d entries=%lu writable=%lu",
                    r->v[0], r->a, type_name(r->a), r->v[2] >> 32, r->v[2] & 0xffffffffUL,
                    r->b, parent, r->rc, r->v[3] >> 32, r->v[3] & 0xffffffffUL);
}

/* Formats r into buf (see the top of this file); returns the length needed. */
int trace_format(const struct trace_record *r, char *buf, unsigned long size)
{
    switch (r->cat) {
    case TC_HC:
        return format_hc(r, buf, size);
    case TC_TYPE:
        return format_type(r, buf, size);
    case TC_VAL:
        return format_val(r, buf, size);
    case TC_PIN:
        return format_pin(r, buf, size);
    case TC_TLB:
        return format_tlb(r, buf, size);
    case TC_EXC:
        return format_exc(r, buf, size);
    case TC_EVT:
        return snprintf(buf, size, "evt pending port=%lu masked=%u", r->v[0], r->a);
    case TC_TREE:
        return format_tree(r, buf, size);
    case TC_END:
        if (r->op == TO_END_LOST)
            return snprintf(buf, size, "end lost records=%lu size=%lu", r->v[0], r->v[1]);
        return snprintf(buf, size, "end domain status=%d", r->rc);
    default:
        return snprintf(buf, size, "unknown cat=%u op=%u", r->cat, r->op);
    }
}
