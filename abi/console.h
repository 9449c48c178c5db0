/* console_io (18), xen_version (17) and physdev_op (33) set_iopl (pv-abi.md §3.11, 3.12, 3.15). */
#ifndef ABI_CONSOLE_H
#define ABI_CONSOLE_H

#include <stdint.h>

#define CONSOLEIO_write        0
#define CONSOLEIO_read         1

#define XENVER_version         0
#define XENVER_extraversion    1
#define XENVER_compile_info    2
#define XENVER_capabilities    3
#define XENVER_changeset       4
#define XENVER_platform_parameters 5
#define XENVER_get_features    6
#define XENVER_pagesize        7
#define XENVER_guest_handle    8

#define XENVER_EXTRAVERSION_LEN 16
#define XENVER_CAPABILITIES_LEN 1024

struct xen_feature_info {
    uint32_t submap_idx;        /* only 0 is valid */
    uint32_t submap;            /* filled in: XENFEAT_* bits */
};

struct xen_platform_parameters {
    uint64_t virt_start;        /* start of the hypervisor hole */
};

#define XENFEAT_writable_page_tables      0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap   2
#define XENFEAT_supervisor_mode_kernel    3
#define XENFEAT_pae_pgdir_above_4gb       4
#define XENFEAT_mmu_pt_update_preserve_ad 5
#define XENFEAT_highmem_assist            6
#define XENFEAT_gnttab_map_avail_bits     7
#define XENFEAT_hvm_callback_vector       8
#define XENFEAT_dom0                      11
#define XENFEAT_direct_mapped             17

#define PHYSDEVOP_set_iopl     6

struct physdev_set_iopl {
    uint32_t iopl;              /* 0..3 */
};

/* The isa-debug-exit port QEMU is started with: writing v exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT        0xf4

#endif
