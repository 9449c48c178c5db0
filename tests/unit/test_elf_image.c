/*
 * Checking guest kernel images: guest_image_check and guest_image_load
 * (hv/domain/elf_image.c, hv/domain/elf_notes.c), on ELF64 files built in
 * memory by elf_builder.c.
 *
 * The kernel image is the one input of the hypervisor that comes from outside
 * and is parsed field by field, so every rule of pv-abi.md §6 gets a test that
 * breaks it and checks the message a user would read:
 *   - the header: magic, class, encoding, machine, type, program headers;
 *   - truncation at every byte of a file, which also shows (under
 *     AddressSanitizer, the buffer being exactly the file's size) that no
 *     check reads past the end of the file;
 *   - the Xen notes: found in PT_NOTE segments or else SHT_NOTE sections,
 *     numeric widths 1/2/4/8, XEN_VERSION, the LOADER/GUEST_OS rule, FEATURES
 *     with '!', SUPPORTED_FEATURES and the dom0 bit, PADDR_OFFSET without
 *     VIRT_BASE, repeated notes;
 *   - the address rules VIRT_BASE <= kstart <= ENTRY <= kend, the
 *     hypervisor's range, non-canonical addresses and sizes that overflow;
 *   - loading: p_filesz bytes copied, the rest up to p_memsz zeroed.
 * A hypervisor that accepted an image Xen rejects would boot guests that
 * cannot run on Xen; one that read past the file would leak or crash on a
 * malformed module.
 *
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "elf_builder.h"
#include "domain/guest_image.h"

#define VB          0xffffffff80000000UL    /* where the pvx kernel is linked */
#define HOLE_START  0xffff800000000000UL    /* pv-abi.md §7 */
#define HOLE_END    0xffff880000000000UL
#define FEAT_DOM0   (1u << 11)

static unsigned char *live;     /* the image under test, freed by teardown */
static size_t live_size;
static struct eb_layout lay;
static struct guest_image img;
static char err[256];

/* Frees the image of the test that just ran. */
static int teardown(void **state)
{
    (void)state;
    free(live);
    live = NULL;
    return 0;
}

/* Starts the image of a pvx-like kernel: linked at VB, a text segment and a
 * data segment with BSS, the notes guest/kernel/head.S emits.  ELF e_entry
 * (VB + 0x10) differs from the ENTRY note (VB + 0x20) so tests can tell which
 * one was used.  kstart = VB, kend = VB + 0x4000. */
static void standard(struct elf_builder *b)
{
    eb_init(b);
    b->entry = VB + 0x10;
    eb_add_segment(b, 0x0, 0x1000, 0x1000, PF_R | PF_X);
    eb_add_segment(b, 0x1000, 0x200, 0x3000, PF_R | PF_W);
    eb_note_str(b, XN_XEN_VERSION, "xen-3.0");
    eb_note_str(b, XN_LOADER, "generic");
    eb_note_str(b, XN_GUEST_OS, "pvx");
    eb_note_str(b, XN_FEATURES, "dom0");
    eb_note_num(b, XN_VIRT_BASE, VB, 8);
    eb_note_num(b, XN_PADDR_OFFSET, 0, 8);
    eb_note_num(b, XN_ENTRY, VB + 0x20, 8);
    eb_note_num(b, XN_HYPERCALL_PAGE, VB + 0x1000, 8);
}

/* Starts an image with one segment of memsz bytes at virtual address va
 * (VIRT_BASE = virt_base, PADDR_OFFSET 0) and ENTRY at its start. */
static void one_segment(struct elf_builder *b, uint64_t virt_base, uint64_t va, uint64_t memsz)
{
    eb_init(b);
    b->entry = va;
    eb_add_segment(b, va - virt_base, memsz < 0x100 ? memsz : 0x100, memsz, PF_R | PF_X);
    eb_note_str(b, XN_XEN_VERSION, "xen-3.0");
    eb_note_str(b, XN_LOADER, "generic");
    eb_note_num(b, XN_VIRT_BASE, virt_base, 8);
    eb_note_num(b, XN_PADDR_OFFSET, 0, 8);
    eb_note_num(b, XN_ENTRY, va, 8);
}

/* Builds b into live (keeping the layout in lay) without checking it. */
static void build(const struct elf_builder *b)
{
    free(live);
    live = eb_build(b, &live_size, &lay);
}

/* Runs guest_image_check on live[0..size). */
static int check_live(size_t size)
{
    strcpy(err, NO_MESSAGE);
    return guest_image_check(live, size, &img, err, sizeof(err));
}

/* Builds b and checks the whole file. */
static int check(const struct elf_builder *b)
{
    build(b);
    return check_live(live_size);
}

/* Replaces live by a copy of its first cut bytes, in a buffer of exactly
 * that size, and checks it. */
static int check_prefix(size_t cut)
{
    unsigned char *p = malloc(cut ? cut : 1);

    memcpy(p, live, cut);
    free(live);
    live = p;
    return check_live(cut);
}

static Elf64_Ehdr *ehdr(void)
{
    return (Elf64_Ehdr *)live;
}

static Elf64_Phdr *phdr(int i)
{
    return (Elf64_Phdr *)(live + lay.phoff) + i;
}

static Elf64_Nhdr *first_note(void)
{
    return (Elf64_Nhdr *)(live + lay.notes);
}

/* --- images that must pass --- */

static void good_image(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    expect_ok(check(&b), err);
    assert_int_equal(img.entry, VB + 0x20);
    assert_int_equal(img.virt_base, VB);
    assert_int_equal(img.paddr_offset, 0);
    assert_int_equal(img.virt_offset, VB);
    assert_int_equal(img.kstart, VB);
    assert_int_equal(img.kend, VB + 0x4000);
    assert_true(img.has_hypercall_page);
    assert_int_equal(img.hypercall_page, VB + 0x1000);
    assert_int_equal(img.features_supported, FEAT_DOM0);
    assert_int_equal(img.features_required, 0);
    assert_false(img.has_supported_features);
    assert_string_equal(img.xen_version, "xen-3.0");
    assert_string_equal(img.loader, "generic");
    assert_string_equal(img.guest_os, "pvx");
    assert_ptr_equal(img.data, live);
    assert_int_equal(img.size, live_size);
}

static void entry_defaults_to_e_entry(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_ENTRY);
    expect_ok(check(&b), err);
    assert_false(img.has_entry);
    assert_int_equal(img.entry, VB + 0x10);
}

/* Like apps/hello-low: linked at 0, VIRT_BASE 0. */
static void linked_at_zero(void **state)
{
    struct elf_builder b;

    (void)state;
    one_segment(&b, 0, 0x0, 0x3000);
    expect_ok(check(&b), err);
    assert_int_equal(img.kstart, 0);
    assert_int_equal(img.kend, 0x3000);
    assert_int_equal(img.entry, 0);
}

/* Without VIRT_BASE and PADDR_OFFSET notes both default to 0. */
static void no_virt_base_note(void **state)
{
    struct elf_builder b;

    (void)state;
    one_segment(&b, 0, 0x200000, 0x3000);
    eb_remove_notes(&b, XN_VIRT_BASE);
    eb_remove_notes(&b, XN_PADDR_OFFSET);
    expect_ok(check(&b), err);
    assert_false(img.has_virt_base);
    assert_int_equal(img.virt_base, 0);
    assert_int_equal(img.kstart, 0x200000);
    assert_int_equal(img.kend, 0x203000);
}

/* Linux-style: physical load addresses plus VIRT_BASE - PADDR_OFFSET. */
static void paddr_offset_applied(void **state)
{
    struct elf_builder b;

    (void)state;
    eb_init(&b);
    eb_add_segment(&b, 0x1000000, 0x100, 0x2000, PF_R | PF_X);
    eb_note_str(&b, XN_XEN_VERSION, "xen-3.0");
    eb_note_str(&b, XN_GUEST_OS, "linux");
    eb_note_num(&b, XN_VIRT_BASE, VB, 8);
    eb_note_num(&b, XN_PADDR_OFFSET, 0x1000000, 8);
    eb_note_num(&b, XN_ENTRY, VB + 0x100, 8);
    expect_ok(check(&b), err);
    assert_int_equal(img.virt_offset, VB - 0x1000000);
    assert_int_equal(img.kstart, VB);
    assert_int_equal(img.kend, VB + 0x2000);
}

static void notes_only_in_section(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    b.where = EB_NOTES_SECTION;
    build(&b);
    assert_int_equal(lay.phnum, 2);     /* no PT_NOTE */
    expect_ok(check_live(live_size), err);
    assert_int_equal(img.entry, VB + 0x20);
    assert_int_equal(img.hypercall_page, VB + 0x1000);
    assert_int_equal(img.features_supported, FEAT_DOM0);
}

/* The same notes in a PT_NOTE and an SHT_NOTE: read once, no contradiction. */
static void notes_in_segment_and_section(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    b.where = EB_NOTES_BOTH;
    expect_ok(check(&b), err);
    assert_int_equal(img.entry, VB + 0x20);
}

/* Notes of other owners are skipped, even with a Xen note's type. */
static void other_owners_ignored(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_note_raw(&b, "GNU", XN_XEN_VERSION, "xen-2.0", 8);
    eb_note_raw(&b, "Xe", XN_VIRT_BASE, "\0\0\0\0\0\0\0\0", 8);
    eb_note_raw(&b, "XenX", XN_ENTRY, "\0\0\0\0\0\0\0\0", 8);
    expect_ok(check(&b), err);
    assert_string_equal(img.xen_version, "xen-3.0");
    assert_int_equal(img.virt_base, VB);
    assert_int_equal(img.entry, VB + 0x20);
}

/* Numeric notes of 1, 2, 4 and 8 bytes are little-endian; other sizes read as 0. */
static void numeric_widths(void **state)
{
    static const struct { unsigned width; uint64_t value, want; } cases[] = {
        { 1, 0xab, 0xab },
        { 2, 0xabcd, 0xabcd },
        { 4, 0xabcdef01, 0xabcdef01 },
        { 8, 0x0123456789abcdefUL, 0x0123456789abcdefUL },
        { 3, 0xabcdef, 0 },
        { 16, 0x1234, 0 },
    };
    struct elf_builder b;

    (void)state;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        standard(&b);
        eb_remove_notes(&b, XN_HYPERCALL_PAGE);
        eb_note_num(&b, XN_HYPERCALL_PAGE, cases[i].value, cases[i].width);
        expect_ok(check(&b), err);
        if (img.hypercall_page != cases[i].want)
            fail_msg("%u-byte note 0x%lx read as 0x%lx, want 0x%lx", cases[i].width,
                     cases[i].value, img.hypercall_page, cases[i].want);
    }
    /* A 4-byte ENTRY for a kernel linked low. */
    one_segment(&b, 0, 0x400000, 0x1000);
    eb_remove_notes(&b, XN_ENTRY);
    eb_note_num(&b, XN_ENTRY, 0x400080, 4);
    expect_ok(check(&b), err);
    assert_int_equal(img.entry, 0x400080);
}

/* --- the ELF header --- */

static void truncated_at_every_byte(void **state)
{
    struct elf_builder b;
    unsigned char *whole;
    size_t size;

    (void)state;
    standard(&b);
    build(&b);
    size = live_size;
    whole = live;
    live = NULL;
    for (size_t cut = 0; cut < size; cut++) {
        int rc;

        live = malloc(cut ? cut : 1);
        memcpy(live, whole, cut);
        rc = check_live(cut);
        free(live);
        live = NULL;
        if (rc != -1 || (strncmp(err, "truncated ELF", 13) != 0 && strncmp(err, "not an ELF", 10) != 0)) {
            free(whole);
            fail_msg("file cut at %zu of %zu bytes: rc %d, \"%s\"", cut, size, rc, err);
        }
    }
    live = whole;
}

static void truncated_messages(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    expect_error(check_prefix(3), err, "not an ELF file (bad magic)");
    build(&b);
    expect_error(check_prefix(40), err, "truncated ELF: 40 bytes, shorter than the ELF header");
    build(&b);
    expect_error(check_prefix(lay.phoff + sizeof(Elf64_Phdr) + 10), err,
                 "truncated ELF: program headers end past the file");
    build(&b);
    expect_error(check_prefix(lay.notes + 20), err, "truncated ELF: note segment 2 ends past the file");
    build(&b);
    expect_error(check_prefix(lay.seg[0] + 0x10), err, "truncated ELF: segment 0 ends past the file");
    build(&b);
    expect_error(check_prefix(lay.seg[1] + 0x1ff), err, "truncated ELF: segment 1 ends past the file");
}

/* A note whose name or desc runs past the end of its PT_NOTE segment. */
static void truncated_note(void **state)
{
    struct elf_builder b;
    char want[64];

    (void)state;
    standard(&b);
    build(&b);
    snprintf(want, sizeof(want), "truncated ELF note at file offset 0x%zx", lay.notes);
    first_note()->n_descsz = (Elf64_Word)lay.notes_size;
    expect_error(check_live(live_size), err, want);
    build(&b);
    first_note()->n_namesz = 0xfffffff0u;
    expect_error(check_live(live_size), err, want);
    build(&b);
    first_note()->n_descsz = 0xffffffffu;
    expect_error(check_live(live_size), err, want);
    /* The same in an SHT_NOTE section. */
    b.where = EB_NOTES_SECTION;
    build(&b);
    snprintf(want, sizeof(want), "truncated ELF note at file offset 0x%zx", lay.notes);
    first_note()->n_descsz = 0xffffffffu;
    expect_error(check_live(live_size), err, want);
}

static void bad_magic(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    live[0] = 0x7e;
    expect_error(check_live(live_size), err, "not an ELF file (bad magic)");
    build(&b);
    live[3] = 'f';
    expect_error(check_live(live_size), err, "not an ELF file (bad magic)");
}

static void class_32(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    live[EI_CLASS] = ELFCLASS32;
    expect_error(check_live(live_size), err, "ELF class 1, but a 64-bit PV kernel must be ELFCLASS64");
}

static void big_endian(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    live[EI_DATA] = ELFDATA2MSB;
    expect_error(check_live(live_size), err, "ELF data encoding 2, want little-endian");
}

static void wrong_machine(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    ehdr()->e_machine = EM_386;
    expect_error(check_live(live_size), err, "ELF machine 3, want x86-64 (62)");
    ehdr()->e_machine = EM_AARCH64;
    expect_error(check_live(live_size), err, "ELF machine 183, want x86-64 (62)");
}

static void not_executable(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    ehdr()->e_type = ET_DYN;
    expect_error(check_live(live_size), err, "ELF type 3, want an executable (2)");
    ehdr()->e_type = ET_REL;
    expect_error(check_live(live_size), err, "ELF type 1, want an executable (2)");
}

static void no_program_headers(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    ehdr()->e_phnum = 0;
    expect_error(check_live(live_size), err, "no usable program headers (phnum 0, phentsize 56)");
    build(&b);
    ehdr()->e_phentsize = 32;
    expect_error(check_live(live_size), err, "no usable program headers (phnum 3, phentsize 32)");
    /* Program headers, but none of them loadable. */
    build(&b);
    phdr(0)->p_type = PT_NULL;
    phdr(1)->p_flags = 0;
    expect_error(check_live(live_size), err, "no loadable segment");
}

/* --- the notes --- */

static void no_xen_notes(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    b.nr_notes = 0;
    expect_error(check(&b), err, "not a Xen PV kernel: no \"Xen\" ELF notes");
    eb_note_raw(&b, "GNU", 3, "abcd", 4);
    expect_error(check(&b), err, "not a Xen PV kernel: no \"Xen\" ELF notes");
    /* A PT_NOTE at file offset 0 is not looked at (pv-abi.md §6.1). */
    standard(&b);
    build(&b);
    phdr(2)->p_offset = 0;
    expect_error(check_live(live_size), err, "not a Xen PV kernel: no \"Xen\" ELF notes");
}

static void xen_version(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_XEN_VERSION);
    expect_error(check(&b), err, "XEN_VERSION note is '', want \"xen-3.0\"");
    eb_note_str(&b, XN_XEN_VERSION, "xen-2.0");
    expect_error(check(&b), err, "XEN_VERSION note is 'xen-2.0', want \"xen-3.0\"");
    eb_remove_notes(&b, XN_XEN_VERSION);
    eb_note_str(&b, XN_XEN_VERSION, "xen-3.0-unstable");
    expect_ok(check(&b), err);
}

static void loader_or_guest_os(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_LOADER);
    eb_note_str(&b, XN_LOADER, "elfboot");
    expect_error(check(&b), err, "LOADER note is 'elfboot' and GUEST_OS 'pvx': "
                 "want LOADER \"generic\" or GUEST_OS \"linux\"");
    eb_remove_notes(&b, XN_LOADER);
    expect_error(check(&b), err, "LOADER note is '' and GUEST_OS 'pvx'");
    /* GUEST_OS "linux..." alone is enough. */
    eb_remove_notes(&b, XN_GUEST_OS);
    eb_note_str(&b, XN_GUEST_OS, "linux");
    expect_ok(check(&b), err);
    eb_remove_notes(&b, XN_GUEST_OS);
    eb_note_str(&b, XN_GUEST_OS, "linux-6.1");
    expect_ok(check(&b), err);
    /* LOADER "generic" with any GUEST_OS, or none. */
    standard(&b);
    eb_remove_notes(&b, XN_GUEST_OS);
    expect_ok(check(&b), err);
}

static void features_required_unknown(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_str(&b, XN_FEATURES, "dom0|!frobnicate");
    expect_error(check(&b), err, "FEATURES note requires unknown feature 'frobnicate'");
    /* Not required: ignored. */
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_str(&b, XN_FEATURES, "frobnicate|dom0");
    expect_ok(check(&b), err);
    assert_int_equal(img.features_supported, FEAT_DOM0);
}

static void features_parsed(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_str(&b, XN_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb|dom0");
    expect_ok(check(&b), err);
    assert_int_equal(img.features_required, 1u << 0);
    assert_int_equal(img.features_supported, (1u << 0) | (1u << 4) | FEAT_DOM0);
}

static void supervisor_mode_kernel(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_str(&b, XN_FEATURES, "!supervisor_mode_kernel");
    expect_error(check(&b), err, "kernel requires supervisor_mode_kernel, which PV does not offer");
    /* Merely supported is fine. */
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_str(&b, XN_FEATURES, "supervisor_mode_kernel");
    expect_ok(check(&b), err);
}

static void supported_features_dom0(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_FEATURES);
    eb_note_num(&b, XN_SUPPORTED_FEATURES, 0x1, 4);
    expect_error(check(&b), err, "kernel does not support running as the initial domain");
    eb_remove_notes(&b, XN_SUPPORTED_FEATURES);
    eb_note_num(&b, XN_SUPPORTED_FEATURES, 0x801, 4);
    expect_ok(check(&b), err);
    assert_true(img.has_supported_features);
    assert_int_equal(img.features_supported, 0x801);
    /* dom0 from FEATURES counts too (the union of both notes). */
    eb_remove_notes(&b, XN_SUPPORTED_FEATURES);
    eb_note_num(&b, XN_SUPPORTED_FEATURES, 0x1, 4);
    eb_note_str(&b, XN_FEATURES, "dom0");
    expect_ok(check(&b), err);
    /* Without note 17 there is no dom0 check. */
    eb_remove_notes(&b, XN_SUPPORTED_FEATURES);
    eb_remove_notes(&b, XN_FEATURES);
    expect_ok(check(&b), err);
}

static void paddr_offset_without_virt_base(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_VIRT_BASE);
    expect_error(check(&b), err, "PADDR_OFFSET note without a VIRT_BASE note");
}

static void repeated_notes(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_note_num(&b, XN_VIRT_BASE, VB + 0x200000, 8);
    expect_error(check(&b), err, "contradictory notes: VIRT_BASE is both 0xffffffff80000000 "
                 "and 0xffffffff80200000");
    standard(&b);
    eb_note_num(&b, XN_ENTRY, VB + 0x30, 8);
    expect_error(check(&b), err, "contradictory notes: ENTRY is both");
    /* The same value twice is fine, also with another width. */
    standard(&b);
    eb_note_num(&b, XN_VIRT_BASE, VB, 8);
    eb_note_num(&b, XN_HYPERCALL_PAGE, VB + 0x1000, 8);
    eb_note_num(&b, XN_PADDR_OFFSET, 0, 4);
    expect_ok(check(&b), err);
    assert_int_equal(img.virt_base, VB);
}

/* --- the address rules --- */

static void hypervisor_range(void **state)
{
    struct elf_builder b;
    const char *want = "lie outside the guest's address space";

    (void)state;
    one_segment(&b, HOLE_START, HOLE_START, 0x1000);
    expect_error(check(&b), err, "segments at 0xffff800000000000-0xffff800000001000 lie outside");
    one_segment(&b, HOLE_START, HOLE_END - 0x1000, 0x1000);
    expect_error(check(&b), err, want);
    one_segment(&b, HOLE_START, 0xffff840000000000UL, 0x1000);
    expect_error(check(&b), err, want);
    /* Starting in the last page of the hole and ending past it. */
    one_segment(&b, HOLE_START, HOLE_END - 0x1000, 0x2000);
    expect_error(check(&b), err, want);
    /* Just past the hole is guest space. */
    one_segment(&b, HOLE_END, HOLE_END, 0x1000);
    expect_ok(check(&b), err);
}

static void non_canonical(void **state)
{
    struct elf_builder b;
    const char *want = "lie outside the guest's address space";

    (void)state;
    one_segment(&b, 0, 0x0000800000000000UL, 0x1000);
    expect_error(check(&b), err, "segments at 0x800000000000-0x800000001000 lie outside");
    one_segment(&b, 0, 0x00007ffffffff000UL, 0x2000);
    expect_error(check(&b), err, want);
    one_segment(&b, 0, 0x1234000000000000UL, 0x1000);
    expect_error(check(&b), err, want);
    /* The last page of the lower half is fine. */
    one_segment(&b, 0, 0x00007ffffffff000UL, 0x1000);
    expect_ok(check(&b), err);
}

static void entry_outside_kernel(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_ENTRY);
    eb_note_num(&b, XN_ENTRY, VB + 0x5000, 8);
    expect_error(check(&b), err, "entry point 0xffffffff80005000 is outside the kernel "
                 "0xffffffff80000000-0xffffffff80004000");
    eb_remove_notes(&b, XN_ENTRY);
    eb_note_num(&b, XN_ENTRY, VB - 1, 8);
    expect_error(check(&b), err, "entry point 0xffffffff7fffffff is outside the kernel");
    /* From e_entry as well. */
    eb_remove_notes(&b, XN_ENTRY);
    b.entry = 0x1000;
    expect_error(check(&b), err, "entry point 0x1000 is outside the kernel");
    /* kstart <= ENTRY <= kend, both ends included (pv-abi.md §6.2). */
    eb_note_num(&b, XN_ENTRY, VB + 0x4000, 8);
    expect_ok(check(&b), err);
    eb_remove_notes(&b, XN_ENTRY);
    eb_note_num(&b, XN_ENTRY, VB, 8);
    expect_ok(check(&b), err);
}

static void virt_base_above_kstart(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_remove_notes(&b, XN_PADDR_OFFSET);
    eb_note_num(&b, XN_PADDR_OFFSET, 0x200000, 8);
    expect_error(check(&b), err, "VIRT_BASE 0xffffffff80000000 is above the kernel start "
                 "0xffffffff7fe00000");
}

static void filesz_above_memsz(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    build(&b);
    phdr(1)->p_memsz = 0x100;
    expect_error(check_live(live_size), err,
                 "segment 1 has bad sizes (filesz 0x200, memsz 0x100 at 0x1000)");
}

static void sizes_overflow(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    /* p_offset + p_filesz wraps past 2^64. */
    build(&b);
    phdr(0)->p_offset = UINT64_MAX - 0x10;
    expect_error(check_live(live_size), err, "truncated ELF: segment 0 ends past the file");
    build(&b);
    phdr(1)->p_filesz = UINT64_MAX - 0x10;
    expect_error(check_live(live_size), err, "truncated ELF: segment 1 ends past the file");
    /* p_paddr + p_memsz wraps. */
    build(&b);
    phdr(1)->p_paddr = 0xfffffffffffff000UL;
    phdr(1)->p_memsz = 0x2000;
    expect_error(check_live(live_size), err, "segment 1 has bad sizes");
    /* The same for the note segment and the note section. */
    build(&b);
    phdr(2)->p_offset = UINT64_MAX - 0x10;
    expect_error(check_live(live_size), err, "truncated ELF: note segment 2 ends past the file");
    build(&b);
    phdr(2)->p_filesz = UINT64_MAX;
    expect_error(check_live(live_size), err, "truncated ELF: note segment 2 ends past the file");
    b.where = EB_NOTES_SECTION;
    build(&b);
    ((Elf64_Shdr *)(live + lay.shoff))[1].sh_offset = UINT64_MAX - 0x10;
    expect_error(check_live(live_size), err, "truncated ELF: note section 1 ends past the file");
    /* A phdr table that wraps. */
    b.where = EB_NOTES_PHDR;
    build(&b);
    ehdr()->e_phoff = UINT64_MAX - 0x10;
    expect_error(check_live(live_size), err, "truncated ELF: program headers end past the file");
    /* virt_offset + p_paddr wraps: kend ends up below kstart. */
    one_segment(&b, VB, VB, 0x1000);
    build(&b);
    phdr(0)->p_paddr = 0x80000000UL - 0x1000;
    phdr(0)->p_memsz = 0x2000;
    expect_error(check_live(live_size), err, "lie outside the guest's address space");
}

/* A PT_LOAD without R, W or X is neither counted nor loaded (pv-abi.md §6.2). */
static void segment_without_flags_ignored(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_add_segment(&b, 0x100000, 0x10, 0x10, 0);
    expect_ok(check(&b), err);
    assert_int_equal(img.kend, VB + 0x4000);
}

/* Two loadable segments that share memory are refused (one would overwrite
 * the other); touching end to start is fine, and so is an empty segment. */
static void overlapping_segments(void **state)
{
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_add_segment(&b, 0x3fff, 0x1, 0x10, PF_R);
    expect_error(check(&b), err, "segments 1 (0x1000-0x4000) and 2 (0x3fff-0x400f) overlap");
    standard(&b);
    eb_add_segment(&b, 0x4000, 0x10, 0x10, PF_R);
    expect_ok(check(&b), err);
    standard(&b);
    eb_add_segment(&b, 0x800, 0, 0, PF_R);
    expect_ok(check(&b), err);
}

/* --- loading --- */

#define MEM_SIZE 0x6000

struct guest_mem {
    unsigned char bytes[MEM_SIZE];      /* guest VAs VB .. VB + MEM_SIZE */
    int calls, fail_at;
};

/* A write_va that copies into struct guest_mem, checking the range. */
static int write_mem(void *ctx, uint64_t va, const void *src, uint64_t n)
{
    struct guest_mem *m = ctx;

    if (++m->calls == m->fail_at)
        return 7;
    if (va < VB || va - VB > MEM_SIZE || n > MEM_SIZE - (va - VB))
        fail_msg("write of 0x%lx bytes at 0x%lx outside the test memory", n, va);
    if (src)
        memcpy(m->bytes + (va - VB), src, n);
    else
        memset(m->bytes + (va - VB), 0, n);
    return 0;
}

static void load_copies_and_zeroes(void **state)
{
    static struct guest_mem m;
    struct elf_builder b;

    (void)state;
    standard(&b);
    eb_add_segment(&b, 0x5000, 0, 0, PF_R);     /* empty */
    eb_add_segment(&b, 0x100000, 0x10, 0x10, 0);  /* no flags: not loaded */
    expect_ok(check(&b), err);
    memset(m.bytes, 0xcc, sizeof(m.bytes));
    assert_int_equal(guest_image_load(&img, write_mem, &m), 0);
    for (uint64_t k = 0; k < 0x1000; k++)
        if (m.bytes[k] != eb_segment_byte(0, k))
            fail_msg("text byte 0x%lx is 0x%02x, want 0x%02x", k, m.bytes[k], eb_segment_byte(0, k));
    for (uint64_t k = 0; k < 0x200; k++)
        if (m.bytes[0x1000 + k] != eb_segment_byte(1, k))
            fail_msg("data byte 0x%lx is 0x%02x, want 0x%02x", k, m.bytes[0x1000 + k],
                     eb_segment_byte(1, k));
    for (uint64_t k = 0x1200; k < 0x4000; k++)
        if (m.bytes[k] != 0)
            fail_msg("BSS byte at +0x%lx is 0x%02x, want 0", k, m.bytes[k]);
    for (uint64_t k = 0x4000; k < MEM_SIZE; k++)
        if (m.bytes[k] != 0xcc)
            fail_msg("byte at +0x%lx past kend was written", k);
}

/* Segments go to p_paddr + virt_offset, not to p_vaddr. */
static void load_uses_paddr(void **state)
{
    static struct guest_mem m;
    struct elf_builder b;

    (void)state;
    eb_init(&b);
    eb_add_segment(&b, 0x1000000, 0x20, 0x40, PF_R | PF_X);
    b.segs[0].vaddr = 0x1234000;
    eb_note_str(&b, XN_XEN_VERSION, "xen-3.0");
    eb_note_str(&b, XN_LOADER, "generic");
    eb_note_num(&b, XN_VIRT_BASE, VB, 8);
    eb_note_num(&b, XN_PADDR_OFFSET, 0x1000000, 8);
    eb_note_num(&b, XN_ENTRY, VB, 8);
    expect_ok(check(&b), err);
    memset(m.bytes, 0xcc, sizeof(m.bytes));
    assert_int_equal(guest_image_load(&img, write_mem, &m), 0);
    assert_int_equal(m.bytes[0], eb_segment_byte(0, 0));
    assert_int_equal(m.bytes[0x1f], eb_segment_byte(0, 0x1f));
    assert_int_equal(m.bytes[0x20], 0);
    assert_int_equal(m.bytes[0x3f], 0);
    assert_int_equal(m.bytes[0x40], 0xcc);
}

/* The first error of write_va is returned and stops the load. */
static void load_stops_at_error(void **state)
{
    static struct guest_mem m;
    struct elf_builder b;

    (void)state;
    standard(&b);
    expect_ok(check(&b), err);
    for (int at = 1; at <= 4; at++) {
        m.calls = 0;
        m.fail_at = at;
        assert_int_equal(guest_image_load(&img, write_mem, &m), 7);
        assert_int_equal(m.calls, at);
    }
}

/* --- VIRT_BASE itself --- */

/*
 * VIRT_BASE must itself be a guest address, not only <= kstart.  Here it lies 1 MiB below the end of the hypervisor's range and the
 * kernel starts just above it, so the bootstrap region [VIRT_BASE, v_end)
 * overlaps 0xffff800000000000-0xffff87ffffffffff, which pv-abi.md §6.2 forbids
 * (Xen's dom0 builder refuses it: "DOM0 image overlaps with Xen private
 * area").  Accepted, the builder would map the first guest PFNs in L4 slot
 * 271, which belongs to the hypervisor.
 */
static void virt_base_in_hypervisor_range(void **state)
{
    struct elf_builder b;

    (void)state;
    one_segment(&b, HOLE_END - 0x100000, HOLE_END, 0x1000);
    expect_error(check(&b), err, "is not a page-aligned guest address");
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(good_image),
        T(entry_defaults_to_e_entry),
        T(linked_at_zero),
        T(no_virt_base_note),
        T(paddr_offset_applied),
        T(notes_only_in_section),
        T(notes_in_segment_and_section),
        T(other_owners_ignored),
        T(numeric_widths),
        T(overlapping_segments),
        T(truncated_at_every_byte),
        T(truncated_messages),
        T(truncated_note),
        T(bad_magic),
        T(class_32),
        T(big_endian),
        T(wrong_machine),
        T(not_executable),
        T(no_program_headers),
        T(no_xen_notes),
        T(xen_version),
        T(loader_or_guest_os),
        T(features_required_unknown),
        T(features_parsed),
        T(supervisor_mode_kernel),
        T(supported_features_dom0),
        T(paddr_offset_without_virt_base),
        T(repeated_notes),
        T(hypervisor_range),
        T(non_canonical),
        T(entry_outside_kernel),
        T(virt_base_above_kstart),
        T(filesz_above_memsz),
        T(sizes_overflow),
        T(segment_without_flags_ignored),
        T(load_copies_and_zeroes),
        T(load_uses_paddr),
        T(load_stops_at_error),
        T(virt_base_in_hypervisor_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
