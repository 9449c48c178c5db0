#!/usr/bin/env bash
# Wall time from QEMU start to the guest's first line, for each boot path.
#
#   scripts/boot-time.sh [repetitions]      (default 5)
#
# Boots build/apps/hello/hello.elf on pvx and on Xen 4.17, through GRUB2 and
# through qemu -kernel, and prints the median milliseconds until the line
# "hello from pvx guest" appears on the serial console.  Wall time under TCG
# depends on the host; the instruction counts in docs/benchmarks.md do not.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
guest=build/apps/hello/hello.elf

stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
export PVX_QEMU_START_FILE=$stamp

# Prints the milliseconds from QEMU's start (written by run.sh) to the greeting.
first_line_ms() {
  local now line
  while IFS= read -r line; do
    if [[ "$line" == *"hello from pvx guest"* ]]; then
      now=$(date +%s%N)
      echo $(((now - $(cat "$stamp")) / 1000000))
      cat >/dev/null
      return
    fi
  done
  echo "boot-time: the guest never printed its first line" >&2
  return 1
}

printf '%-6s %-7s %s\n' system boot "ms to first line (median of $reps)"
for system in pvx xen; do
  hv=build/hv/hv.elf
  [ "$system" = xen ] && hv=build/xen/xen.gz
  for boot in grub kernel; do
    times=()
    for _ in $(seq "$reps"); do
      times+=("$(scripts/run.sh --system "$system" --boot "$boot" --hv "$hv" --guest "$guest" \
                 --timeout 60 2>/dev/null | first_line_ms)")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((reps + 1) / 2))p")
    printf '%-6s %-7s %s\n' "$system" "$boot" "$median"
  done
done
