/* Checked, fault-tolerant copies to and from guest memory (mm/guest_access.h). */
#include "mm/guest_access.h"
#include "abi/errno.h"
#include "abi/layout.h"

/* Returns 1 if [va, va+n) is a range a guest may pass: below 2^47, or at or
 * above the end of the hypervisor's range, without wrapping. */
static int guest_range_ok(uint64_t va, size_t n)
{
    uint64_t end = va + n;

    if (end < va)
        return 0;
    return end <= (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/* Copies n bytes with REP MOVSB; a fault resumes after it with rcx = the
 * bytes left.  Returns the number of bytes not copied. */
static size_t copy_with_fixup(void *dst, const void *src, size_t n)
{
    __asm__ volatile("1: rep movsb\n"
                     "2:\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".quad 1b, 2b\n"
                     ".popsection"
                     : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
    return n;
}

/* Copies from the guest; returns 0 or -EFAULT. */
long copy_from_guest(void *dst, uint64_t src, size_t n)
{
    if (!guest_range_ok(src, n) || copy_with_fixup(dst, (const void *)src, n))
        return -XEN_EFAULT;
    return 0;
}

/* Copies to the guest; returns 0 or -EFAULT. */
long copy_to_guest(uint64_t dst, const void *src, size_t n)
{
    if (!guest_range_ok(dst, n) || copy_with_fixup((void *)dst, src, n))
        return -XEN_EFAULT;
    return 0;
}
