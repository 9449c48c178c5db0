/*
 * The guest-visible virtual layout of an x86-64 PV guest (pv-abi.md §7) and
 * the flat selectors (§9.1).
 *
 *   0x0000000000000000 +-------------------------------+ L4 slots 0-255
 *                      | guest                          |
 *   0x00007fffffffffff +-------------------------------+
 *                        (non-canonical hole)
 *   0xffff800000000000 +-------------------------------+ slot 256
 *                      | read-only M2P (guest-readable) |
 *   0xffff808000000000 +-------------------------------+ slots 257-271
 *                      | hypervisor only                |
 *   0xffff880000000000 +-------------------------------+ slots 272-511
 *                      | guest (pvx kernel at -2 GiB)   |
 *   0xffffffffffffffff +-------------------------------+
 */
#ifndef ABI_LAYOUT_H
#define ABI_LAYOUT_H

#define HYPERVISOR_VIRT_START   0xffff800000000000UL
#define HYPERVISOR_VIRT_END     0xffff880000000000UL
#define MACH2PHYS_VIRT_START    0xffff800000000000UL
#define MACH2PHYS_VIRT_END      0xffff804000000000UL
#define INVALID_M2P_ENTRY       (~0UL)

#define FIRST_HV_L4_SLOT        256
#define LAST_HV_L4_SLOT         271

#define FLAT_KERNEL_CS32        0xe023
#define FLAT_KERNEL_DS          0xe02b
#define FLAT_KERNEL_SS          0xe02b
#define FLAT_KERNEL_CS          0xe033
#define FLAT_USER_CS            0xe033
#define FLAT_USER_SS            0xe02b

#define DOMID_SELF              0x7ff0
#define DOMID_IO                0x7ff1

#endif
