/*
 * SMAP windows.  With CR4.SMAP on, the hypervisor faults on any access to
 * a guest (user, U=1) page unless RFLAGS.AC is set.  The only code that
 * sets it is the guest-access helpers of mm/guest_access.h: STAC before one
 * copy, CLAC after it (and, in assembly, the iret fast path of entry.S
 * around its reads of the guest's iret frame).  Exception entry
 * (arch/entry.S) clears AC, because a guest in ring 3 may leave it set.
 *
 * STAC and CLAC are #UD on a CPU without SMAP, so every one is recorded in
 * the .smap_sites section; on such a CPU cpu_protect_init (arch/protect.c)
 * overwrites each with a 3-byte NOP before the text becomes read-only.
 *
 *   site:  0f 01 cb  stac          (no SMAP:  0f 1f 00  nopl (%rax))
 *          0f 01 ca  clac
 */
#ifndef HV_ARCH_SMAP_H
#define HV_ARCH_SMAP_H

#define SMAP_SITE_SIZE 3

#ifdef __ASSEMBLY__

/* Clears RFLAGS.AC (a recorded site). */
.macro SMAP_CLAC
661: clac
    .pushsection .smap_sites, "a"
    .quad 661b
    .popsection
.endm

/* Sets RFLAGS.AC (a recorded site): entry.S's iret fast path reads the
 * guest's iret frame in such a window. */
.macro SMAP_STAC
661: stac
    .pushsection .smap_sites, "a"
    .quad 661b
    .popsection
.endm

#else

#define SMAP_SITE(insn)                    \
    "661: " insn "\n"                      \
    ".pushsection .smap_sites, \"a\"\n"    \
    ".quad 661b\n"                         \
    ".popsection\n"

/* Opens a window in which the hypervisor may touch guest addresses. */
static inline void smap_open(void)
{
    __asm__ volatile(SMAP_SITE("stac"));
}

/* Closes the window again (any access to a guest page faults). */
static inline void smap_close(void)
{
    __asm__ volatile(SMAP_SITE("clac"));
}

#endif
#endif
