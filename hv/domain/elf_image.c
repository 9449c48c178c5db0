/*
 * Checking a guest kernel ELF before anything is loaded: the header, the
 * program headers, the Xen notes (elf_notes.c) and the address rules of
 * pv-abi.md §6.2.  Everything here works on the file bytes alone, so the host
 * unit tests run it on malformed images.
 */
#include "domain/guest_image.h"
#include "domain/elf64.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "abi/layout.h"
#include "mm/guest_access.h"

/* Returns 1 if [off, off+len) lies inside a file of size bytes. */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

/* Checks the ELF identification and header fields; returns 0 or -1 with err. */
static int check_header(const struct elf64_ehdr *eh, size_t size, char *err, size_t errlen)
{
    if (size < 4 || memcmp(eh->e_ident, "\x7f" "ELF", 4) != 0) {
        snprintf(err, errlen, "not an ELF file (bad magic)");
        return -1;
    }
    if (size < sizeof(*eh)) {
        snprintf(err, errlen, "truncated ELF: %zu bytes, shorter than the ELF header", size);
        return -1;
    }
    if (eh->e_ident[4] != ELFCLASS64) {
        snprintf(err, errlen, "ELF class %u, but a 64-bit PV kernel must be ELFCLASS64", eh->e_ident[4]);
        return -1;
    }
    if (eh->e_ident[5] != ELFDATA2LSB) {
        snprintf(err, errlen, "ELF data encoding %u, want little-endian", eh->e_ident[5]);
        return -1;
    }
    if (eh->e_machine != EM_X86_64) {
        snprintf(err, errlen, "ELF machine %u, want x86-64 (62)", eh->e_machine);
        return -1;
    }
    if (eh->e_type != ET_EXEC) {
        snprintf(err, errlen, "ELF type %u, want an executable (2)", eh->e_type);
        return -1;
    }
    if (eh->e_phnum == 0 || eh->e_phentsize != sizeof(struct elf64_phdr)) {
        snprintf(err, errlen, "no usable program headers (phnum %u, phentsize %u)",
                 eh->e_phnum, eh->e_phentsize);
        return -1;
    }
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), size)) {
        snprintf(err, errlen, "truncated ELF: program headers end past the file (%zu bytes)", size);
        return -1;
    }
    return 0;
}

/* Returns 1 if program header p is a PT_LOAD the builder loads. */
static int loadable(const struct elf64_phdr *p)
{
    return p->p_type == PT_LOAD && (p->p_flags & (PF_R | PF_W | PF_X));
}

/* Refuses two loadable segments whose memory ranges (sizes already checked)
 * share a byte: one would overwrite the other.  Returns 0 or -1 with err. */
static int check_overlaps(const struct elf64_phdr *ph, unsigned n, char *err, size_t errlen)
{
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++) {
            if (!loadable(&ph[i]) || !loadable(&ph[j]) || !ph[i].p_memsz || !ph[j].p_memsz)
                continue;
            if (ph[i].p_paddr < ph[j].p_paddr + ph[j].p_memsz &&
                ph[j].p_paddr < ph[i].p_paddr + ph[i].p_memsz) {
                snprintf(err, errlen, "segments %u (0x%lx-0x%lx) and %u (0x%lx-0x%lx) overlap",
                         i, ph[i].p_paddr, ph[i].p_paddr + ph[i].p_memsz,
                         j, ph[j].p_paddr, ph[j].p_paddr + ph[j].p_memsz);
                return -1;
            }
        }
    return 0;
}

/* Checks every PT_LOAD and computes kstart/kend; returns 0 or -1 with err. */
static int check_segments(struct guest_image *img, char *err, size_t errlen)
{
    const struct elf64_ehdr *eh = (const void *)img->data;
    const struct elf64_phdr *ph = (const void *)(img->data + eh->e_phoff);
    uint64_t lo = UINT64_MAX, hi = 0;

    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (!loadable(&ph[i]))
            continue;
        if (!in_file(ph[i].p_offset, ph[i].p_filesz, img->size)) {
            snprintf(err, errlen, "truncated ELF: segment %u ends past the file (%zu bytes)", i, img->size);
            return -1;
        }
        if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_paddr + ph[i].p_memsz < ph[i].p_paddr) {
            snprintf(err, errlen, "segment %u has bad sizes (filesz 0x%lx, memsz 0x%lx at 0x%lx)",
                     i, ph[i].p_filesz, ph[i].p_memsz, ph[i].p_paddr);
            return -1;
        }
        if (ph[i].p_paddr < lo)
            lo = ph[i].p_paddr;
        if (ph[i].p_paddr + ph[i].p_memsz > hi)
            hi = ph[i].p_paddr + ph[i].p_memsz;
    }
    if (lo > hi) {
        snprintf(err, errlen, "no loadable segment");
        return -1;
    }
    if (check_overlaps(ph, eh->e_phnum, err, errlen))
        return -1;
    img->kstart = lo + img->virt_offset;
    img->kend = hi + img->virt_offset;
    return 0;
}

/* Applies the address rules: the kernel lies in guest space and
 * VIRT_BASE <= kstart <= ENTRY <= kend.  Returns 0 or -1 with err. */
static int check_addresses(struct guest_image *img, char *err, size_t errlen)
{
    if (img->kend < img->kstart || !guest_va_ok(img->kstart) || !guest_va_ok(img->kend - 1) ||
        (img->kstart < HYPERVISOR_VIRT_END && img->kend > HYPERVISOR_VIRT_START)) {
        snprintf(err, errlen, "segments at 0x%lx-0x%lx lie outside the guest's address space "
                 "(non-canonical or in the hypervisor's range)", img->kstart, img->kend);
        return -1;
    }
    if (!guest_va_ok(img->virt_base) || (img->virt_base & 4095)) {
        snprintf(err, errlen, "VIRT_BASE 0x%lx is not a page-aligned guest address", img->virt_base);
        return -1;
    }
    if (img->virt_base > img->kstart) {
        snprintf(err, errlen, "VIRT_BASE 0x%lx is above the kernel start 0x%lx",
                 img->virt_base, img->kstart);
        return -1;
    }
    if (img->entry < img->kstart || img->entry > img->kend) {
        snprintf(err, errlen, "entry point 0x%lx is outside the kernel 0x%lx-0x%lx",
                 img->entry, img->kstart, img->kend);
        return -1;
    }
    return 0;
}

/* Checks data[0..size) as a 64-bit PV kernel and fills *img.  Returns 0, or
 * -1 with a one-line reason in err. */
int guest_image_check(const void *data, size_t size, struct guest_image *img,
                      char *err, size_t errlen)
{
    const struct elf64_ehdr *eh = data;

    memset(img, 0, sizeof(*img));
    img->data = data;
    img->size = size;
    if (check_header(eh, size, err, errlen) < 0 || elf_notes_read(img, err, errlen) < 0)
        return -1;
    img->virt_offset = img->virt_base - img->paddr_offset;
    if (check_segments(img, err, errlen) < 0)
        return -1;
    if (!img->has_entry)
        img->entry = eh->e_entry;
    return check_addresses(img, err, errlen);
}

/* Copies each loadable segment to p_paddr + virt_offset and zeroes its BSS
 * part.  Returns 0, or the first error write_va returned. */
int guest_image_load(const struct guest_image *img,
                     int (*write_va)(void *ctx, uint64_t va, const void *src, uint64_t n),
                     void *ctx)
{
    const struct elf64_ehdr *eh = (const void *)img->data;
    const struct elf64_phdr *ph = (const void *)(img->data + eh->e_phoff);
    int rc;

    for (unsigned i = 0; i < eh->e_phnum; i++) {
        uint64_t va = ph[i].p_paddr + img->virt_offset;

        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & (PF_R | PF_W | PF_X)))
            continue;
        rc = write_va(ctx, va, img->data + ph[i].p_offset, ph[i].p_filesz);
        if (rc == 0)
            rc = write_va(ctx, va + ph[i].p_filesz, NULL, ph[i].p_memsz - ph[i].p_filesz);
        if (rc)
            return rc;
    }
    return 0;
}
