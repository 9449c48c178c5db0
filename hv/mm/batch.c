/* The once-per-batch parts of batched MMU hypercalls (mm/batch.h). */
#include "mm/batch.h"
#include "domain/domain.h"
#include "abi/layout.h"

/* Checks foreigndom: as on Xen, only DOMID_SELF names the caller (its
 * numeric id does not), DOMID_IO is accepted for the caller's own frames,
 * and the page-table owner must be the caller.  Then checks that the whole
 * list lies in guest space (-EFAULT before anything is done or *pdone is
 * touched, as Xen does), and reads the running total of a continued batch
 * (an unreadable *pdone counts as 0).  Returns 0, -ESRCH or -EFAULT. */
long batch_begin(struct batch *b, uint64_t list, uint64_t count, size_t size, uint64_t pdone,
                 uint64_t foreigndom)
{
    uint32_t fd = (uint32_t)foreigndom & 0xffff, pfd = (uint32_t)foreigndom >> 16;

    if (fd != DOMID_SELF && fd != DOMID_IO)
        return -XEN_ESRCH;
    if (pfd != 0 && pfd - 1 != DOMID_SELF)
        return -XEN_ESRCH;
    b->n = (uint32_t)count & ~MMU_UPDATE_PREEMPTED;
    b->before = 0;
    if (!guest_range_ok(list, (uint64_t)b->n * size))
        return -XEN_EFAULT;
    if (((uint32_t)count & MMU_UPDATE_PREEMPTED) && pdone &&
        copy_from_guest(&b->before, pdone, sizeof(b->before)))
        b->before = 0;
    return 0;
}

/* Writes the new total to *pdone, if the guest gave one it can write (a
 * wild pdone is ignored, as on Xen); returns rc. */
long batch_end(const struct batch *b, uint64_t pdone, uint32_t done, long rc)
{
    uint32_t total = b->before + done;

    if (pdone)
        copy_to_guest(pdone, &total, sizeof(total));
    return rc;
}
