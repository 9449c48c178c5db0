/*
 * The Xen ELF notes of a guest kernel (pv-abi.md §6).
 *
 * A note is { u32 namesz, u32 descsz, u32 type, name, desc }, name and desc
 * each padded to 4 bytes.  Only notes named "Xen" count.  They are looked
 * for in PT_NOTE segments first and, if there are none, in SHT_NOTE sections.
 * Numeric notes are little-endian integers of 1, 2, 4 or 8 bytes.
 *
 * Rejected, each with its own message: no Xen notes; XEN_VERSION not
 * "xen-3.0..."; neither LOADER "generic..." nor GUEST_OS "linux..."; a
 * required ('!') feature pvx does not know; supervisor_mode_kernel required;
 * a SUPPORTED_FEATURES note without dom0 (the guest runs as the initial
 * domain); PADDR_OFFSET without VIRT_BASE; the same note twice with different
 * values (FEATURES notes add up instead).
 */
#include "domain/guest_image.h"
#include "domain/elf64.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "abi/console.h"
#include "abi/elfnote.h"

struct note_scan {
    struct guest_image *img;
    char *err;
    size_t errlen;
};

static const struct { const char *name; int bit; } feature_names[] = {
    { "writable_page_tables", XENFEAT_writable_page_tables },
    { "writable_descriptor_tables", XENFEAT_writable_descriptor_tables },
    { "auto_translated_physmap", XENFEAT_auto_translated_physmap },
    { "supervisor_mode_kernel", XENFEAT_supervisor_mode_kernel },
    { "pae_pgdir_above_4gb", XENFEAT_pae_pgdir_above_4gb },
    { "hvm_callback_vector", XENFEAT_hvm_callback_vector },
    { "dom0", XENFEAT_dom0 },
};

/* Returns the value of a numeric note: desc read as a 1, 2, 4 or 8-byte
 * little-endian integer, 0 for any other size. */
static uint64_t note_number(const unsigned char *desc, uint32_t size)
{
    uint64_t v = 0;

    if (size != 1 && size != 2 && size != 4 && size != 8)
        return 0;
    for (uint32_t i = size; i-- > 0;)
        v = (v << 8) | desc[i];
    return v;
}

/* Copies a string note into dst (NUL-terminated, truncated to size). */
static void note_string(char *dst, size_t size, const unsigned char *desc, uint32_t n)
{
    size_t len = strnlen((const char *)desc, n < size - 1 ? n : size - 1);

    memcpy(dst, desc, len);
    dst[len] = '\0';
}

/* Stores a string note into field; a second note of the same type with
 * another text is an error.  Returns 0 or -1 with err. */
static int set_string(struct note_scan *s, const char *name, char *field,
                      const unsigned char *desc, uint32_t n)
{
    char text[NOTE_STRING_MAX];

    note_string(text, sizeof(text), desc, n);
    if (field[0] && strncmp(field, text, NOTE_STRING_MAX) != 0) {
        snprintf(s->err, s->errlen, "contradictory notes: %s is both '%s' and '%s'", name, field, text);
        return -1;
    }
    memcpy(field, text, sizeof(text));
    return 0;
}

/* Parses a FEATURES string ("a|!b|c") into the supported and required sets;
 * returns 0, or -1 with err for an unknown required feature. */
static int parse_features(struct note_scan *s, const char *str)
{
    while (*str) {
        int required = (*str == '!');
        size_t n = 0;
        unsigned i;

        str += required;
        while (str[n] && str[n] != '|')
            n++;
        for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
            if (strlen(feature_names[i].name) == n && strncmp(str, feature_names[i].name, n) == 0)
                break;
        if (i < sizeof(feature_names) / sizeof(feature_names[0])) {
            s->img->features_supported |= 1u << feature_names[i].bit;
            if (required)
                s->img->features_required |= 1u << feature_names[i].bit;
        } else if (required) {
            snprintf(s->err, s->errlen, "FEATURES note requires unknown feature '%.*s'", (int)n, str);
            return -1;
        }
        str += n;
        if (*str == '|')
            str++;
    }
    return 0;
}

/* Stores a numeric note into *field; a second note of the same type with
 * another value is an error.  Returns 0 or -1 with err. */
static int set_number(struct note_scan *s, const char *name,
                      uint64_t *field, int *has, uint64_t v)
{
    if (*has && *field != v) {
        snprintf(s->err, s->errlen, "contradictory notes: %s is both 0x%lx and 0x%lx", name, *field, v);
        return -1;
    }
    *field = v;
    *has = 1;
    return 0;
}

/* Applies one "Xen" note; returns 0 or -1 with err. */
static int apply_note(struct note_scan *s, uint32_t type, const unsigned char *desc, uint32_t n)
{
    struct guest_image *img = s->img;
    uint64_t v = note_number(desc, n);
    char text[NOTE_STRING_MAX * 4];

    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        return set_number(s, "ENTRY", &img->entry, &img->has_entry, v);
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        return set_number(s, "HYPERCALL_PAGE", &img->hypercall_page, &img->has_hypercall_page, v);
    case XEN_ELFNOTE_VIRT_BASE:
        return set_number(s, "VIRT_BASE", &img->virt_base, &img->has_virt_base, v);
    case XEN_ELFNOTE_PADDR_OFFSET:
        return set_number(s, "PADDR_OFFSET", &img->paddr_offset, &img->has_paddr_offset, v);
    case XEN_ELFNOTE_XEN_VERSION:
        return set_string(s, "XEN_VERSION", img->xen_version, desc, n);
    case XEN_ELFNOTE_LOADER:
        return set_string(s, "LOADER", img->loader, desc, n);
    case XEN_ELFNOTE_GUEST_OS:
        return set_string(s, "GUEST_OS", img->guest_os, desc, n);
    case XEN_ELFNOTE_FEATURES:
        note_string(text, sizeof(text), desc, n);
        return parse_features(s, text);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        img->has_supported_features = 1;
        img->features_supported |= (uint32_t)note_number(desc, n >= 4 ? 4 : n);
        return 0;
    case XEN_ELFNOTE_MOD_START_PFN:
        img->mod_start_pfn = v != 0;
        return 0;
    default:
        return 0;
    }
}

/* Walks the notes in data[off, off+len); returns the number of Xen notes
 * found, or -1 with err. */
static int scan_notes(struct note_scan *s, uint64_t off, uint64_t len)
{
    const unsigned char *p = s->img->data + off, *end = p + len;
    int found = 0;

    while (end - p >= (long)sizeof(struct elf64_nhdr)) {
        const struct elf64_nhdr *nh = (const void *)p;
        uint64_t name_len = ((uint64_t)nh->n_namesz + 3) & ~3UL;
        uint64_t desc_len = ((uint64_t)nh->n_descsz + 3) & ~3UL;
        const unsigned char *name = p + sizeof(*nh), *desc = name + name_len;

        if (name_len > (uint64_t)(end - name) || desc_len > (uint64_t)(end - desc)) {
            snprintf(s->err, s->errlen, "truncated ELF note at file offset 0x%lx",
                     (uint64_t)(p - s->img->data));
            return -1;
        }
        if (nh->n_namesz == 4 && memcmp(name, "Xen", 4) == 0) {
            found++;
            if (apply_note(s, nh->n_type, desc, nh->n_descsz) < 0)
                return -1;
        }
        p = desc + desc_len;
    }
    return found;
}

/* Finds the Xen notes in PT_NOTE segments, or failing that SHT_NOTE
 * sections; returns how many there were, or -1 with err. */
static int find_notes(struct note_scan *s)
{
    const struct elf64_ehdr *eh = (const void *)s->img->data;
    const struct elf64_phdr *ph = (const void *)(s->img->data + eh->e_phoff);
    const struct elf64_shdr *sh = (const void *)(s->img->data + eh->e_shoff);
    size_t size = s->img->size;
    int total = 0, n;

    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_NOTE || ph[i].p_offset == 0)
            continue;
        if (ph[i].p_offset > size || ph[i].p_filesz > size - ph[i].p_offset) {
            snprintf(s->err, s->errlen, "truncated ELF: note segment %u ends past the file", i);
            return -1;
        }
        if ((n = scan_notes(s, ph[i].p_offset, ph[i].p_filesz)) < 0)
            return -1;
        total += n;
    }
    if (total || eh->e_shnum == 0 || eh->e_shentsize != sizeof(*sh) ||
        eh->e_shoff > size || (uint64_t)eh->e_shnum * sizeof(*sh) > size - eh->e_shoff)
        return total;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_NOTE)
            continue;
        if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset) {
            snprintf(s->err, s->errlen, "truncated ELF: note section %u ends past the file", i);
            return -1;
        }
        if ((n = scan_notes(s, sh[i].sh_offset, sh[i].sh_size)) < 0)
            return -1;
        total += n;
    }
    return total;
}

/* Reads the notes and applies the acceptance rules; returns 0 or -1 with err. */
int elf_notes_read(struct guest_image *img, char *err, size_t errlen)
{
    struct note_scan s = { .img = img, .err = err, .errlen = errlen };
    int n = find_notes(&s);

    if (n < 0)
        return -1;
    if (n == 0) {
        snprintf(err, errlen, "not a Xen PV kernel: no \"Xen\" ELF notes");
        return -1;
    }
    if (strncmp(img->xen_version, "xen-3.0", 7) != 0) {
        snprintf(err, errlen, "XEN_VERSION note is '%s', want \"xen-3.0\"", img->xen_version);
        return -1;
    }
    if (strncmp(img->loader, "generic", 7) != 0 && strncmp(img->guest_os, "linux", 5) != 0) {
        snprintf(err, errlen, "LOADER note is '%s' and GUEST_OS '%s': want LOADER \"generic\" "
                 "or GUEST_OS \"linux\"", img->loader, img->guest_os);
        return -1;
    }
    if (img->features_required & (1u << XENFEAT_supervisor_mode_kernel)) {
        snprintf(err, errlen, "kernel requires supervisor_mode_kernel, which PV does not offer");
        return -1;
    }
    if (img->has_supported_features && !(img->features_supported & (1u << XENFEAT_dom0))) {
        snprintf(err, errlen, "kernel does not support running as the initial domain "
                 "(no \"dom0\" in its features)");
        return -1;
    }
    if (img->has_paddr_offset && !img->has_virt_base) {
        snprintf(err, errlen, "PADDR_OFFSET note without a VIRT_BASE note");
        return -1;
    }
    return 0;
}
