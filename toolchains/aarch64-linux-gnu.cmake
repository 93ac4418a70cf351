# Cross build for 64-bit Raspberry Pi OS / Debian arm64.
#   WMS_SYSROOT=$PWD/out/sysroot-arm64 cmake --preset aarch64
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(WMS_TRIPLE aarch64-linux-gnu)
set(WMS_QEMU_ARCH aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/wms-cross-common.cmake)
