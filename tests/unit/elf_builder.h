/*
 * Building small ELF64 kernel images in memory for the host unit tests.
 *
 * The builder uses the host's <elf.h>, not hv/domain/elf64.h, so a mistake in
 * the hypervisor's own ELF structures shows up as a test failure instead of
 * being copied into the test images.  The note types are written out from
 * pv-abi.md §6.2 for the same reason.
 *
 * File layout of a built image (every part 8-byte aligned):
 *
 *   0          +------------------------+
 *              | ELF header (64 bytes)  |
 *   phoff      +------------------------+
 *              | PT_LOAD phdrs, then    |  the PT_NOTE phdr is last, if any
 *              | the PT_NOTE phdr       |
 *   notes      +------------------------+
 *              | notes (12-byte header, |  name and desc padded to 4 bytes
 *              | name, desc), in order  |
 *   shoff      +------------------------+
 *              | null shdr, SHT_NOTE    |  only with EB_NOTES_SECTION/BOTH
 *   seg[0]     +------------------------+
 *              | segment 0 file bytes   |  byte k of segment i is
 *   seg[1]     +------------------------+  eb_segment_byte(i, k)
 *              | ...                    |
 *   size       +------------------------+
 *
 * A built image lives in a malloc'd buffer of exactly its size, so
 * AddressSanitizer catches any read past the end of the file.
 */
#ifndef TESTS_UNIT_ELF_BUILDER_H
#define TESTS_UNIT_ELF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

/* Xen note types (pv-abi.md §6.2). */
enum {
    XN_INFO = 0, XN_ENTRY = 1, XN_HYPERCALL_PAGE = 2, XN_VIRT_BASE = 3,
    XN_PADDR_OFFSET = 4, XN_XEN_VERSION = 5, XN_GUEST_OS = 6, XN_GUEST_VERSION = 7,
    XN_LOADER = 8, XN_PAE_MODE = 9, XN_FEATURES = 10, XN_MOD_START_PFN = 16,
    XN_SUPPORTED_FEATURES = 17,
};

#define EB_MAX_NOTES    32
#define EB_MAX_SEGS     8
#define EB_STR_MAX      128

/* Where the notes go: a PT_NOTE segment, an SHT_NOTE section, or both. */
enum eb_notes_where { EB_NOTES_PHDR, EB_NOTES_SECTION, EB_NOTES_BOTH };

struct eb_note {
    char name[8];               /* "Xen" unless a test wants another owner */
    uint32_t type;
    unsigned char desc[EB_STR_MAX];
    uint32_t descsz;
};

struct eb_segment {
    uint64_t paddr, vaddr, filesz, memsz;
    uint32_t flags;             /* PF_R | PF_W | PF_X */
};

struct elf_builder {
    uint64_t entry;             /* e_entry */
    enum eb_notes_where where;
    int nr_notes, nr_segs;
    struct eb_note notes[EB_MAX_NOTES];
    struct eb_segment segs[EB_MAX_SEGS];
};

/* Where the parts of the last built image start (file offsets). */
struct eb_layout {
    size_t phoff, phnum;
    size_t notes, notes_size;   /* notes_size is 0 if there are none */
    size_t shoff, shnum;        /* shnum is 0 without a section table */
    size_t seg[EB_MAX_SEGS];
    size_t size;
};

/* Starts an empty image: no segments, no notes, notes in a PT_NOTE. */
void eb_init(struct elf_builder *b);

/* Adds a PT_LOAD segment (vaddr = paddr); returns its index. */
int eb_add_segment(struct elf_builder *b, uint64_t paddr, uint64_t filesz, uint64_t memsz,
                   uint32_t flags);

/* Adds a "Xen" string note; the desc is s with its NUL. */
void eb_note_str(struct elf_builder *b, uint32_t type, const char *s);

/* Adds a "Xen" numeric note of width bytes (1, 2, 4, 8, or any other size to
 * test odd widths), little-endian. */
void eb_note_num(struct elf_builder *b, uint32_t type, uint64_t v, unsigned width);

/* Adds a note with any owner name and raw desc bytes. */
void eb_note_raw(struct elf_builder *b, const char *name, uint32_t type,
                 const void *desc, uint32_t descsz);

/* Removes every note of the given type. */
void eb_remove_notes(struct elf_builder *b, uint32_t type);

/* Returns byte k of segment i's file contents (a pattern the load test
 * checks). */
unsigned char eb_segment_byte(int i, uint64_t k);

/* Writes the image into a new malloc'd buffer of exactly its size; fills
 * *layout if it is not NULL.  Returns the buffer (the caller frees it) and
 * the size in *size. */
unsigned char *eb_build(const struct elf_builder *b, size_t *size, struct eb_layout *layout);

#endif
