/* The once-per-batch parts of batched MMU hypercalls (mm/batch.h). */
#include "mm/batch.h"
#include "abi/layout.h"

/* A foreigndom other than DOMID_SELF: DOMID_IO is accepted (for the
 * caller's own frames, as on Xen), with a page-table owner of 0 or
 * DOMID_SELF + 1; anything else names another domain: -ESRCH. */
long batch_check_foreigndom(uint64_t foreigndom)
{
    uint32_t fd = (uint32_t)foreigndom & 0xffff, pfd = (uint32_t)foreigndom >> 16;

    if (fd != DOMID_SELF && fd != DOMID_IO)
        return -XEN_ESRCH;
    if (pfd != 0 && pfd - 1 != DOMID_SELF)
        return -XEN_ESRCH;
    return 0;
}

/* Reads the running total of a continued batch; an unreadable *pdone
 * counts as 0, as on Xen. */
uint32_t batch_read_done(uint64_t pdone)
{
    uint32_t done;

    return copy_from_guest(&done, pdone, sizeof(done)) ? 0 : done;
}

/* Writes the new total to *pdone if it can (a wild pdone is ignored). */
void batch_write_done(uint64_t pdone, uint32_t total)
{
    copy_to_guest(pdone, &total, sizeof(total));
}
