#!/usr/bin/env bash
# Fill the hypervisor's table of redirectable calls (hv/trace/trace_calls.c).
#
#   scripts/trace-calls.sh <hv.elf>
#
# With trace=type or val the hypervisor sends every call of the type
# machine's slow halves, frame_get_first_type and frame_put_last_type, to a
# recording twin by rewriting the call's 32-bit displacement at boot.  The calls are GCC's own (inlined into many
# callers, tail calls among them), so they are found after the link: this
# script disassembles hv.elf, collects every call, jmp or jcc with a 32-bit
# displacement whose target is exactly one of the two functions (the twins'
# own calls excepted), and writes them into the .trace_calls section in
# place (objcopy --update-section, so no address changes):
#
#   entry i:  uint64 address of the displacement, uint64 the callee's address
#   end:      an entry of zeros (the section is TRACE_CALLS_MAX entries long)
#
# Fails, naming the site, when a call cannot be redirected (a short jump, a
# call to a clone GCC made of either function), when either function has no
# call at all, or when the table is too small.
set -euo pipefail

die() { echo "trace-calls: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -f "$1" ] || die "usage: scripts/trace-calls.sh <hv.elf>"
elf=$1
callees="frame_get_first_type frame_put_last_type"
max=$(sed -n 's/^#define TRACE_CALLS_MAX *\([0-9]\{1,\}\).*/\1/p' hv/trace/trace.h)
[ -n "$max" ] || die "TRACE_CALLS_MAX not found in hv/trace/trace.h"

# "site callee-address callee-name" lines, or "error ..." lines.
sites=$(objdump -d -w "$elf" | awk -v callees="$callees" '
  BEGIN { n = split(callees, c, " "); for (i = 1; i <= n; i++) want[c[i]] = 1 }
  /^[0-9a-f]+ <.*>:$/ { fn = substr($2, 2, length($2) - 3); next }
  {
    # "addr:<TAB>bytes<TAB>mnemonic operands": the target is the last field
    if (split($0, part, "\t") < 3 || part[3] !~ /^(callq?|j[a-z]+) /) next
    t = part[3]; sub(/.*</, "", t); sub(/>$/, "", t)
    base = t; sub(/\..*/, "", base)
    if (!(base in want) || fn ~ /^traced_/) next
    addr = part[1]; sub(/^ */, "", addr); sub(/:$/, "", addr)
    if (t != base) { print "error " fn " calls " t " (a clone GCC made) at 0x" addr; next }
    nb = split(part[2], b, " ")
    if (b[1] == "e8" || b[1] == "e9") off = 1
    else if (b[1] == "0f" && b[2] ~ /^8/) off = 2
    else { print "error " fn " reaches " t " with a short jump at 0x" addr; next }
    if (nb != off + 4) { print "error unexpected encoding at 0x" addr ": " part[2]; next }
    split(part[3], op, " "); target = op[2]
    print addr, off, target, t
  }')
errors=$(grep '^error' <<<"$sites" || true)
[ -z "$errors" ] || die "$(sed 's/^error //' <<<"$errors")"
for c in $callees; do
  grep -q " $c\$" <<<"$sites" || die "no call of $c found in $elf"
done
count=$(wc -l <<<"$sites")
[ "$count" -lt "$max" ] || die "$count call sites, TRACE_CALLS_MAX is $max (hv/trace/trace.h)"

# Prints the 64-bit hexadecimal number $1 as 8 little-endian bytes.
le64() {
  local h
  h=$(printf '%016x' "$((16#$1))")
  for i in 14 12 10 8 6 4 2 0; do printf "\\x${h:$i:2}"; done
}

table=$(mktemp)
trap 'rm -f "$table"' EXIT
while read -r addr off target _; do
  le64 "$(printf '%x' "$((16#$addr + off))")"
  le64 "$target"
done <<<"$sites" >"$table"
head -c "$(( (max - count) * 16 ))" /dev/zero >>"$table"
objcopy --update-section .trace_calls="$table" "$elf"
echo "trace-calls: $count calls of $callees recorded in $elf"
