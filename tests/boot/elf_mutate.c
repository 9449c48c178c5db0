/*
 * elf_mutate: makes a malformed guest kernel from a good one, for the boot
 * tests of the domain builder's checks (tests/boot/cases).
 *
 *   elf_mutate <good.elf> <bad.elf> <kind>
 *
 * Each kind breaks one rule of pv-abi.md §6 and nothing else, so the
 * hypervisor must name exactly that problem:
 *
 *   truncated        the file cut inside its first segment
 *   class32          ELFCLASS32 in e_ident
 *   machine          e_machine = EM_386
 *   no-notes         every "Xen" note renamed, so none is found
 *   bad-version      XEN_VERSION "xen-2.0"
 *   bad-loader       LOADER "genxric" (and GUEST_OS is not linux)
 *   contradictory    the GUEST_OS note turned into a second, different ENTRY
 *   hv-range         VIRT_BASE moved into the hypervisor's range
 *   entry-outside    ENTRY far past the kernel
 *   required-unknown FEATURES "!xyz": a required feature nobody knows
 *   no-dom0          FEATURES turned into a SUPPORTED_FEATURES bitmap of 0
 *   overlap          the second PT_LOAD moved onto the first one's last page
 *   huge-virt-base   VIRT_BASE 0xfffffffffffff000: the kernel would wrap past 2^64
 *   note-empty       the ENTRY note's descriptor cut to 0 bytes
 *   note-oversized   the ENTRY note claims a 2 GiB descriptor
 *   entry-ud2        ud2 at the entry point: the first instruction faults
 *   entry-loop       "jmp ." at the entry point: the guest never ends
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_ENTRY          1
#define NOTE_VIRT_BASE      3
#define NOTE_XEN_VERSION    5
#define NOTE_GUEST_OS       6
#define NOTE_LOADER         8
#define NOTE_FEATURES      10
#define NOTE_SUPPORTED     17

static unsigned char *image;
static size_t image_size;

/* Reads the whole file into image; exits with a message on failure. */
static void read_image(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (!f || fseek(f, 0, SEEK_END) || (image_size = (size_t)ftell(f)) == 0) {
        perror(path);
        exit(2);
    }
    rewind(f);
    image = malloc(image_size);
    if (!image || fread(image, 1, image_size, f) != image_size) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

/* Returns the note header of the first "Xen" note of the given type, or
 * NULL; with type -1 it renames every Xen note and returns NULL. */
static Elf64_Nhdr *find_note(int type)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_NOTE)
            continue;
        unsigned char *p = image + ph[i].p_offset, *end = p + ph[i].p_filesz;
        while (p + sizeof(Elf64_Nhdr) <= end) {
            Elf64_Nhdr *nh = (Elf64_Nhdr *)p;
            char *name = (char *)(nh + 1);

            if (nh->n_namesz == 4 && memcmp(name, "Xen", 4) == 0) {
                if (type < 0)
                    memcpy(name, "Nex", 4);
                else if ((int)nh->n_type == type)
                    return nh;
            }
            p += sizeof(*nh) + ((nh->n_namesz + 3) & ~3u) + ((nh->n_descsz + 3) & ~3u);
        }
    }
    return NULL;
}

/* Returns the descriptor of a note that must exist; exits if it does not. */
static unsigned char *note_desc(int type)
{
    Elf64_Nhdr *nh = find_note(type);

    if (!nh) {
        fprintf(stderr, "elf_mutate: the input has no Xen note of type %d\n", type);
        exit(2);
    }
    return (unsigned char *)(nh + 1) + ((nh->n_namesz + 3) & ~3u);
}

/* Returns the PT_NOTE header whose file range holds p; exits if none. */
static Elf64_Phdr *note_segment_of(const unsigned char *p)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);

    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_NOTE && p >= image + ph[i].p_offset &&
            p < image + ph[i].p_offset + ph[i].p_filesz)
            return &ph[i];
    fprintf(stderr, "elf_mutate: no PT_NOTE segment holds the note\n");
    exit(2);
}

/* Cuts the ENTRY note's 8-byte descriptor out of its note segment (the
 * notes after it move up), leaving a note with n_descsz 0. */
static void empty_entry_note(void)
{
    Elf64_Nhdr *nh = find_note(NOTE_ENTRY);
    unsigned char *desc = note_desc(NOTE_ENTRY);
    Elf64_Phdr *seg = note_segment_of(desc);
    unsigned char *end = image + seg->p_offset + seg->p_filesz;

    memmove(desc, desc + 8, (size_t)(end - desc - 8));
    nh->n_descsz = 0;
    seg->p_filesz -= 8;
}

/* Returns a pointer to the file bytes at the entry point (the ENTRY note,
 * inside the first PT_LOAD). */
static unsigned char *entry_code(void)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);
    uint64_t entry;

    memcpy(&entry, note_desc(NOTE_ENTRY), 8);
    return image + ph[0].p_offset + (entry - ph[0].p_vaddr);
}

/* Applies one mutation; returns the size of the file to write. */
static size_t mutate(const char *kind)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    uint64_t v;

    if (!strcmp(kind, "truncated"))
        return ((Elf64_Phdr *)(image + eh->e_phoff))->p_offset + 0x100;
    if (!strcmp(kind, "class32"))
        eh->e_ident[EI_CLASS] = ELFCLASS32;
    else if (!strcmp(kind, "machine"))
        eh->e_machine = EM_386;
    else if (!strcmp(kind, "no-notes"))
        find_note(-1);
    else if (!strcmp(kind, "bad-version"))
        memcpy(note_desc(NOTE_XEN_VERSION), "xen-2.0", 7);
    else if (!strcmp(kind, "bad-loader"))
        memcpy(note_desc(NOTE_LOADER), "genxric", 7);
    else if (!strcmp(kind, "contradictory")) {
        note_desc(NOTE_GUEST_OS);
        find_note(NOTE_GUEST_OS)->n_type = NOTE_ENTRY;
    } else if (!strcmp(kind, "hv-range")) {
        v = 0xffff800000000000UL;
        memcpy(note_desc(NOTE_VIRT_BASE), &v, 8);
    } else if (!strcmp(kind, "entry-outside")) {
        memcpy(&v, note_desc(NOTE_ENTRY), 8);
        v += 0x10000000;
        memcpy(note_desc(NOTE_ENTRY), &v, 8);
    } else if (!strcmp(kind, "required-unknown"))
        memcpy(note_desc(NOTE_FEATURES), "!xyz", 4);
    else if (!strcmp(kind, "no-dom0")) {
        memset(note_desc(NOTE_FEATURES), 0, 4);
        find_note(NOTE_FEATURES)->n_type = NOTE_SUPPORTED;
    } else if (!strcmp(kind, "overlap")) {
        Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);
        uint64_t last = (ph[0].p_paddr + ph[0].p_memsz - 1) & ~0xfffUL;

        ph[1].p_vaddr += last - ph[1].p_paddr;
        ph[1].p_paddr = last;
    } else if (!strcmp(kind, "huge-virt-base")) {
        v = 0xfffffffffffff000UL;
        memcpy(note_desc(NOTE_VIRT_BASE), &v, 8);
    } else if (!strcmp(kind, "note-empty"))
        empty_entry_note();
    else if (!strcmp(kind, "note-oversized"))
        find_note(NOTE_ENTRY)->n_descsz = 0x80000000u;
    else if (!strcmp(kind, "entry-ud2"))
        memcpy(entry_code(), "\x0f\x0b", 2);
    else if (!strcmp(kind, "entry-loop"))
        memcpy(entry_code(), "\xeb\xfe", 2);
    else {
        fprintf(stderr, "elf_mutate: unknown kind '%s'\n", kind);
        exit(2);
    }
    return image_size;
}

int main(int argc, char **argv)
{
    FILE *out;
    size_t n;

    if (argc != 4) {
        fprintf(stderr, "usage: elf_mutate <good.elf> <bad.elf> <kind>\n");
        return 2;
    }
    read_image(argv[1]);
    n = mutate(argv[3]);
    out = fopen(argv[2], "wb");
    if (!out || fwrite(image, 1, n, out) != n || fclose(out)) {
        perror(argv[2]);
        return 2;
    }
    return 0;
}
