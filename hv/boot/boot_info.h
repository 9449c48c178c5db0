/*
 * What the boot loader told us, in one loader-independent form: the
 * hypervisor's command line, the RAM regions of the memory map, and the
 * guest module with its command line.
 */
#ifndef HV_BOOT_BOOT_INFO_H
#define HV_BOOT_BOOT_INFO_H

#include <stdint.h>

#define BOOT_MAX_RAM_REGIONS 32
#define BOOT_CMDLINE_SIZE    1024

struct ram_region {
    uint64_t base;
    uint64_t len;
};

struct boot_info {
    const char *loader;                 /* "multiboot2" or "multiboot1" */
    char cmdline[BOOT_CMDLINE_SIZE];    /* hypervisor options */
    struct ram_region ram[BOOT_MAX_RAM_REGIONS];
    int nr_ram;
    int nr_modules;
    uint64_t module_start;              /* physical, first module only */
    uint64_t module_end;
    char module_cmdline[BOOT_CMDLINE_SIZE];
    uint64_t info_start, info_end;      /* the loader's info structure */
};

/* Fills *bi from the loader's magic and info pointer; returns 0, or -1 with a
 * message on the console when the magic is not a Multiboot one. */
int boot_info_parse(uint32_t magic, uint64_t info_phys, struct boot_info *bi);

#endif
