#!/usr/bin/env bash
# Boot a guest ELF on pvx or on Xen 4.17 in QEMU, show the serial output and
# exit with the guest's exit status.
#
#   scripts/run.sh --system pvx|xen --hv <hv.elf|xen.gz> --guest <kernel.elf>
#                  [--boot grub|kernel] [--hv-args "..."] [--guest-args "..."]
#                  [--timeout SECONDS] [--log FILE] [--mem MiB] [--gdb] [--qemu-args "..."]
#
# Exit status: the guest's (or the hypervisor's) status n, 0..127, when it ended
# QEMU through the isa-debug-exit port (QEMU exits with (n << 1) | 1), and above
# that range the script's own: 252 QEMU could not run the image, 253 QEMU ended
# without a status (a reset or triple fault under -no-reboot), 254 the timeout
# expired, 255 a bad command line.  Every run has a timeout.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 255; }
die() { echo "run: $*" >&2; exit 255; }

system=pvx boot=grub hv="" guest="" hv_args="" guest_args="" timeout=60 log="" mem=512 gdb=0 extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --system) system=$2; shift 2 ;;
    --boot) boot=$2; shift 2 ;;
    --hv) hv=$2; shift 2 ;;
    --guest) guest=$2; shift 2 ;;
    --hv-args) hv_args=$2; shift 2 ;;
    --guest-args) guest_args=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --gdb) gdb=1; shift ;;
    --qemu-args) extra=$2; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done
case "$system" in pvx|xen) ;; *) die "--system must be pvx or xen, not '$system'" ;; esac
case "$boot" in grub|kernel) ;; *) die "--boot must be grub or kernel, not '$boot'" ;; esac
[ -f "$hv" ] || die "hypervisor image '$hv' not found"
[ -z "$guest" ] || [ -f "$guest" ] || die "guest image '$guest' not found"
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout takes whole seconds"

# Xen needs its console on COM1 and a bounded dom0; everything else is the caller's.
if [ "$system" = xen ]; then
  hv_args="console=com1 com1=115200,8n1 dom0_mem=128M,max:128M $hv_args"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pvx-run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The boot medium: a GRUB2 rescue ISO (multiboot2 + module2), or qemu -kernel
# with a Multiboot1 ELF32 image and the module on -initrd.
boot_args=()
if [ "$boot" = grub ]; then
  mkdir -p "$work/iso/boot/grub"
  hv_name=hv.elf
  [ "$system" = xen ] && hv_name=xen.gz
  cp "$hv" "$work/iso/boot/$hv_name"
  [ -n "$guest" ] && cp "$guest" "$work/iso/boot/guest.elf"
  {
    echo "set timeout=0"
    echo "set default=0"
    echo "menuentry pvx {"
    echo "  multiboot2 /boot/$hv_name $hv_args"
    [ -n "$guest" ] && echo "  module2 /boot/guest.elf $guest_args"
    echo "  boot"
    echo "}"
  } > "$work/iso/boot/grub/grub.cfg"
  grub-mkrescue -o "$work/boot.iso" "$work/iso" >"$work/grub.log" 2>&1 ||
    { cat "$work/grub.log" >&2; die "grub-mkrescue failed"; }
  boot_args=(-cdrom "$work/boot.iso" -boot d)
else
  kernel="$hv"
  case "$hv" in
    *.gz) gunzip -c "$hv" > "$work/hv"; kernel="$work/hv" ;;
  esac
  if [ "$(od -An -tx1 -j4 -N1 "$kernel" | tr -d ' ')" = 02 ]; then
    # qemu -kernel only takes ELF32: the same image, relabelled.
    objcopy -O elf32-i386 "$kernel" "$work/hv32.elf"
    kernel="$work/hv32.elf"
  fi
  boot_args=(-kernel "$kernel" -append "$hv_args")
  [ -n "$guest" ] && boot_args+=(-initrd "$guest $guest_args")
fi

accel=tcg
grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ] && accel=kvm
qemu=(qemu-system-x86_64 -machine pc,accel=$accel -cpu max -m "$mem" -smp 1
      -display none -monitor none -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${boot_args[@]}")
# shellcheck disable=SC2206
[ -n "$extra" ] && qemu+=($extra)

if [ "$gdb" = 1 ]; then
  "${qemu[@]}" -serial file:"$work/serial.log" -s -S &
  syms=(-ex "file $hv")
  [ "$system" = pvx ] && [ -n "$guest" ] && syms+=(-ex "add-symbol-file $guest")
  echo "run: QEMU halted, gdb stub on :1234; serial output goes to $work/serial.log"
  echo "run: use hardware breakpoints (hbreak hv_main, hbreak main): paging is off at the start"
  gdb -q "${syms[@]}" -ex "target remote :1234"
  kill %1 2>/dev/null || true
  exit 0
fi

set +e
# scripts/boot-time.sh measures from this moment (QEMU start, after the ISO is made).
[ -n "${PVX_QEMU_START_FILE:-}" ] && date +%s%N > "$PVX_QEMU_START_FILE"
timeout --foreground "$timeout" "${qemu[@]}" -serial stdio </dev/null 2>"$work/qemu.err" |
  tee "${log:-/dev/null}"
rc=${PIPESTATUS[0]}
set -e
cat "$work/qemu.err" >&2
if [ "$rc" = 124 ]; then
  echo "run: timed out after ${timeout}s" >&2; exit 254
fi
# QEMU's own failures exit 1, like a guest's exit(0): tell them apart by its message.
if grep -v ': warning:' "$work/qemu.err" | grep -q '^qemu-system'; then
  echo "run: QEMU could not run the image" >&2; exit 252
fi

if [ $((rc & 1)) = 1 ]; then
  exit $(((rc - 1) / 2))
elif [ "$rc" = 0 ]; then
  echo "run: QEMU ended without an exit status (reset or triple fault?)" >&2; exit 253
fi
echo "run: QEMU failed with status $rc" >&2
exit 252
