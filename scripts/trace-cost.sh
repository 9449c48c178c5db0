#!/usr/bin/env bash
# What the hypervisor trace costs when it is off, in instructions per
# operation of apps/bench (make bench runs it; so does make test).
#
#   scripts/trace-cost.sh [--out DIR] [--timeout SECONDS]
#
# Boots build/apps/bench/bench.elf under -icount shift=0 (qemu -kernel) on
# build/hv/hv.elf, the hypervisor as built (trace compiled in, no trace=),
# and on build/hv-notrace/hv.elf, the same sources built with -DPVX_NO_TRACE,
# and compares every operation.  Writes DIR/trace-cost.txt (default
# build/bench): "operation without-trace with-trace difference".
# boot_to_main is left out: it includes the firmware and the TSC
# calibration, which differ between two runs of one image.
#
# Exits 1, naming them, if any operation takes more instructions with the
# trace built in; 2 on a bad command line or a failed run.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "trace-cost: $*" >&2; exit 2; }
out=build/bench timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) die "unknown option '$1' (want --out DIR, --timeout SECONDS)" ;;
  esac
done
guest=build/apps/bench/bench.elf
for f in "$guest" build/hv/hv.elf build/hv-notrace/hv.elf; do
  [ -f "$f" ] || die "$f is missing (make all build/hv-notrace/hv.elf builds it)"
done
mkdir -p "$out/logs"

# Boots the bench on hypervisor $1, run name $2; leaves "operation count"
# lines in $out/logs/$2.txt.
measure() {
  local log=$out/logs/$2.log rc=0
  scripts/run.sh --system pvx --boot kernel --hv "$1" --guest "$guest" --timeout "$timeout" \
      --qemu-args "-icount shift=0" --log "$log" >/dev/null 2>&1 || rc=$?
  grep -q '^bench: done' "$log" || die "the run on $1 failed (status $rc, see $log)"
  sed -n 's/^bench: \([a-z0-9_]\{1,\}\) \{1,\}\([0-9]\{1,\}\)\r\{0,1\}$/\1 \2/p' "$log" |
    grep -v '^boot_to_main ' >"$out/logs/$2.txt"
}

echo "trace-cost: apps/bench without and with the trace built in ..." >&2
measure build/hv-notrace/hv.elf trace-cost-without
measure build/hv/hv.elf trace-cost-with
[ "$(cut -d' ' -f1 "$out/logs/trace-cost-without.txt")" = "$(cut -d' ' -f1 "$out/logs/trace-cost-with.txt")" ] ||
  die "the two runs report different operations (see $out/logs/trace-cost-*.txt)"
paste -d' ' "$out/logs/trace-cost-without.txt" "$out/logs/trace-cost-with.txt" |
  awk '{ print $1, $2, $4, $4 - $2 }' >"$out/trace-cost.txt"

awk -v file="$out/trace-cost.txt" '
  { n++ } $4 > 0 { dearer = dearer " " $1 "(+" $4 ")" } $4 < 0 { cheaper++ }
  END {
    if (dearer != "") { printf "trace-cost: dearer with the trace built in:%s (%s)\n", dearer, file; exit 1 }
    printf "trace-cost: %d operations, none dearer with the trace built in (%d identical, %d cheaper; %s)\n",
           n, n - cheaper, cheaper, file
  }' "$out/trace-cost.txt"
