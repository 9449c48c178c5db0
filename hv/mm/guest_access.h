/*
 * Reading and writing guest memory from a hypercall.  Every guest pointer is
 * checked (canonical, not in the hypervisor's range, no wrap-around) and every
 * access runs with an exception fixup (arch/extable.h), so a wild pointer
 * gives -EFAULT and nothing else (pv-abi.md §1.2).  These helpers (and, in
 * assembly, the iret fast path of arch/entry.S) are the only code that
 * touches guest virtual addresses: each copy runs inside one SMAP window
 * (arch/smap.h), and anywhere else a guest access faults.
 * Inline, because the batched hypercalls copy one small op at a time on
 * their hot path.
 */
#ifndef HV_MM_GUEST_ACCESS_H
#define HV_MM_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"
#include "abi/layout.h"
#include "arch/smap.h"

/* Returns 1 if va is canonical (bits 63..47 all equal). */
static inline int va_canonical(uint64_t va)
{
    return va < (1UL << 47) || va >= 0xffff800000000000UL;
}

/* Returns 1 if va is a guest address: canonical and outside the
 * hypervisor's range. */
static inline int guest_va_ok(uint64_t va)
{
    return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/* Returns 1 if [va, va+n) is a range a guest may pass: below 2^47, or at or
 * above the end of the hypervisor's range, without wrapping. */
static inline int guest_range_ok(uint64_t va, size_t n)
{
    uint64_t end = va + n;

    if (end < va)
        return 0;
    return end <= (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/* Copies n bytes, 8 at a time with REP MOVSQ and the rest with REP MOVSB,
 * in one SMAP window; a fault resumes after the faulting instruction with
 * rcx = what is left.  Returns the number of bytes not copied. */
static inline size_t copy_with_fixup(void *dst, const void *src, size_t n)
{
    size_t words = n / 8, bytes = n % 8;

    smap_open();
    __asm__ volatile("1: rep movsq\n"
                     "2:\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".quad 1b, 2b\n"
                     ".popsection"
                     : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
    if (bytes && !words)        /* no tail for whole-word copies (known at compile time) */
        __asm__ volatile("1: rep movsb\n"
                         "2:\n"
                         ".pushsection .ex_table, \"a\"\n"
                         ".quad 1b, 2b\n"
                         ".popsection"
                         : "+D"(dst), "+S"(src), "+c"(bytes) : : "memory");
    smap_close();
    return words ? words * 8 + bytes : bytes;
}

/* One instruction `insn` that may fault on a guest address: on a fault it
 * jumps to a fixup that sets the operand %[failed] and resumes after it. */
#define GUEST_ACCESS_WITH_FIXUP(insn)          \
    "1: " insn "\n"                            \
    "2:\n"                                     \
    ".pushsection .ex_table, \"a\"\n"          \
    ".quad 1b, 3f\n"                           \
    ".popsection\n"                            \
    ".pushsection .text.fixup, \"ax\"\n"       \
    "3: movl $1, %[failed]\n"                  \
    "jmp 2b\n"                                 \
    ".popsection"

/* Loads n / 8 words (n a multiple of 8) from guest address src, already
 * range-checked, into dst, in one SMAP window.  Returns 0, or -1 if a word
 * could not be read (the words after it are still tried: no branch per
 * word).  The batched hypercalls read each op this way: two loads for an
 * mmu_update request. */
static inline int load_words_with_fixup(uint64_t *dst, uint64_t src, size_t n)
{
    int failed = 0;

    smap_open();
#pragma GCC unroll 4
    for (size_t k = 0; k < n / 8; k++)
        __asm__ volatile(GUEST_ACCESS_WITH_FIXUP("mov (%[src]), %[val]")
                         : [val] "=r"(dst[k]), [failed] "+r"(failed)
                         : [src] "r"(src + 8 * k));
    smap_close();
    return failed ? -1 : 0;
}

/* Stores v at guest address dst, already range-checked, inside an open
 * SMAP window (smap_open); returns 0, or -1 if the store faulted (a
 * read-only or unmapped page).  An asm goto: inlined into a caller that
 * tests the result, a fault jumps straight to the caller's error path,
 * with no flag to set and test.  (The destination is an "m" input, so that
 * the store can use any addressing mode; the "memory" clobber tells the
 * compiler that memory changed.)  For several stores in one window, as
 * the bounce frame's. */
static inline int store_word_in_window(uint64_t dst, uint64_t v)
{
    __asm__ goto("1: movq %[val], %[dst]\n"
                 ".pushsection .ex_table, \"a\"\n"
                 ".quad 1b, %l[failed]\n"
                 ".popsection"
                 : : [val] "r"(v), [dst] "m"(*(uint64_t *)dst)
                 : "memory" : failed);
    return 0;
failed:
    return -1;
}

/* Stores v at guest address dst, already range-checked, in a window of its
 * own; returns 0, or -1 if the store faulted. */
static inline int store_word_with_fixup(uint64_t dst, uint64_t v)
{
    int rc;

    smap_open();
    rc = store_word_in_window(dst, v);
    smap_close();
    return rc;
}

/* Copies n bytes from guest address src to dst; returns 0 or -EFAULT. */
static inline long copy_from_guest(void *dst, uint64_t src, size_t n)
{
    if (!guest_range_ok(src, n) || copy_with_fixup(dst, (const void *)src, n))
        return -XEN_EFAULT;
    return 0;
}

/* Copies n bytes from src to guest address dst; returns 0 or -EFAULT. */
static inline long copy_to_guest(uint64_t dst, const void *src, size_t n)
{
    if (!guest_range_ok(dst, n) || copy_with_fixup((void *)dst, src, n))
        return -XEN_EFAULT;
    return 0;
}

#endif
