/* Error numbers returned by hypercalls, negated (pv-abi.md §1.2). */
#ifndef ABI_ERRNO_H
#define ABI_ERRNO_H

#define XEN_EPERM       1
#define XEN_ENOENT      2
#define XEN_ESRCH       3
#define XEN_EIO         5
#define XEN_ENXIO       6
#define XEN_E2BIG       7
#define XEN_ENOEXEC     8
#define XEN_EBADF       9
#define XEN_EAGAIN     11
#define XEN_ENOMEM     12
#define XEN_EACCES     13
#define XEN_EFAULT     14
#define XEN_EBUSY      16
#define XEN_EEXIST     17
#define XEN_ENODEV     19
#define XEN_EINVAL     22
#define XEN_ENOSPC     28
#define XEN_ERANGE     34
#define XEN_ENOSYS     38
#define XEN_ETIME      62
#define XEN_EOPNOTSUPP 95

/* Hypervisor-internal: a hypercall continued itself (pv-abi.md §1.4); the
 * guest never sees it. */
#define XEN_ERESTART   85

#endif
