#!/usr/bin/env bash
# platform/cross-test.sh -- cross-build wms_core and its unit tests for a Pi
# and run them under qemu-user through CTest.
#   platform/cross-test.sh aarch64|armhf
# Needs crossbuild-essential-<arch>, qemu-user-static and mmdebstrap (a small
# sysroot with cmocka, jansson and inih is made under out/).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-aarch64}"
case "$target" in
  aarch64) arch=arm64; tc=toolchains/aarch64-linux-gnu.cmake ;;
  armhf) arch=armhf; tc=toolchains/arm-linux-gnueabihf.cmake ;;
  *) echo "usage: $0 aarch64|armhf" >&2; exit 2 ;;
esac
sysroot="$PWD/out/sysroot-$arch-core"
platform/make-sysroot.sh --arch "$arch" --set core "$sysroot"
build="build/cross-$target"
WMS_SYSROOT="$sysroot" cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$tc" \
  -DWMS_SYSROOT="$sysroot" -DWMS_CORE_ONLY=ON -DWMS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
file "$build/tests/core/test_core_basic" | grep -q -i "$( [ "$target" = aarch64 ] && echo aarch64 || echo ARM)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 600
