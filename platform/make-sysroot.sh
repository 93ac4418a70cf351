#!/usr/bin/env bash
# platform/make-sysroot.sh -- build a target sysroot with the project's -dev
# packages, for cross builds (toolchains/*.cmake read it from WMS_SYSROOT).
#
#   platform/make-sysroot.sh [--arch arm64|armhf] [--set core|full] [--suite S] DIR
#
# Uses mmdebstrap's "extract" variant: the packages and their dependencies are
# downloaded from the host's own apt sources and unpacked into DIR; no
# maintainer scripts run, so no emulator and no chroot are needed, and nothing
# is installed on the host.  (Multiarch ":arm64" -dev packages do not
# co-install with the host's amd64 ones when the two architectures' versions
# skew; a separate sysroot avoids that.)  Re-running with the same arguments
# reuses DIR when it is complete.
#   --set core   libc, cmocka, jansson, inih: enough for wms_core and its tests
#   --set full   everything the three programs link (default)
set -euo pipefail

arch=arm64
set_name=full
suite=""
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    --set) set_name="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "make-sysroot: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--arch A] [--set core|full] DIR" >&2; exit 2; }
dir="$1"

core_pkgs=(libc6-dev libcmocka-dev libjansson-dev libinih-dev)
full_pkgs=("${core_pkgs[@]}" libsqlite3-dev libpq-dev libcurl4-openssl-dev libmicrohttpd-dev
  libsdl2-dev libsdl2-ttf-dev libzbar-dev libpng-dev libzint-dev)
case "$set_name" in
  core) pkgs=("${core_pkgs[@]}") ;;
  full) pkgs=("${full_pkgs[@]}") ;;
  *) echo "make-sysroot: --set core|full" >&2; exit 2 ;;
esac

if [ -z "$suite" ]; then
  # the host's release (bookworm on Debian 12 and Raspberry Pi OS 12)
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
fi

stamp="$dir/.wms-sysroot"
want="$arch $set_name $suite ${pkgs[*]}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "make-sysroot: $dir is up to date"
  exit 0
fi

# The host's own apt sources, deb822 or one-line format.
sources=()
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
  [ -s "$f" ] && sources+=("$f")
done
[ "${#sources[@]}" -gt 0 ] || { echo "make-sysroot: no apt sources on this host" >&2; exit 1; }

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
rm -rf "$dir.tmp"
mkdir -p "$(dirname "$dir")"
include="$(IFS=,; echo "${pkgs[*]}")"
"${sudo[@]}" mmdebstrap --quiet --variant=extract --architectures="$arch" \
  --include="$include" "$suite" "$dir.tmp" "${sources[@]}"
if [ "${#sudo[@]}" -gt 0 ]; then
  "${sudo[@]}" chown -R "$(id -u):$(id -g)" "$dir.tmp"
fi
# Absolute symlinks inside the sysroot (e.g. libfoo.so -> /lib/...) must point
# into the sysroot for the cross linker.
find "$dir.tmp" -type l -lname '/*' | while read -r link; do
  target="$(readlink "$link")"
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir.tmp$target")" "$link"
done
rm -rf "$dir"
mv "$dir.tmp" "$dir"
echo "$want" > "$stamp"
echo "make-sysroot: $dir ready ($(du -sh "$dir" | cut -f1))"
