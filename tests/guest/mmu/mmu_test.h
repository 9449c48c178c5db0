/*
 * Shared helpers of the PV MMU conformance suite (tests/guest/mmu).
 *
 * The suite runs in the bootstrap address space and does its experiments in
 * a sandbox: a private L3 -> L2 -> L1 chain hung under an unused lower-half
 * L4 slot, mapping two data frames ('A' and 'B' filled) at SANDBOX_VA.
 *
 *   boot L4 [SANDBOX_SLOT] -> sb.l3 [0] -> sb.l2 [0] -> sb.l1 [0..511] -> data
 *
 * Every frame a case allocates comes from frame_new() and goes back through
 * frame_release(), which first proves the frame is plain memory again (it
 * can be mapped writable): a case that leaves a type or a reference behind
 * fails there, and the final audit repeats the check for every frame.
 *
 * Scratch slots: cases use SLOT_A..SLOT_D; helpers use SLOT_HELPER.
 */
#ifndef TESTS_GUEST_MMU_TEST_H
#define TESTS_GUEST_MMU_TEST_H

#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"
#include "abi/layout.h"
#include "abi/mmu.h"
#include "kernel/hypercall.h"
#include "mm/p2m.h"
#include "mm/pfn_alloc.h"
#include "mm/pt_walk.h"
#include "mm/pte.h"
#include "mm/region.h"
#include "mm/scratch.h"
#include "tests/guest/lib/test.h"

#define SLOT_A          0
#define SLOT_B          1
#define SLOT_C          2
#define SLOT_D          3
#define SLOT_HELPER     7

#define SANDBOX_SLOT    8       /* L4 slot of the sandbox: VA 0x40000000000 */
#define SPARE_SLOT      9       /* L4 slot the cases may fill and must clear */
#define EMPTY_SLOT      10      /* L4 slot that stays empty */
#define SANDBOX_VA      l4_slot_va(SANDBOX_SLOT)
#define DOMID_UNKNOWN   5       /* no such domain on a machine with only dom0 */
#ifndef DOMID_IO
#define DOMID_IO        0x7ff1  /* pv-abi.md §3.16: owner of I/O (non-RAM) frames */
#endif

/* The PTE flags of an ordinary kernel mapping. */
#define PTE_KERNEL_RO   (PTE_P | PTE_A)
#define PTE_KERNEL_RW   (PTE_P | PTE_RW | PTE_A | PTE_D)
#define PTE_TABLE       (PTE_P | PTE_RW | PTE_A | PTE_D)   /* an upper-level entry */

struct sandbox {
    unsigned long l3, l2, l1;   /* the chain's MFNs */
    unsigned long data[2];      /* filled with 'A' and 'B' */
};

extern struct sandbox sb;
extern unsigned long boot_l4;           /* MFN of the bootstrap L4 */
extern unsigned long foreign_mfn;       /* a RAM frame that is not ours */

/* Frames. */
unsigned long frame_new(void);
unsigned long frame_new_filled(uint8_t byte);
long frame_release(unsigned long mfn);
void frame_fill(unsigned long mfn, uint8_t byte);
uint8_t frame_byte(unsigned long mfn, unsigned long offset);
void frame_set_entry(unsigned long mfn, unsigned int index, uint64_t entry);
uint64_t frame_entry(unsigned long mfn, unsigned int index);
int audit_frames(void);

/* Operations that take a frame number, for frames that are not ours
 * (foreign.c, hv_frames.c). */
enum frame_op {
    OP_MAP_RO, OP_MAP_RW, OP_PIN, OP_WRITE, OP_MACHPHYS, OP_CLEAR, OP_COPY,
    OP_UVA, OP_PIN_L4, OP_BASEPTR, OP_SET_GDT, NR_FRAME_OPS
};

/* Runs operation op on mfn (scratch: a frame of ours to copy into) and
 * undoes it if it worked; returns its result. */
long frame_op(int op, unsigned long mfn, unsigned long scratch);

/* Returns op's name, e.g. "map read-only". */
const char *frame_op_name(int op);

/* One-request hypercalls. */
long mmu1(uint64_t maddr, uint64_t val);
long mmu1_cmd(uint64_t maddr, unsigned int cmd, uint64_t val);
long mmuext1(unsigned int cmd, uint64_t arg1, uint64_t arg2);
long pin(int level, unsigned long mfn);
long unpin(unsigned long mfn);
long flush_local(void);

/* Entry addresses. */
uint64_t entry_maddr(unsigned long table_mfn, unsigned int index);
uint64_t sandbox_l1e(unsigned int index);
unsigned long sandbox_va(unsigned int index);
uint8_t read_va(unsigned long va);

/* Sandbox and case groups. */
int sandbox_create(void);
long sandbox_destroy(void);
void test_basics(void);
void test_pin(void);
void test_mmu_update(void);
void test_mmu_update_bits(void);
void test_mmu_update_batch(void);
void test_update_va_mapping(void);
void test_mmuext(void);
void test_mmuext_pages(void);
void test_multicall(void);
void test_vm_assist(void);
void test_pointers(void);
void test_tree(void);
void test_foreign(void);
void test_hv_frames(int with_sweep);

/* Prints a group header, so the serial log reads as sections. */
void group(const char *name);

#endif
