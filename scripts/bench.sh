#!/usr/bin/env bash
# Boot apps/bench on pvx and on Xen 4.17 and write the results (make bench).
#
#   scripts/bench.sh [--reps N] [--wall-reps W] [--out DIR] [--doc FILE] [--timeout SECONDS]
#
# Both systems get the same guest image and the same QEMU flags (qemu -kernel,
# -icount shift=0).  Each system runs N times (default 3) under icount, where
# the TSC counts instructions; then W times (default 5, the two systems taking
# turns) without icount, where the TSC runs at the host's TSC rate: the wall
# time of an operation is its fastest of those W runs.  Writes, under DIR
# (default build/bench):
#
#   results.csv       operation,system,instructions_per_op,wall_ns_per_op,repetitions
#   results.md        Markdown tables: instructions, then wall time
#   trace-cost.txt    the trace's cost when off, per operation (scripts/trace-cost.sh)
#   instructions.png  the instruction counts as a bar chart (when gnuplot is there)
#   wall.png          the wall times, likewise
#   fork.png          fork-style duplication cost against the mapped size,
#                     per strategy (copied, with instructions.png, next to the
#                     doc, into docs/bench/)
#   logs/             the serial output of every run
#
# and replaces the part of FILE (default docs/benchmarks.md) between the lines
# <!-- bench:begin --> and <!-- bench:end -->.  Progress goes to stderr.  Exits
# non-zero, naming the run and its log, when a run fails or a result is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "$1"; }
die() { echo "bench: $*" >&2; exit 1; }

reps=3 wall_reps=5 out=build/bench doc=docs/benchmarks.md timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --wall-reps) wall_reps=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --doc) doc=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench: unknown option '$1'" >&2; usage 2 >&2 ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || die "--reps takes a whole number of at least 1, not '$reps'"
[[ "$wall_reps" =~ ^[0-9]+$ ]] || die "--wall-reps takes a whole number, not '$wall_reps'"

guest=build/apps/bench/bench.elf
hv_pvx=build/hv/hv.elf
hv_xen=build/xen/xen.gz
for f in "$guest" "$hv_pvx" "$hv_xen"; do
  [ -f "$f" ] || die "$f is missing (make all build/xen/xen.gz builds it)"
done
icount="-icount shift=0"
started=$(date +%s)
rm -rf "$out/logs" "$out/runs"
mkdir -p "$out/logs" "$out/runs"

# --- running -----------------------------------------------------------------

# Prints what run.sh's exit status $1 means (see README.md); $2 is its stderr.
run_status() {
  if grep -q 'terminating on signal.*(timeout)' "$2"; then echo "timed out after ${timeout}s"; return; fi
  case "$1" in
    0) echo "exit 0" ;;
    70) echo "status 70: the hypervisor crashed the guest" ;;
    71) echo "status 71: the hypervisor stopped" ;;
    252) echo "status 252: QEMU could not run the image" ;;
    253) echo "status 253: QEMU ended without a status (reset or triple fault)" ;;
    254) echo "status 254: timed out after ${timeout}s" ;;
    *) echo "status $1" ;;
  esac
}

# Boots the bench image once; $1 system, $2 run name, $3 extra QEMU arguments.
# Leaves the serial log in logs/<name>.log and "operation value" lines in
# runs/<name>.txt; stops the script if the run fails or is incomplete.
bench_run() {
  local system=$1 name=$2 qemu_args=$3 hv=$hv_pvx rc=0
  local log=$out/logs/$name.log
  [ "$system" = xen ] && hv=$hv_xen
  scripts/run.sh --system "$system" --boot kernel --hv "$hv" --guest "$guest" \
      --timeout "$timeout" --qemu-args "$qemu_args" --log "$log" >/dev/null 2>"$log.err" || rc=$?
  tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
  if [ "$rc" != 0 ] || grep -q '^bench: FAILED' "$log" || ! grep -q '^bench: start' "$log" ||
     ! grep -q '^bench: done' "$log"; then
    echo "bench: $name failed ($(run_status "$rc" "$log.err")); the end of $log:" >&2
    tail -n 15 "$log" "$log.err" >&2
    exit 1
  fi
  sed -n 's/^bench: \([a-z0-9_]\{1,\}\) \{1,\}\([0-9]\{1,\}\)$/\1 \2/p' "$log" >"$out/runs/$name.txt"
  check_ops "$name"
}

# Stops the script unless run $1 reports the operations of the first run, in
# its order (the first run must report at least one).
ops=""
check_ops() {
  local got missing extra
  got=$(cut -d' ' -f1 "$out/runs/$1.txt")
  if [ -z "$ops" ]; then
    [ -n "$got" ] || die "$1 printed no results (see $out/logs/$1.log)"
    ops=$got
    return
  fi
  [ "$got" != "$ops" ] || return 0
  missing=$(comm -23 <(sort <<<"$ops") <(sort <<<"$got") | paste -sd' ')
  extra=$(comm -13 <(sort <<<"$ops") <(sort <<<"$got") | paste -sd' ')
  die "$1 does not report the operations of the first run:" \
      "${missing:+missing $missing; }${extra:+extra $extra; }see $out/logs/$1.log"
}

for system in pvx xen; do
  for i in $(seq "$reps"); do
    echo "bench: $system run $i/$reps (-icount shift=0) ..." >&2
    bench_run "$system" "$system-icount-$i" "$icount"
  done
done
for i in $(seq "$wall_reps"); do
  for system in pvx xen; do
    echo "bench: $system wall-time run $i/$wall_reps (no icount) ..." >&2
    bench_run "$system" "$system-wall-$i" ""
  done
done

# --- the native floor: the primitives, measured by pvx in ring 0 (hv/domain/floor.c)

echo "bench: native floor (pvx, floor option, -icount shift=0) ..." >&2
floor_log=$out/logs/floor.log
scripts/run.sh --system pvx --boot kernel --hv "$hv_pvx" --guest build/apps/hello/hello.elf \
    --hv-args floor --timeout "$timeout" --qemu-args "$icount" --log "$floor_log" >/dev/null 2>&1 ||
  die "the native-floor run failed (see $floor_log)"
sed -n 's/^floor: \([a-z0-9_]\{1,\}\) \{1,\}\([0-9]\{1,\}\)\r\{0,1\}$/\1 \2/p' "$floor_log" >"$out/floor.txt"
[ -s "$out/floor.txt" ] || die "the native-floor run printed no floor lines (see $floor_log)"

# The primitive behind each operation (operations without one have no floor).
floor_of() {
  case "$1" in
    null_hypercall) echo syscall_sysret ;;
    mmu_update_single|mmu_update_batched_per_pte|update_va_mapping) echo pte_write_invlpg ;;
    new_baseptr_pinned|ctxsw_pinned_0k) echo cr3_load ;;
    cow_fault_copy) echo copy_4k ;;
  esac
}

# --- wall time: the TSC without icount runs at the host's TSC rate -------------

# Prints the host's TSC rate in MHz, measured against CLOCK_MONOTONIC_RAW over
# 200 ms; prints nothing when the host has no constant-rate TSC.
host_tsc_mhz() {
  [ "$(uname -m)" = x86_64 ] && grep -qw constant_tsc /proc/cpuinfo || return 0
  cat >"$out/tsc-mhz.c" <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC_RAW, &t);
    return (uint64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void)
{
    struct timespec wait = { 0, 200000000 };
    uint64_t n0 = now_ns(), t0 = tsc(), n1, t1;

    nanosleep(&wait, NULL);
    t1 = tsc();
    n1 = now_ns();
    printf("%.3f\n", (double)(t1 - t0) * 1000 / (double)(n1 - n0));
    return 0;
}
EOF
  gcc -O2 -o "$out/tsc-mhz" "$out/tsc-mhz.c" && "$out/tsc-mhz"
}
tsc_mhz=""
if [ "$wall_reps" -gt 0 ]; then
  tsc_mhz=$(host_tsc_mhz)
  [ -n "$tsc_mhz" ] || echo "bench: the host has no constant-rate TSC: wall times left empty" >&2
fi

# --- results -------------------------------------------------------------------

# One line per operation and system: op system median agree reps wall_ns spread,
# where agree is 1 when every icount repetition gave the same count (the median
# of an even number of them is the lower middle value), wall_ns is the fastest
# wall-time run and spread the slowest over the fastest ("-" when not measured).
summary=$out/summary.txt
for system in pvx xen; do
  for op in $ops; do
    values=$(for i in $(seq "$reps"); do
               awk -v op="$op" '$1 == op { print $2 }' "$out/runs/$system-icount-$i.txt"
             done | sort -n)
    median=$(echo "$values" | sed -n "$(((reps + 1) / 2))p")
    agree=0
    [ "$(echo "$values" | uniq | wc -l)" = 1 ] && agree=1
    wall="- -"
    if [ -n "$tsc_mhz" ]; then
      wall=$(for i in $(seq "$wall_reps"); do
               awk -v op="$op" '$1 == op { print $2 }' "$out/runs/$system-wall-$i.txt"
             done | sort -n | awk -v mhz="$tsc_mhz" 'NR == 1 { min = $1 } { max = $1 }
               END { printf "%.0f %s", min * 1000 / mhz, min ? sprintf("%.2f", max / min) : "-" }')
    fi
    echo "$op $system $median $agree $reps $wall"
    [ "$agree" = 1 ] ||
      echo "bench: $system $op: the repetitions differ ($(echo "$values" | paste -sd' ')); reporting the median" >&2
  done
done >"$summary"

{
  echo "operation,system,instructions_per_op,wall_ns_per_op,repetitions"
  awk '{ printf "%s,%s,%s,%s,%s\n", $1, $2, $3, ($6 == "-" ? "" : $6), $5 }' "$summary"
  awk '{ printf "%s,floor,%s,,1\n", $1, $2 }' "$out/floor.txt"
} >"$out/results.csv"

# Prints the Markdown table of operations against their native floor.
floor_table() {
  echo "Against the native floor: the primitive each operation cannot do without, measured by the"
  echo "pvx hypervisor in ring 0 before any guest runs (\`floor\` option, \`hv/domain/floor.c\`),"
  echo "in instructions including its loop:"
  echo ""
  echo "| operation | primitive | floor | pvx / floor | Xen / floor |"
  echo "|---|---|---:|---:|---:|"
  while read -r op; do
    prim=$(floor_of "$op")
    [ -n "$prim" ] || continue
    f=$(awk -v p="$prim" '$1 == p { print $2 }' "$out/floor.txt")
    awk -v op="$op" -v prim="$prim" -v f="$f" '
      $1 == op && $2 == "pvx" { p = $3 } $1 == op && $2 == "xen" { x = $3 }
      END { printf "| %s | %s | %s | %.1fx | %.1fx |\n", op, prim, f, p / f, x / f }' "$summary"
  done <<<"$ops"
}

# Prints the Markdown tables (instructions, wall time) and the notes on them.
markdown_tables() {
  awk -v mhz="$tsc_mhz" -v reps="$reps" -v wreps="$wall_reps" '
    { key = $1 SUBSEP $2; ins[key] = $3; agree[key] = $4; wall[key] = $6; spread[key] = $7
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    function ratio(a, b) { return (a == "-" || b == "-" || b == 0) ? "" : sprintf("%.2f", a / b) }
    function mark(op, s) { return agree[op SUBSEP s] ? "" : " *" }
    END {
      print "Instructions per operation (guest + hypervisor, `-icount shift=0`; fewer is better):"
      print ""
      print "| operation | pvx | Xen 4.17 | pvx/Xen ratio |"
      print "|---|---:|---:|---:|"
      differ = 0
      for (i = 1; i <= n; i++) {
        op = order[i]; p = op SUBSEP "pvx"; x = op SUBSEP "xen"
        printf "| %s | %s%s | %s%s | %s |\n", op, ins[p], mark(op, "pvx"), ins[x], mark(op, "xen"),
               ratio(ins[p], ins[x])
        if (!agree[p] || !agree[x]) differ = 1
      }
      print ""
      if (differ)
        print "\\* the " reps " repetitions gave different counts; the median is shown (see results.csv and build/bench/runs/)."
      else if (reps == 1)
        print "One repetition per system: nothing to check their agreement against."
      else
        print "All " reps " repetitions per system gave identical counts."
      print ""
      if (mhz == "") {
        print "Wall time: not measured (" (wreps == 0 ? "no wall-time runs" : "the host has no constant-rate TSC") ")."
        exit
      }
      if (wreps == 1) {
        print "Wall time per operation under TCG without icount, in ns, from a single run per system"
        print "(host TSC " mhz " MHz).  Very noisy: single runs differ by up to 3x (docs/benchmarks.md)."
        print ""
        print "| operation | pvx | Xen 4.17 | pvx/Xen ratio |"
        print "|---|---:|---:|---:|"
      } else {
        print "Wall time per operation under TCG without icount, in ns: the fastest of " wreps " runs per"
        print "system (host TSC " mhz " MHz).  Noisy: such minima typically differ by 10 %"
        print "between runs of make bench, at worst by a third; spread is the slowest run over the fastest:"
        print ""
        print "| operation | pvx | Xen 4.17 | pvx/Xen ratio | pvx spread | Xen spread |"
        print "|---|---:|---:|---:|---:|---:|"
      }
      for (i = 1; i <= n; i++) {
        op = order[i]; p = op SUBSEP "pvx"; x = op SUBSEP "xen"
        printf "| %s | %s | %s | %s |", op, wall[p], wall[x], ratio(wall[p], wall[x])
        printf (wreps == 1 ? "\n" : " %s | %s |\n"), spread[p], spread[x]
      }
    }' "$summary"
}
{ markdown_tables; echo ""; floor_table; } >"$out/results.md"

# --- plot ----------------------------------------------------------------------

# Plots column $1 of the summary into $out/$2.png; $3 title, $4 y label.
# A fourth column holds the operation's native floor (instructions only; "?"
# where it has none, which gnuplot leaves out).
plot() {
  local floors=""
  if [ "$2" = instructions ]; then
    while read -r op; do
      prim=$(floor_of "$op")
      [ -n "$prim" ] && floors+="$op $(awk -v p="$prim" '$1 == p { print $2 }' "$out/floor.txt")"$'\n'
    done <<<"$ops"
  fi
  awk -v c="$1" -v floors="$floors" '
       BEGIN { m = split(floors, l, "\n"); for (k = 1; k <= m; k++) { split(l[k], f, " "); fl[f[1]] = f[2] } }
       $1 ~ /^(fork|destroy)_[a-z_]*[0-9]+m$/ || $1 == "boot_to_main" { next }   # charted apart or off scale
       { v[$1, $2] = $c; if (!($1 in s)) { s[$1] = 1; o[++n] = $1 } }
       END { for (i = 1; i <= n; i++)
               print o[i], v[o[i], "pvx"], v[o[i], "xen"], (o[i] in fl ? fl[o[i]] : "?") }' \
      "$summary" >"$out/$2.dat"
  gnuplot -e "data='$out/$2.dat'; png='$out/$2.png'; what='$3'; unit='$4'" scripts/bench.gp ||
    die "gnuplot failed on scripts/bench.gp"
}

if command -v gnuplot >/dev/null; then
  plot 3 instructions "Instructions per operation under QEMU -icount shift=0 (guest + hypervisor; fewer is better)" \
       "instructions per operation"
  [ -z "$tsc_mhz" ] ||
    plot 6 wall "Wall time per operation under TCG, fastest of $wall_reps runs (noisy: up to +-35 %)" "ns per operation"
  # Fork cost against mapped size: fork_<strategy>_<n>m, one line per strategy and system.
  awk '$1 ~ /^fork_.*_[0-9]+m$/ {
         n = $1; sub(/.*_/, "", n); sub(/m$/, "", n); s = $1; sub(/^fork_/, "", s); sub(/_[0-9]+m$/, "", s)
         v[n, s, $2] = $3; sizes[n] = 1 }
       END { for (n in sizes) { printf "%s", n
               split("per_pte mmu_update multicall late_pin", st, " ")
               for (k = 1; k <= 4; k++) printf " %s", v[n, st[k], "pvx"]
               for (k = 1; k <= 4; k++) printf " %s", v[n, st[k], "xen"]
               print "" } }' "$summary" | sort -n >"$out/fork.dat"
  if [ -s "$out/fork.dat" ]; then
    gnuplot -e "data='$out/fork.dat'; png='$out/fork.png'" scripts/fork.gp ||
      die "gnuplot failed on scripts/fork.gp"
  fi
else
  echo "bench: gnuplot not found, no plot (scripts/deps.sh installs gnuplot-nox)" >&2
fi

# --- what the trace costs when it is off (scripts/trace-cost.sh) -------------------

trace_cost=$(scripts/trace-cost.sh --out "$out" --timeout "$timeout") ||
  die "scripts/trace-cost.sh: ${trace_cost:-failed} (see $out/trace-cost.txt, $out/logs)"

# --- docs/benchmarks.md ------------------------------------------------------------

elapsed=$(($(date +%s) - started))
mkdir -p "$(dirname "$doc")/bench"
for png in instructions fork; do
  [ -f "$out/$png.png" ] && cp "$out/$png.png" "$(dirname "$doc")/bench/$png.png"
done
{
  echo "<!-- bench:begin (written by scripts/bench.sh; edit outside the markers) -->"
  echo "* Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`make bench REPS=$reps WALL_REPS=$wall_reps\`; the runs took ${elapsed} s."
  echo "* $(qemu-system-x86_64 --version | head -n 1), TCG, on $(nproc) host cores."
  echo "* Xen $(cat build/xen/VERSION) (Debian \`xen-hypervisor-4.17-amd64\`)."
  echo "* pvx at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    [ -z "$(git status --porcelain -- hv guest abi apps/bench 2>/dev/null)" ] ||
    echo ', with uncommitted changes in hv/, guest/, abi/ or apps/bench/')."
  echo ""
  markdown_tables
  echo ""
  floor_table
  echo ""
  echo "The hypervisor trace, built in and off, against the same sources built without it"
  echo "(\`scripts/trace-cost.sh\`, [trace.md](trace.md)): $(sed 's/^trace-cost: //; s/; [^;]*)$/)/' <<<"$trace_cost")."
  echo ""
  if [ -f "$out/instructions.png" ]; then
    echo "![Instructions per operation, pvx and Xen 4.17](bench/instructions.png)"
    echo ""
  fi
  if [ -f "$out/fork.png" ]; then
    echo "![Fork-style duplication cost against mapped size, per strategy](bench/fork.png)"
    echo ""
  fi
  echo "The runs, exactly (\`--qemu-args \"\"\` for the wall-time runs):"
  echo ""
  echo '```'
  echo "scripts/run.sh --system pvx --boot kernel --hv $hv_pvx --guest $guest --qemu-args \"$icount\" --timeout $timeout"
  echo "scripts/run.sh --system xen --boot kernel --hv $hv_xen --guest $guest --qemu-args \"$icount\" --timeout $timeout"
  echo '```'
  echo "<!-- bench:end -->"
} >"$out/doc-block.md"

if [ ! -f "$doc" ]; then
  cp "$out/doc-block.md" "$doc"
elif grep -q '^<!-- bench:begin' "$doc" && grep -q '^<!-- bench:end -->' "$doc"; then
  awk -v block="$out/doc-block.md" '
    /^<!-- bench:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
    /^<!-- bench:end -->/ { skip = 0; next }
    !skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
else
  { echo ""; cat "$out/doc-block.md"; } >>"$doc"
  echo "bench: $doc had no bench markers; appended the results at its end" >&2
fi

cat "$out/results.md"
echo "bench: done in ${elapsed} s; $out/results.csv, $out/results.md and $doc written" >&2
