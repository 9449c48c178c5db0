#!/usr/bin/env bash
# The test runner behind `make test`: the host unit tests (UNIT_TESTS from the
# environment), the trace viewer on a saved log, what the trace costs when it
# is off, then every boot case of tests/boot/cases on pvx and Xen 4.17.
#
#   tests/run.sh [--system pvx|xen] [name-regex]
#
# Prints one line per result ("PASS name" / "FAIL name: why"), keeps every
# serial log under build/tests/logs/, and ends with "N passed, N failed".
# Exits non-zero if anything failed.  Every QEMU run has a timeout.
set -uo pipefail

cd "$(dirname "$0")/.."
BUILD=build
LOGS=$BUILD/tests/logs
TIMEOUT=${TIMEOUT:-60}
only_system="" filter="."
while [ $# -gt 0 ]; do
  case "$1" in
    --system) only_system=$2; shift 2 ;;
    *) filter=$1; shift ;;
  esac
done
mkdir -p "$LOGS"
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# Runs one cmocka binary and adds its case counts.
run_unit() {
  local bin=$1 name log out p f
  name=unit/$(basename "$bin")
  log=$LOGS/$(basename "$bin").log
  "$bin" >"$log" 2>&1
  out=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$out" -ne 0 ] || [ -z "$p" ]; then
    [ -n "$f" ] || failed=$((failed + 1))
    echo "FAIL $name: exit $out, ${f:-?} failed (log: $log)"
    grep -E '^\[  FAILED  \]|^\[  ERROR   \]' "$log" | head -5
  else
    echo "PASS $name (${p} cases)"
  fi
}

# Prints the path of the guest image for an image spec; builds bad:<kind>.
image_path() {
  case "$1" in
    app:*) echo "$BUILD/apps/${1#app:}/${1#app:}.elf" ;;
    test:*) echo "$BUILD/tests/guest/${1#test:}/${1#test:}.elf" ;;
    low:hello) echo "$BUILD/tests/hello-low/hello.elf" ;;
    bad:*)
      local out=$BUILD/tests/bad/${1#bad:}.elf
      mkdir -p "$BUILD/tests/bad"
      "$BUILD/tests/elf_mutate" "$BUILD/apps/hello/hello.elf" "$out" "${1#bad:}" || return 1
      echo "$out" ;;
    none) echo "" ;;
    *) return 1 ;;
  esac
}

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; echo "${s%"${s##*[![:space:]]}"}"; }

# Runs one boot case and checks its status, its output line, and the
# "ok"/"not ok" lines an in-guest test prints.
run_case() {
  local name=$1 system=$2 boot=$3 image=$4 hv_args=$5 guest_args=$6 status=$7 regex=$8 runner=$9
  local guest hv log rc ok notok
  local -a extra
  eval "extra=($runner)"      # the case's own run.sh options, shell-quoted
  guest=$(image_path "$image") || { fail "$name" "bad image spec '$image'"; return; }
  hv=$BUILD/hv/hv.elf
  [ "$system" = xen ] && hv=$BUILD/xen/xen.gz
  log=$LOGS/$name.log
  scripts/run.sh --system "$system" --boot "$boot" --hv "$hv" ${guest:+--guest "$guest"} \
    --hv-args "$hv_args" --guest-args "$guest_args" --timeout "$TIMEOUT" "${extra[@]}" >"$log" 2>&1 </dev/null
  rc=$?
  ok=$(grep -c '^ok ' "$log")
  notok=$(grep -c '^not ok ' "$log")
  passed=$((passed + ok))
  failed=$((failed + notok))
  grep '^not ok ' "$log" | sed "s/^/  $name: /"
  if [ "$rc" != "$status" ]; then
    fail "$name" "exit status $rc, want $status (log: $log)"
    tail -3 "$log" | sed 's/^/  | /'
  elif [ -n "$regex" ] && ! grep -qE -- "$regex" "$log"; then
    fail "$name" "no line matching '$regex' (log: $log)"
  else
    if [ "$ok" -gt 0 ]; then pass "$name ($ok in-guest cases)"; else pass "$name"; fi
  fi
}

# scripts/trace-view.py on a saved log (tests/trace/sample.log): the timeline,
# both tree pictures (PNG files) and the summary with the steps appear; a log
# without trace records is refused with status 1 and a message.
run_viewer_check() {
  local out=$BUILD/tests/trace-view log=$LOGS/trace-view.log f
  rm -rf "$out"
  if ! python3 scripts/trace-view.py tests/trace/sample.log --out "$out" >"$log" 2>&1; then
    fail trace-view "the viewer failed (log: $log)"; return
  fi
  for f in timeline.png tree-1.png tree-2.png; do
    if [ "$(head -c 4 "$out/$f" 2>/dev/null | od -An -tx1 | tr -d ' ')" != 89504e47 ]; then
      fail trace-view "$out/$f is not a PNG"; return
    fi
  done
  if ! grep -q '^  1: hello starts' "$out/summary.txt" ||
     ! grep -qE '^  hc +mmu_update +[1-9]' "$out/summary.txt" ||
     ! grep -q '^  tree-2.png: end root 0x[0-9a-f]*, 74 tables, after step 2' "$out/summary.txt"; then
    fail trace-view "$out/summary.txt lacks the steps, the hypercalls or the trees"; return
  fi
  if python3 scripts/trace-view.py tests/boot/cases --out "$out/none" >>"$log" 2>&1 ||
     ! grep -q '^trace-view: no trace records in tests/boot/cases' "$log"; then
    fail trace-view "a log without records was not refused (log: $log)"; return
  fi
  pass trace-view
}

# What the trace costs when it is off (scripts/trace-cost.sh): no operation
# of apps/bench may take more instructions on build/hv/hv.elf than on the
# same hypervisor built without the trace; that one refuses trace= (71).
run_trace_cost_check() {
  local out=$BUILD/tests/trace-cost log=$LOGS/trace-cost.log rc=0
  scripts/trace-cost.sh --out "$out" --timeout "$TIMEOUT" >"$log" 2>&1 || rc=$?
  if [ "$rc" != 0 ] || ! grep -q '^trace-cost: [1-9][0-9]* operations, none dearer' "$log"; then
    fail trace-cost "$(grep '^trace-cost: ' "$log" | tail -1) (log: $log)"; return
  fi
  rc=0
  scripts/run.sh --system pvx --boot kernel --hv "$BUILD/hv-notrace/hv.elf" \
      --guest "$BUILD/apps/hello/hello.elf" --hv-args trace=all --timeout "$TIMEOUT" \
      --log "$LOGS/trace-notrace.log" >/dev/null 2>&1 || rc=$?
  if [ "$rc" != 71 ] ||
     ! grep -q 'pvx: panic: trace=: this hypervisor was built without the trace' "$LOGS/trace-notrace.log"; then
    fail trace-cost "the hypervisor without the trace took trace=all: status $rc (log: $LOGS/trace-notrace.log)"
    return
  fi
  pass trace-cost
}

# The trace's table of calls to redirect (scripts/trace-calls.sh): as built it
# has entries and trace=type uses them; an entry that no longer points at its
# function (here: its callee's address changed) stops the boot with status 71
# and a message when trace=type needs it, and is harmless without trace=.
run_trace_calls_check() {
  local dir=$BUILD/tests/trace-calls log=$LOGS/trace-calls.log rc=0
  rm -rf "$dir" && mkdir -p "$dir"
  objcopy -O binary --only-section=.trace_calls "$BUILD/hv/hv.elf" "$dir/table" 2>"$log"
  if [ "$(head -c 8 "$dir/table" | od -An -tx8 | tr -d ' ')" = 0000000000000000 ]; then
    fail trace-calls "the table in $BUILD/hv/hv.elf is empty"; return
  fi
  printf '\x01' | dd of="$dir/table" bs=1 seek=8 conv=notrunc status=none
  cp "$BUILD/hv/hv.elf" "$dir/hv.elf"
  objcopy --update-section .trace_calls="$dir/table" "$dir/hv.elf" 2>>"$log"
  scripts/run.sh --system pvx --boot kernel --hv "$dir/hv.elf" --guest "$BUILD/apps/hello/hello.elf" \
      --hv-args trace=type --timeout "$TIMEOUT" --log "$dir/type.log" >/dev/null 2>&1 || rc=$?
  if [ "$rc" != 71 ] || ! grep -q 'pvx: panic: trace: the call table does not match the text at 0x' "$dir/type.log"; then
    fail trace-calls "a wrong entry with trace=type: status $rc (log: $dir/type.log)"; return
  fi
  rc=0
  scripts/run.sh --system pvx --boot kernel --hv "$dir/hv.elf" --guest "$BUILD/apps/hello/hello.elf" \
      --timeout "$TIMEOUT" --log "$dir/off.log" >/dev/null 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    fail trace-calls "a wrong entry without trace=: status $rc (log: $dir/off.log)"; return
  fi
  pass trace-calls
}

for bin in ${UNIT_TESTS:-}; do
  echo "$bin" | grep -qE -- "$filter" && run_unit "$bin"
done

[ "$only_system" != xen ] && echo trace-view | grep -qE -- "$filter" && run_viewer_check
[ "$only_system" != xen ] && echo trace-cost | grep -qE -- "$filter" && run_trace_cost_check
[ "$only_system" != xen ] && echo trace-calls | grep -qE -- "$filter" && run_trace_calls_check

while IFS='|' read -r name system boot image hv_args guest_args status regex runner; do
  name=$(trim "$name")
  case "$name" in ''|'#'*) continue ;; esac
  system=$(trim "$system")
  [ -n "$only_system" ] && [ "$system" != "$only_system" ] && continue
  echo "$name" | grep -qE -- "$filter" || continue
  run_case "$name" "$system" "$(trim "$boot")" "$(trim "$image")" "$(trim "$hv_args")" \
    "$(trim "$guest_args")" "$(trim "$status")" "$(trim "$regex")" "$(trim "$runner")"
done < tests/boot/cases

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
