/*
 * x86-64 architectural constants the hypervisor uses: control registers,
 * MSRs, page-table entry bits.  Usable from C and from assembly.
 */
#ifndef HV_ARCH_X86_H
#define HV_ARCH_X86_H

#include "arch/exit_codes.h"

#define CR0_PE          (1 << 0)
#define CR0_MP          (1 << 1)
#define CR0_EM          (1 << 2)
#define CR0_TS          (1 << 3)
#define CR0_NE          (1 << 5)
#define CR0_WP          (1 << 16)
#define CR0_PG          (1 << 31)

#define CR4_PAE         (1 << 5)
#define CR4_PGE         (1 << 7)
#define CR4_OSFXSR      (1 << 9)
#define CR4_OSXMMEXCPT  (1 << 10)
#define CR4_SMEP        (1 << 20)
#define CR4_SMAP        (1 << 21)

#define MSR_EFER        0xc0000080
#define MSR_STAR        0xc0000081
#define MSR_LSTAR       0xc0000082
#define MSR_CSTAR       0xc0000083
#define MSR_FMASK       0xc0000084
#define MSR_FS_BASE     0xc0000100
#define MSR_GS_BASE     0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define EFER_SCE        (1 << 0)
#define EFER_LME        (1 << 8)
#define EFER_NXE        (1 << 11)

#define PTE_P           0x001
#define PTE_RW          0x002
#define PTE_US          0x004
#define PTE_PWT         0x008
#define PTE_PCD         0x010
#define PTE_A           0x020
#define PTE_D           0x040
#define PTE_PSE         0x080
#define PTE_PAT         0x080
#define PTE_G           0x100

#define RFLAGS_IF       (1 << 9)
#define RFLAGS_IOPL     (3 << 12)
#define RFLAGS_DF       (1 << 10)
#define RFLAGS_TF       (1 << 8)
#define RFLAGS_AC       (1 << 18)
#define RFLAGS_NT       (1 << 14)

#define PAGE_SHIFT      12
#define PAGE_SIZE       4096

/* The hypervisor's own selectors, beside the guest's flat ones (abi/layout.h). */
#define HV_CS           0xe008
#define HV_DS           0xe010
#define HV_TSS          0xe040
#define HV_LDT          0xe050

#endif
