/*
 * The guest's memory management, and how direct paging works.
 *
 * A PV guest runs its own page tables, but it never sees "physical" memory
 * the way a native kernel does.  Three numbers matter:
 *
 *   VA   a virtual address, translated by the page tables in CR3
 *   PFN  a pseudo-physical frame number: 0 .. nr_pages-1, the guest's own,
 *        contiguous view of its memory
 *   MFN  a machine frame number: the real frame, chosen by the hypervisor
 *
 *   PFN --- p2m (start_info.mfn_list, ours) ----> MFN
 *   MFN --- m2p (read-only, at 0xffff800000000000) --> PFN
 *
 * Direct paging means the page tables hold MFNs, written by the guest, and
 * the hardware walks them as they are.  The hypervisor keeps that safe with
 * one rule: a frame is either a page table (of one level) or something the
 * guest may write, never both.  So
 *
 *   - page-table frames are mapped read-only everywhere; the guest changes
 *     an entry of a live table only through hypercalls (mmu_update,
 *     update_va_mapping), which check the new entry before storing it;
 *   - a frame becomes a page table when something references it as one: a
 *     parent entry, CR3 (MMUEXT_NEW_BASEPTR) or a pin (MMUEXT_PIN_Ln_TABLE).
 *     The hypervisor then validates every entry, recursively, once;
 *   - pinning keeps a table validated while nothing else references it, so
 *     switching back to it costs no re-validation.
 *
 * The cheap way to build an address space follows from that: fill new
 * tables as plain memory while they are unreferenced (mapped writable), map
 * them read-only, then pin the root ("late pin") and switch to it.  To tear
 * one down, switch away and unpin first ("early unpin"): the tables become
 * plain memory again and are freed or reused with ordinary writes.
 *
 * What this directory provides (one concept per file):
 *
 *   region.h     the bootstrap region the builder mapped for us, and its end
 *   p2m.h        pfn_to_mfn / mfn_to_pfn
 *   pfn_alloc.h  the frame allocator: O(1) alloc and free of unmapped frames
 *   kva.h        the kernel's half of the address space, shared by all
 *   fmap.h       the frame map: one fixed VA per PFN, mapped only on demand
 *   mmu_batch.h  queueing entry updates and flushing them as one hypercall
 *   kmap.h       kernel mappings, with their tables made on demand
 *   kheap.h      the pages under malloc's heap
 *   frame_ref.h  how many address-space mappings each frame has
 *   pt_build.h   table frames: plain, sealed, live; late pin, early unpin
 *   aspace.h     address spaces: create, map, switch, fork, destroy, and
 *                the copy-on-write fault (aspace*.c, cow.c)
 *   scratch.h    a few scratch VAs to read and write any frame
 *   pt_walk.h    finding the machine address of the entry that maps a VA
 *   pte.h        entry bits and the VA split
 */
#ifndef GUEST_MM_MM_H
#define GUEST_MM_MM_H

/* Sets up everything above from guest_start_info, once: later calls only
 * return the first call's result (the heap calls it before the first
 * malloc).  Returns 0, or -1 (with a message on the console) if start_info
 * describes a region we cannot use or memory is too small. */
int mm_init(void);

#endif
