/*
 * start_info: what the domain builder tells the guest at entry (pv-abi.md §5.1).
 * rsi points at it; it lives in the bootstrap region, after the P2M list.
 */
#ifndef ABI_START_INFO_H
#define ABI_START_INFO_H

#include <stdint.h>

#define START_INFO_MAGIC     "xen-3.0-x86_64"
#define GUEST_CMDLINE_SIZE   1024

#define SIF_PRIVILEGED       (1u << 0)
#define SIF_INITDOMAIN       (1u << 1)
#define SIF_MULTIBOOT_MOD    (1u << 2)
#define SIF_MOD_START_PFN    (1u << 3)

struct start_info {
    char     magic[32];
    uint64_t nr_pages;        /* pages of the domain = length of the P2M list */
    uint64_t shared_info;     /* machine address of the shared_info page */
    uint32_t flags;           /* SIF_* */
    uint32_t pad0;
    uint64_t store_mfn;
    uint32_t store_evtchn;
    uint32_t pad1;
    union {
        struct { uint64_t mfn; uint32_t evtchn; uint32_t pad; } domU;
        struct { uint32_t info_off; uint32_t info_size; } dom0;
    } console;
    uint64_t pt_base;         /* VA of the bootstrap L4 */
    uint64_t nr_pt_frames;    /* bootstrap page-table frames, contiguous from pt_base */
    uint64_t mfn_list;        /* VA of the P2M: mfn = mfn_list[pfn] */
    uint64_t mod_start;       /* VA (or PFN with SIF_MOD_START_PFN) of the module */
    uint64_t mod_len;
    char     cmd_line[GUEST_CMDLINE_SIZE];
    uint64_t first_p2m_pfn;
    uint64_t nr_p2m_frames;
};

_Static_assert(sizeof(struct start_info) == 1168, "start_info layout");
_Static_assert(__builtin_offsetof(struct start_info, pt_base) == 88, "start_info layout");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "start_info layout");

#endif
