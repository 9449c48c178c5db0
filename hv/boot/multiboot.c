/*
 * Reading the boot loader's information, Multiboot2 (GRUB2) or Multiboot1
 * (qemu -kernel), into struct boot_info.
 *
 * Multiboot2 info: u32 total_size, u32 reserved, then 8-byte-aligned tags
 * { u32 type, u32 size, ... } up to an end tag of type 0.
 * Multiboot1 info: a fixed struct with a flags word saying which fields exist.
 */
#include "boot/boot_info.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "mm/directmap.h"

#define MB2_BOOT_MAGIC   0x36d76289
#define MB1_BOOT_MAGIC   0x2badb002

#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6

#define MB1_FLAG_CMDLINE (1 << 2)
#define MB1_FLAG_MODS    (1 << 3)
#define MB1_FLAG_MMAP    (1 << 6)

#define MMAP_RAM         1

struct mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};

struct mb1_module {
    uint32_t start, end, cmdline, pad;
};

struct mb1_mmap {
    uint32_t size;          /* of the rest of the entry */
    uint64_t base, len;
    uint32_t type;
} __attribute__((packed));

struct mb2_mmap_tag {
    uint32_t type, size, entry_size, entry_version;
};

struct mb2_mmap_entry {
    uint64_t base, len;
    uint32_t type, reserved;
};

/* Copies a NUL-terminated string at machine address ma into dst (size bytes). */
static void copy_boot_string(char *dst, size_t size, uint64_t ma)
{
    const char *s = maddr_to_virt(ma);
    size_t n = strnlen(s, size - 1);

    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Records one RAM region of the memory map (regions past the table are dropped). */
static void add_ram(struct boot_info *bi, uint64_t base, uint64_t len)
{
    if (bi->nr_ram < BOOT_MAX_RAM_REGIONS)
        bi->ram[bi->nr_ram++] = (struct ram_region){ base, len };
}

/* Records a module; only the first is used as the guest, the rest are counted. */
static void add_module(struct boot_info *bi, uint64_t start, uint64_t end, uint64_t cmdline_ma)
{
    if (bi->nr_modules++ == 0) {
        bi->module_start = start;
        bi->module_end = end;
        copy_boot_string(bi->module_cmdline, sizeof(bi->module_cmdline), cmdline_ma);
    }
}

/* Removes the first word of s (and the spaces after it) in place. */
static void drop_first_word(char *s)
{
    char *rest = s;

    while (*rest && *rest != ' ')
        rest++;
    while (*rest == ' ')
        rest++;
    memmove(s, rest, strlen(rest) + 1);
}

/* Walks the Multiboot2 tags. */
static void parse_mb2(uint64_t info, struct boot_info *bi)
{
    uint32_t total = *(uint32_t *)maddr_to_virt(info);
    uint64_t p = info + 8;

    bi->loader = "multiboot2";
    bi->info_end = info + total;
    while (p + 8 <= info + total) {
        uint32_t *tag = maddr_to_virt(p);

        if (tag[0] == MB2_TAG_END)
            break;
        if (tag[0] == MB2_TAG_CMDLINE)
            copy_boot_string(bi->cmdline, sizeof(bi->cmdline), p + 8);
        if (tag[0] == MB2_TAG_MODULE)
            add_module(bi, tag[2], tag[3], p + 16);
        if (tag[0] == MB2_TAG_MMAP) {
            struct mb2_mmap_tag *m = (void *)tag;

            for (uint64_t e = p + sizeof(*m); e + m->entry_size <= p + m->size; e += m->entry_size) {
                struct mb2_mmap_entry *r = maddr_to_virt(e);
                if (r->type == MMAP_RAM)
                    add_ram(bi, r->base, r->len);
            }
        }
        p += (tag[1] + 7) & ~7u;
    }
}

/* Reads the Multiboot1 structure.  qemu -kernel puts the file name before
 * the arguments of the kernel and of each module ("guest.elf a b"); it is
 * dropped so command lines mean the same on both paths. */
static void parse_mb1(uint64_t info, struct boot_info *bi)
{
    struct mb1_info *mb = maddr_to_virt(info);

    bi->loader = "multiboot1";
    bi->info_end = info + sizeof(*mb);
    if (mb->flags & MB1_FLAG_CMDLINE) {
        copy_boot_string(bi->cmdline, sizeof(bi->cmdline), mb->cmdline);
        drop_first_word(bi->cmdline);
    }
    if (mb->flags & MB1_FLAG_MODS) {
        struct mb1_module *mods = maddr_to_virt(mb->mods_addr);

        for (uint32_t i = 0; i < mb->mods_count; i++)
            add_module(bi, mods[i].start, mods[i].end, mods[i].cmdline);
        drop_first_word(bi->module_cmdline);
    }
    if (mb->flags & MB1_FLAG_MMAP) {
        for (uint64_t p = mb->mmap_addr; p < (uint64_t)mb->mmap_addr + mb->mmap_length;) {
            struct mb1_mmap *r = maddr_to_virt(p);
            if (r->type == MMAP_RAM)
                add_ram(bi, r->base, r->len);
            p += r->size + 4;
        }
    }
}

/* Fills *bi from the loader's magic and info; returns 0, or -1 (with a
 * message) when the magic is neither Multiboot2 nor Multiboot1. */
int boot_info_parse(uint32_t magic, uint64_t info_phys, struct boot_info *bi)
{
    memset(bi, 0, sizeof(*bi));
    bi->info_start = info_phys;
    if (magic == MB2_BOOT_MAGIC)
        parse_mb2(info_phys, bi);
    else if (magic == MB1_BOOT_MAGIC)
        parse_mb1(info_phys, bi);
    else {
        log_error("pvx: not started by a Multiboot loader (magic 0x%x)\n", magic);
        return -1;
    }
    return 0;
}
