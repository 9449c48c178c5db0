/*
 * The PV MMU hypercalls (pv-abi.md §3.1-3.4, §3.9): mmu_update (1),
 * update_va_mapping (14), mmuext_op (26), multicall (13) and vm_assist (21).
 */
#ifndef ABI_MMU_H
#define ABI_MMU_H

#include <stdint.h>

/* mmu_update: ptr = machine address of the entry | command (ptr & 7). */
#define MMU_NORMAL_PT_UPDATE        0
#define MMU_MACHPHYS_UPDATE         1
#define MMU_PT_UPDATE_PRESERVE_AD   2
#define MMU_PT_UPDATE_NO_TRANSLATE  3

/* Bit 31 of count: a continued batch; *pdone holds the total so far. */
#define MMU_UPDATE_PREEMPTED        0x80000000u

struct mmu_update {
    uint64_t ptr;
    uint64_t val;
};

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE         0
#define MMUEXT_PIN_L2_TABLE         1
#define MMUEXT_PIN_L3_TABLE         2
#define MMUEXT_PIN_L4_TABLE         3
#define MMUEXT_UNPIN_TABLE          4
#define MMUEXT_NEW_BASEPTR          5
#define MMUEXT_TLB_FLUSH_LOCAL      6
#define MMUEXT_INVLPG_LOCAL         7
#define MMUEXT_TLB_FLUSH_MULTI      8
#define MMUEXT_INVLPG_MULTI         9
#define MMUEXT_TLB_FLUSH_ALL        10
#define MMUEXT_INVLPG_ALL           11
#define MMUEXT_FLUSH_CACHE          12
#define MMUEXT_SET_LDT              13
#define MMUEXT_NEW_USER_BASEPTR     15
#define MMUEXT_CLEAR_PAGE           16
#define MMUEXT_COPY_PAGE            17
#define MMUEXT_FLUSH_CACHE_GLOBAL   18
#define MMUEXT_MARK_SUPER           19
#define MMUEXT_UNMARK_SUPER         20

struct mmuext_op {
    uint32_t cmd;
    uint32_t pad;
    union {
        uint64_t mfn;           /* pins, NEW_BASEPTR, CLEAR/COPY_PAGE destination */
        uint64_t linear_addr;   /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        uint32_t nr_ents;       /* SET_LDT */
        uint64_t vcpumask;      /* *_MULTI: guest pointer to a bitmap of vCPUs */
        uint64_t src_mfn;       /* COPY_PAGE */
    } arg2;
};

/* update_va_mapping flags: flush type in bits 1:0, scope in the rest. */
#define UVMF_NONE                   0
#define UVMF_TLB_FLUSH              1
#define UVMF_INVLPG                 2
#define UVMF_FLUSHTYPE_MASK         3
#define UVMF_LOCAL                  0
#define UVMF_ALL                    4
#define UVMF_MULTI                  0   /* ORed with a pointer to a vCPU bitmap */

struct multicall_entry {
    uint64_t op;
    int64_t result;
    uint64_t args[6];
};

/* vm_assist(cmd, type). */
#define VMASST_CMD_enable               0
#define VMASST_CMD_disable              1
#define VMASST_TYPE_4gb_segments        0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_pae_extended_cr3    3
#define VMASST_TYPE_architectural_iopl  4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict          32

_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update layout");
_Static_assert(sizeof(struct mmuext_op) == 24, "mmuext_op layout");
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry layout");

#endif
