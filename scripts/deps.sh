#!/usr/bin/env bash
# Install the Debian packages pvx needs, only those that are missing.
# Usage: scripts/deps.sh            (idempotent; prints nothing when all is there)
# Xen 4.17 is not installed: scripts/xen.sh unpacks its .deb into build/ instead,
# so the machine's own boot configuration is left alone.
set -euo pipefail

pkgs=(qemu-system-x86 grub-pc-bin grub-common xorriso mtools newlib-source
      libcmocka-dev gnuplot-nox graphviz python3 xz-utils gcc make binutils gdb)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
