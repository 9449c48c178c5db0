/* Mapping counts per frame (frame_ref.h). */
#include <string.h>
#include "mm/frame_ref.h"
#include "mm/p2m.h"
#include "mm/pte.h"

uint32_t *frame_ref_count;

/* 4 bytes per PFN. */
unsigned long frame_ref_meta_pages(void)
{
    return (p2m_nr_pages() * sizeof(uint32_t) + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* All counts start at 0. */
void frame_ref_attach(uint32_t *refs)
{
    frame_ref_count = refs;
    memset(refs, 0, p2m_nr_pages() * sizeof(uint32_t));
}
