/*
 * A checked guest kernel image: what the ELF header, program headers and Xen
 * notes (pv-abi.md §6) say about where and how to load it.
 *
 *   virt_offset = VIRT_BASE - PADDR_OFFSET
 *   kstart      = lowest PT_LOAD p_paddr + virt_offset
 *   kend        = highest p_paddr + p_memsz + virt_offset
 *   required:     VIRT_BASE <= kstart <= ENTRY <= kend
 */
#ifndef HV_DOMAIN_GUEST_IMAGE_H
#define HV_DOMAIN_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define NOTE_STRING_MAX 64

struct guest_image {
    const unsigned char *data;      /* the ELF file */
    size_t size;

    /* From the notes; the has_ flags say which notes were present. */
    uint64_t entry, virt_base, paddr_offset, hypercall_page;
    int has_entry, has_virt_base, has_paddr_offset, has_hypercall_page;
    int has_supported_features;
    int mod_start_pfn;
    uint32_t features_supported;    /* XENFEAT_* bits, FEATURES and note 17 */
    uint32_t features_required;     /* the '!' names of FEATURES */
    char xen_version[NOTE_STRING_MAX];
    char loader[NOTE_STRING_MAX];
    char guest_os[NOTE_STRING_MAX];

    /* Derived. */
    uint64_t virt_offset, kstart, kend;
};

/* Checks the ELF header and program headers of data[0..size) and reads the
 * Xen notes into *img.  Returns 0, or -1 with a one-line reason in err. */
int guest_image_check(const void *data, size_t size, struct guest_image *img,
                      char *err, size_t errlen);

/* Reads and checks the Xen notes of an image whose headers were checked;
 * returns 0, or -1 with the reason in err (hv/domain/elf_notes.c). */
int elf_notes_read(struct guest_image *img, char *err, size_t errlen);

/* Copies the image's PT_LOAD segments into guest memory through write_va,
 * which copies n bytes (or zeroes them when src is NULL) at guest virtual
 * address va.  Returns 0, or the first non-zero value write_va returned. */
int guest_image_load(const struct guest_image *img,
                     int (*write_va)(void *ctx, uint64_t va, const void *src, uint64_t n),
                     void *ctx);

#endif
