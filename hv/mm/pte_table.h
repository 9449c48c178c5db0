/* Entry-level reference work shared by validation and entry updates
 * (mm/pt_validate.c). */
#ifndef HV_MM_PTE_TABLE_H
#define HV_MM_PTE_TABLE_H

#include <stdint.h>

int pte_get_refs(uint64_t e, int level, uint64_t self);
void pte_put_refs(uint64_t e, int level, uint64_t self);
void pt_install_hv_slots(uint64_t *l4);
void pt_install_m2p_slot(uint64_t *l4);

#endif
