/*
 * xen_version (17), pv-abi.md §3.12.  pvx speaks the 4.17 interface, so it
 * reports version 4.17 with extraversion "-pvx", and it advertises only the
 * features it implements.
 */
#include "hypercall/hypercall.h"
#include "mm/guest_access.h"
#include "lib/string.h"
#include "abi/console.h"
#include "abi/layout.h"

#define PVX_VERSION       ((4 << 16) | 17)
#define PVX_EXTRAVERSION  "-pvx"
#define PVX_CAPABILITIES  "xen-3.0-x86_64 "
#define PVX_FEATURES      ((1u << XENFEAT_dom0) | (1u << XENFEAT_direct_mapped))

/* Copies the NUL-padded string s into a guest buffer of size bytes; returns
 * 0 or -EFAULT. */
static long copy_string_to_guest(uint64_t arg, const char *s, size_t size)
{
    char buf[XENVER_CAPABILITIES_LEN];

    memset(buf, 0, size);
    memcpy(buf, s, strnlen(s, size - 1));
    return copy_to_guest(arg, buf, size);
}

/* Fills the guest's xen_feature_info; returns 0, -EFAULT or -EINVAL. */
static long get_features(uint64_t arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -XEN_EFAULT;
    if (fi.submap_idx != 0)
        return -XEN_EINVAL;
    fi.submap = PVX_FEATURES;
    return copy_to_guest(arg, &fi, sizeof(fi));
}

/* xen_version(cmd, arg): the commands of §3.12 a PV kernel uses. */
long do_xen_version(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct xen_platform_parameters pp = { HYPERVISOR_VIRT_START };

    (void)a3, (void)a4, (void)a5;
    switch ((uint32_t)cmd) {
    case XENVER_version:
        return PVX_VERSION;
    case XENVER_extraversion:
        return copy_string_to_guest(arg, PVX_EXTRAVERSION, XENVER_EXTRAVERSION_LEN);
    case XENVER_capabilities:
        return copy_string_to_guest(arg, PVX_CAPABILITIES, XENVER_CAPABILITIES_LEN);
    case XENVER_platform_parameters:
        return copy_to_guest(arg, &pp, sizeof(pp));
    case XENVER_get_features:
        return get_features(arg);
    case XENVER_pagesize:
        return arg ? -XEN_EINVAL : 4096;
    default:
        return -XEN_ENOSYS;
    }
}
