/* Updating one entry of a validated page table (mm/pt_update.c). */
#ifndef HV_MM_PT_UPDATE_H
#define HV_MM_PT_UPDATE_H

#include <stdint.h>

int pt_update_entry(uint64_t table_mfn, unsigned idx, uint64_t new, int level, int preserve_ad);

#endif
