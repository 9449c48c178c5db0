/* Building ELF64 test images in memory (layout in elf_builder.h). */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elf_builder.h"

/* Returns x rounded up to a multiple of a (a power of two). */
static size_t align_up(size_t x, size_t a)
{
    return (x + a - 1) & ~(a - 1);
}

/* Starts an empty image: no segments, no notes, notes in a PT_NOTE. */
void eb_init(struct elf_builder *b)
{
    memset(b, 0, sizeof(*b));
    b->where = EB_NOTES_PHDR;
}

/* Adds a PT_LOAD segment (vaddr = paddr); returns its index. */
int eb_add_segment(struct elf_builder *b, uint64_t paddr, uint64_t filesz, uint64_t memsz,
                   uint32_t flags)
{
    struct eb_segment *s = &b->segs[b->nr_segs];

    if (b->nr_segs == EB_MAX_SEGS)
        abort();
    s->paddr = s->vaddr = paddr;
    s->filesz = filesz;
    s->memsz = memsz;
    s->flags = flags;
    return b->nr_segs++;
}

/* Adds a note with any owner name and raw desc bytes. */
void eb_note_raw(struct elf_builder *b, const char *name, uint32_t type,
                 const void *desc, uint32_t descsz)
{
    struct eb_note *n = &b->notes[b->nr_notes];

    if (b->nr_notes == EB_MAX_NOTES || descsz > EB_STR_MAX || strlen(name) >= sizeof(n->name))
        abort();
    memset(n, 0, sizeof(*n));
    strcpy(n->name, name);
    n->type = type;
    memcpy(n->desc, desc, descsz);
    n->descsz = descsz;
    b->nr_notes++;
}

/* Adds a "Xen" string note; the desc is s with its NUL. */
void eb_note_str(struct elf_builder *b, uint32_t type, const char *s)
{
    eb_note_raw(b, "Xen", type, s, (uint32_t)strlen(s) + 1);
}

/* Adds a "Xen" numeric note of width bytes, little-endian. */
void eb_note_num(struct elf_builder *b, uint32_t type, uint64_t v, unsigned width)
{
    unsigned char desc[16] = { 0 };

    if (width > sizeof(desc))
        abort();
    for (unsigned i = 0; i < width && i < 8; i++)
        desc[i] = (unsigned char)(v >> (8 * i));
    eb_note_raw(b, "Xen", type, desc, width);
}

/* Removes every note of the given type. */
void eb_remove_notes(struct elf_builder *b, uint32_t type)
{
    int j = 0;

    for (int i = 0; i < b->nr_notes; i++)
        if (b->notes[i].type != type)
            b->notes[j++] = b->notes[i];
    b->nr_notes = j;
}

/* Returns byte k of segment i's file contents. */
unsigned char eb_segment_byte(int i, uint64_t k)
{
    return (unsigned char)(0x11 * (i + 1) + k * 7 + (k >> 8));
}

/* Returns the size of one note with its padding. */
static size_t note_size(const struct eb_note *n)
{
    return sizeof(Elf64_Nhdr) + align_up(strlen(n->name) + 1, 4) + align_up(n->descsz, 4);
}

/* Writes the notes at p. */
static void write_notes(const struct elf_builder *b, unsigned char *p)
{
    for (int i = 0; i < b->nr_notes; i++) {
        const struct eb_note *n = &b->notes[i];
        Elf64_Nhdr nh = {
            .n_namesz = (Elf64_Word)strlen(n->name) + 1,
            .n_descsz = n->descsz,
            .n_type = n->type,
        };

        memcpy(p, &nh, sizeof(nh));
        p += sizeof(nh);
        memcpy(p, n->name, nh.n_namesz);
        p += align_up(nh.n_namesz, 4);
        memcpy(p, n->desc, n->descsz);
        p += align_up(n->descsz, 4);
    }
}

/* Writes the image into a new malloc'd buffer of exactly its size. */
unsigned char *eb_build(const struct elf_builder *b, size_t *size, struct eb_layout *layout)
{
    struct eb_layout l = { 0 };
    int phdr_notes = b->nr_notes && b->where != EB_NOTES_SECTION;
    int sect_notes = b->nr_notes && b->where != EB_NOTES_PHDR;
    unsigned char *img;
    size_t off;

    l.phoff = sizeof(Elf64_Ehdr);
    l.phnum = (size_t)b->nr_segs + phdr_notes;
    l.notes = align_up(l.phoff + l.phnum * sizeof(Elf64_Phdr), 8);
    for (int i = 0; i < b->nr_notes; i++)
        l.notes_size += note_size(&b->notes[i]);
    off = align_up(l.notes + l.notes_size, 8);
    if (sect_notes) {
        l.shoff = off;
        l.shnum = 2;
        off += 2 * sizeof(Elf64_Shdr);
    }
    for (int i = 0; i < b->nr_segs; i++) {
        l.seg[i] = align_up(off, 8);
        off = l.seg[i] + b->segs[i].filesz;
    }
    l.size = off;

    img = calloc(1, l.size);
    if (!img)
        abort();

    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = b->entry;
    eh->e_phoff = l.phoff;
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = (Elf64_Half)l.phnum;
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shoff = l.shoff;
    eh->e_shnum = (Elf64_Half)l.shnum;

    Elf64_Phdr *ph = (Elf64_Phdr *)(img + l.phoff);
    for (int i = 0; i < b->nr_segs; i++) {
        const struct eb_segment *s = &b->segs[i];

        ph[i] = (Elf64_Phdr){
            .p_type = PT_LOAD, .p_flags = s->flags, .p_offset = l.seg[i],
            .p_vaddr = s->vaddr, .p_paddr = s->paddr,
            .p_filesz = s->filesz, .p_memsz = s->memsz, .p_align = 8,
        };
        for (uint64_t k = 0; k < s->filesz; k++)
            img[l.seg[i] + k] = eb_segment_byte(i, k);
    }
    if (phdr_notes)
        ph[b->nr_segs] = (Elf64_Phdr){
            .p_type = PT_NOTE, .p_flags = PF_R, .p_offset = l.notes,
            .p_filesz = l.notes_size, .p_memsz = l.notes_size, .p_align = 4,
        };

    write_notes(b, img + l.notes);

    if (sect_notes) {
        Elf64_Shdr *sh = (Elf64_Shdr *)(img + l.shoff);

        sh[1] = (Elf64_Shdr){
            .sh_type = SHT_NOTE, .sh_flags = SHF_ALLOC, .sh_offset = l.notes,
            .sh_size = l.notes_size, .sh_addralign = 4,
        };
    }

    *size = l.size;
    if (layout)
        *layout = l;
    return img;
}
