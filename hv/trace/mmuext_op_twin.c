/*
 * The traced twin of mm/mmuext_op.c: the same source compiled with its pin,
 * base-pointer and flush hooks in (trace_twin_on is trace_on here).  With
 * trace=pin or tlb, trace_init puts do_mmuext_op_traced into the hypercall
 * table in place of do_mmuext_op, whose own compilation has no hook at all.
 */
#define TRACE_TWIN 1
#define do_mmuext_op do_mmuext_op_traced
#include "mm/mmuext_op.c"
