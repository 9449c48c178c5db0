#!/usr/bin/env bash
# Fetch Debian's Xen 4.17 hypervisor without installing it.
# Usage: scripts/xen.sh <outdir>
#
# Leaves <outdir>/xen.gz (for GRUB's multiboot2), <outdir>/xen (gunzipped, for
# qemu -kernel) and <outdir>/VERSION (the Debian package version).  The package
# is taken with `apt-get download` and unpacked with dpkg-deb into a temporary
# directory, so the machine's own /boot and GRUB configuration stay untouched.
# Idempotent: does nothing when all three files are already there.
set -euo pipefail

pkg=xen-hypervisor-4.17-amd64
out=${1:?usage: scripts/xen.sh <outdir>}

if [ -s "$out/xen.gz" ] && [ -s "$out/xen" ] && [ -s "$out/VERSION" ]; then
  exit 0
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "xen: fetching $pkg into $out"
cd "$tmp"
if ! apt-get download -q "$pkg" >download.log 2>&1; then
  # The package lists may be stale or absent; refresh them once and retry.
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  apt-get download -q "$pkg" >download.log 2>&1 || { cat download.log >&2; exit 1; }
fi

deb=$(ls ./*.deb)
dpkg-deb -x "$deb" root
gz=$(ls root/boot/xen-4.17-amd64.gz 2>/dev/null || ls root/boot/xen-*.gz | head -n 1)
[ -f "$gz" ] || { echo "xen: no /boot/xen-*.gz in $deb" >&2; exit 1; }

cp "$gz" "$out/xen.gz"
gunzip -c "$gz" >"$out/xen"
dpkg-deb -f "$deb" Version >"$out/VERSION"
echo "xen: $(cat "$out/VERSION") ready"
