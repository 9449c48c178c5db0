#!/usr/bin/env bash
# Build newlib once for the pvx guest, from Debian's newlib-source tarball.
# Usage: scripts/newlib.sh [prefix]        (default prefix: build/newlib)
#
# Result: <prefix>/x86_64-elf/include and <prefix>/x86_64-elf/lib/{libc,libm}.a.
# A stamp file holding the configuration is left in <prefix>; a second run with the
# same configuration only touches it (so make sees it up to date).  The build log is <prefix>/build.log, printed
# (its tail) when the build fails.
#
# Code model: -mcmodel=kernel.  Its absolute relocations (R_X86_64_32S) are
# sign-extended 32-bit values, so they reach both the top 2 GiB (the normal guest,
# linked at 0xffffffff80000000) and the bottom 2 GiB (test images linked at 0);
# the linker checks every relocation, so an image that does not fit fails to link
# instead of misbehaving.  One newlib therefore serves both kinds of image.
set -euo pipefail

prefix=${1:-build/newlib}
tarball=/usr/src/newlib/newlib-3.3.0.tar.xz
target=x86_64-elf
gcc_include=$(gcc -print-file-name=include)

cflags="-O2 -g -mcmodel=kernel -mno-red-zone -ffreestanding -fno-pic -fno-pie"
cflags+=" -fno-stack-protector -nostdinc -isystem $gcc_include -UMISSING_SYSCALL_NAMES"
confargs=(--target=$target --disable-multilib --enable-newlib-io-long-long
          --enable-newlib-io-c99-formats --disable-newlib-supplied-syscalls --disable-nls)

stamp=$prefix/.stamp
config="$tarball ${confargs[*]} $cflags"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$config" ]; then
  touch "$stamp"
  exit 0
fi

[ -f "$tarball" ] || { echo "newlib: $tarball missing (run scripts/deps.sh)" >&2; exit 1; }

mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
work=$prefix/work
log=$prefix/build.log
rm -rf "$work" "$prefix/$target" "$stamp"
mkdir -p "$work/obj"
echo "newlib: building into $prefix (about a minute; log in $log)"

# Run the whole build with its output in the log; on failure show the end of it.
build() {
  tar -xJf "$tarball" -C "$work"
  cd "$work/obj"
  ../newlib-salsa/configure --prefix="$prefix" "${confargs[@]}" \
    CC_FOR_TARGET=gcc AS_FOR_TARGET=as LD_FOR_TARGET=ld AR_FOR_TARGET=ar \
    RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm OBJCOPY_FOR_TARGET=objcopy \
    OBJDUMP_FOR_TARGET=objdump STRIP_FOR_TARGET=strip READELF_FOR_TARGET=readelf \
    CFLAGS_FOR_TARGET="$cflags"
  make -j2 all-target-newlib
  make install-target-newlib
}
if ! (build) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "newlib: build failed, full log in $log" >&2
  exit 1
fi

rm -rf "$work"
echo "$config" >"$stamp"
