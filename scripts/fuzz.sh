#!/usr/bin/env bash
# The hypercall fuzzer (tests/guest/fuzz) on pvx with the audit after every
# hypercall: `make fuzz` runs this.
#
#   scripts/fuzz.sh [--seed N] [--count N] [--hv-args "..."] [--timeout SECONDS]
#
# Without --seed it picks one and prints it; the same seed and count replay a
# run exactly.  --count is the number of hypercalls (multicall entries count
# one each; default 1000000).  --hv-args defaults to "audit mem=16M" (a small
# guest keeps the audit cheap; add preempt=3 to continue every batch after 3
# ops).  The timeout defaults to 120 s plus 1 s per 2,000 hypercalls.  The
# serial log goes to build/fuzz/fuzz-<seed>.log; the counts per hypercall and
# per result and the final line are printed.  Exit status: the fuzzer's (0
# only with no failed check), or run.sh's own (a hypervisor panic, a crash,
# the timeout).
set -euo pipefail

cd "$(dirname "$0")/.."
die() { echo "fuzz: $*" >&2; exit 255; }

seed="" count=1000000 hv_args="audit mem=16M" timeout=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --hv-args) hv_args=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) die "unknown option '$1' (see the comment at the top of $0)" ;;
  esac
done
[ -n "$seed" ] || seed=$(( $(od -An -N4 -tu4 /dev/urandom) ))
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed takes a number, not '$seed'"
[[ "$count" =~ ^[0-9]+$ ]] || die "--count takes a number, not '$count'"
[ -n "$timeout" ] || timeout=$(( 120 + count / 2000 ))

mkdir -p build/fuzz
log=build/fuzz/fuzz-$seed.log
echo "fuzz: seed $seed, $count hypercalls, hypervisor '$hv_args', timeout ${timeout}s, log $log"
start=$(date +%s)
rc=0
scripts/run.sh --system pvx --boot kernel --hv build/hv/hv.elf \
  --guest build/tests/guest/fuzz/fuzz.elf --hv-args "$hv_args" \
  --guest-args "seed=$seed count=$count" --timeout "$timeout" >"$log" 2>&1 </dev/null || rc=$?
grep -aE '^fuzz: (per|  |FAIL|[0-9]+ steps|[0-9]+ hypercalls, seed)|^pvx: (panic|audit)|^crash:' "$log" || true
echo "fuzz: exit status $rc after $(( $(date +%s) - start )) s (replay: make fuzz FUZZ_SEED=$seed FUZZ_COUNT=$count)"
exit "$rc"
