/* Batched MMU hypercalls and the pdone protocol (mm/batch.h). */
#include "mm/batch.h"
#include "mm/guest_access.h"
#include "hypercall/continuation.h"
#include "domain/domain.h"
#include "abi/errno.h"
#include "abi/layout.h"
#include "abi/mmu.h"

/* Returns 0 if foreigndom names the caller (DOMID_SELF or its own id, and
 * no other page-table owner), else -ESRCH: pvx runs one domain. */
static long foreigndom_check(uint64_t foreigndom)
{
    uint32_t fd = (uint32_t)foreigndom & 0xffff, pfd = (uint32_t)foreigndom >> 16;

    if (fd != DOMID_SELF && fd != dom0.id)
        return -XEN_ESRCH;
    if (pfd != 0 && pfd - 1 != DOMID_SELF && pfd - 1 != dom0.id)
        return -XEN_ESRCH;
    return 0;
}

/* Writes total to *pdone (if given); returns rc, or -EFAULT if rc was 0 and
 * the write failed. */
static long write_done(uint64_t pdone, uint32_t total, long rc)
{
    if (pdone && copy_to_guest(pdone, &total, sizeof(total)) && rc == 0)
        return -XEN_EFAULT;
    return rc;
}

/* Runs the batch (see mm/batch.h). */
long batch_run(uint64_t nr, uint64_t list, uint64_t count, uint64_t pdone, uint64_t foreigndom,
               size_t size, long (*one)(const void *op))
{
    uint32_t n = (uint32_t)count & ~MMU_UPDATE_PREEMPTED, before = 0, i;
    uint8_t op[BATCH_OP_MAX];
    long rc = 0;

    if ((uint32_t)count == MMU_UPDATE_PREEMPTED && list == 0)
        return (int)foreigndom;     /* a continuation's final return code */
    if ((rc = foreigndom_check(foreigndom)))
        return rc;
    if (((uint32_t)count & MMU_UPDATE_PREEMPTED) && pdone &&
        copy_from_guest(&before, pdone, sizeof(before)))
        return -XEN_EFAULT;
    for (i = 0; i < n; i++) {
        if (hypercall_preempt_check(i)) {
            write_done(pdone, before + i, 0);
            return hypercall_continue(nr, list + i * size, (n - i) | MMU_UPDATE_PREEMPTED,
                                      pdone, foreigndom, 0);
        }
        if (copy_from_guest(op, list + i * size, size)) {
            rc = -XEN_EFAULT;
            break;
        }
        if ((rc = one(op)))
            break;
    }
    return write_done(pdone, before + i, rc);
}
