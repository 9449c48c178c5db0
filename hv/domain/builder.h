/*
 * The domain builder: turns the guest ELF module into a running domain 0
 * (pv-abi.md §5): guest memory, P2M and M2P, the loaded image, start_info,
 * the hypercall page, shared_info, the bootstrap page tables, and the vCPU's
 * first registers.
 */
#ifndef HV_DOMAIN_BUILDER_H
#define HV_DOMAIN_BUILDER_H

#include <stddef.h>
#include <stdint.h>
#include "arch/regs.h"
#include "domain/boot_layout.h"

struct boot_info;

/* Builds domain 0 from the module in *bi with nr_pages pages of memory, and
 * fills *regs with its entry state.  Returns 0, or -1 with a one-line reason
 * in err (guest frames already taken stay allocated: the run ends anyway). */
int domain_build(const struct boot_info *bi, uint64_t nr_pages, struct cpu_regs *regs,
                 char *err, size_t errlen);

/* Fills a 4 KiB page with the hypercall stubs. */
void hypercall_page_fill(uint8_t *page);

/* Writes the bootstrap page tables for layout l, with pfn_to_mfn() giving
 * the guest's frames; returns the L4's MFN (not yet validated). */
uint64_t boot_pagetables_build(const struct boot_layout *l, uint64_t (*pfn_to_mfn)(uint64_t pfn));

#endif
