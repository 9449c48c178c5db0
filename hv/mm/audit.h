/*
 * The frame-table audit: recompute every guest frame's references from the
 * guest's validated page tables, pins and base pointers, and compare them
 * with the frame table.  On with the `audit` command-line option (and in
 * debug builds, make DEBUG=1): it then runs after every hypercall and stops
 * the hypervisor at the first disagreement, naming the frames.
 */
#ifndef HV_MM_AUDIT_H
#define HV_MM_AUDIT_H

/* Allocates the audit's counters and turns it on; panics without memory. */
void audit_enable(void);

/* Runs the audit if it is on (after each hypercall and emulated write);
 * panics with a report if it fails. */
void audit_check(void);

/* Runs the audit; returns the number of frames that disagree (printing up
 * to eight of them). */
unsigned audit_run(void);

#endif
