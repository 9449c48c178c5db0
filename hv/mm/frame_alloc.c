/*
 * The machine frame allocator: a bitmap with one bit per 4 KiB frame of the
 * direct-mapped range (set = free).  Guest frames come from the top of memory
 * down, so a guest's machine frames rarely equal its pseudo-physical ones and
 * a P2M mistake shows at once.
 */
#include "mm/frame.h"
#include "mm/directmap.h"
#include "arch/machine.h"
#include "lib/string.h"

#define MAX_FRAMES (DIRECTMAP_SIZE >> 12)

static uint64_t free_bitmap[MAX_FRAMES / 64];
static uint64_t nr_free;
uint64_t frame_limit;
uint64_t frame_guest_lo = ~0UL, frame_guest_hi;
struct frame *frame_table;

extern char hv_image_start[], hv_image_end[];

/* Marks frames [first, last) free (free = 1) or used (free = 0). */
static void mark_range(uint64_t first, uint64_t last, int free)
{
    for (uint64_t f = first; f < last && f < frame_limit; f++) {
        uint64_t bit = 1UL << (f % 64);
        int was_free = (free_bitmap[f / 64] & bit) != 0;

        if (free && !was_free) {
            free_bitmap[f / 64] |= bit;
            nr_free++;
        } else if (!free && was_free) {
            free_bitmap[f / 64] &= ~bit;
            nr_free--;
        }
    }
}

/* Builds the free bitmap from the memory map, then takes out what is in use. */
void frame_alloc_init(const struct boot_info *bi)
{
    for (int i = 0; i < bi->nr_ram; i++) {
        uint64_t end = bi->ram[i].base + bi->ram[i].len;

        if (end > DIRECTMAP_SIZE)
            end = DIRECTMAP_SIZE;
        if ((end >> 12) > frame_limit)
            frame_limit = end >> 12;
    }
    for (int i = 0; i < bi->nr_ram; i++)
        mark_range((bi->ram[i].base + 4095) >> 12, (bi->ram[i].base + bi->ram[i].len) >> 12, 1);
    mark_range(0, 0x100, 0);
    mark_range(virt_to_maddr(hv_image_start) >> 12, (virt_to_maddr(hv_image_end) + 4095) >> 12, 0);
    mark_range(bi->info_start >> 12, (bi->info_end + 4095) >> 12, 0);
    if (bi->nr_modules)
        mark_range(bi->module_start >> 12, (bi->module_end + 4095) >> 12, 0);
}

/* Returns 1 if frame f is free. */
static int is_free(uint64_t f)
{
    return (free_bitmap[f / 64] >> (f % 64)) & 1;
}

/* Allocates the highest free frame for owner; returns its MFN or 0.  A
 * frame for a domain widens [frame_guest_lo, frame_guest_hi). */
uint64_t frame_alloc(uint16_t owner)
{
    for (uint64_t w = (frame_limit + 63) / 64; w-- > 0;) {
        if (!free_bitmap[w])
            continue;
        uint64_t f = w * 64 + 63 - (uint64_t)__builtin_clzl(free_bitmap[w]);
        mark_range(f, f + 1, 0);
        if (frame_table)
            frame_table[f] = (struct frame){ .owner = owner };
        if (owner != FRAME_HV) {
            frame_guest_lo = f < frame_guest_lo ? f : frame_guest_lo;
            frame_guest_hi = f + 1 > frame_guest_hi ? f + 1 : frame_guest_hi;
        }
        return f;
    }
    return 0;
}

/* Allocates the lowest run of n free frames for the hypervisor; returns the
 * first MFN or 0. */
uint64_t frame_alloc_range(uint64_t n)
{
    uint64_t run = 0;

    for (uint64_t f = 0; f < frame_limit; f++) {
        run = is_free(f) ? run + 1 : 0;
        if (run == n) {
            mark_range(f + 1 - n, f + 1, 0);
            for (uint64_t g = f + 1 - n; frame_table && g <= f; g++)
                frame_table[g] = (struct frame){ .owner = FRAME_HV };
            return f + 1 - n;
        }
    }
    return 0;
}

/* Allocates and fills the frame table: free frames FRAME_FREE, the rest the
 * hypervisor's. */
void frame_table_init(void)
{
    uint64_t pages = (frame_limit * sizeof(struct frame) + 4095) >> 12;
    uint64_t first = frame_alloc_range(pages);

    if (!first)
        panic("no room for the frame table (%lu frames)", pages);
    frame_table = mfn_to_virt(first);
    for (uint64_t f = 0; f < frame_limit; f++)
        frame_table[f] = (struct frame){ .owner = is_free(f) ? FRAME_FREE : FRAME_HV };
}

/* Returns the number of free frames. */
uint64_t frame_free_count(void)
{
    return nr_free;
}
