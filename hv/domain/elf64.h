/* The parts of the ELF64 format the domain builder reads (our own definitions:
 * the hypervisor is freestanding and has no <elf.h>). */
#ifndef HV_DOMAIN_ELF64_H
#define HV_DOMAIN_ELF64_H

#include <stdint.h>

#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define ET_EXEC      2
#define EM_X86_64    62
#define PT_LOAD      1
#define PT_NOTE      4
#define SHT_NOTE     7
#define PF_X         1
#define PF_W         2
#define PF_R         4

struct elf64_ehdr {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_shdr {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
};

struct elf64_nhdr {
    uint32_t n_namesz, n_descsz, n_type;
};

#endif
