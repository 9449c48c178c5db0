/* Guest-requested TLB flushes (mm/tlb.h). */
#include "mm/tlb.h"
#include "mm/guest_access.h"
#include "mm/page_type.h"
#include "arch/io.h"
#include "abi/errno.h"
#include "abi/layout.h"

/* Flushes the whole TLB, global entries included: user mappings carry G
 * (mm/pte_rules.h), and a flush the guest asks for must drop them too. */
void tlb_flush_local(void)
{
    tlb_flush_all();
}

/* INVLPG on a guest address; other addresses are ignored. */
void tlb_flush_one(uint64_t va)
{
    if (guest_va_ok(va))
        invlpg(va);
}

/* Reads the guest's vCPU bitmap word; returns 0 or -EFAULT. */
long tlb_read_vcpumask(uint64_t mask)
{
    uint64_t word;

    return copy_from_guest(&word, mask, sizeof(word)) ? -XEN_EFAULT : 0;
}
