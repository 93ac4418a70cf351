# Cross build for 32-bit Raspberry Pi OS / Debian armhf (Pi 2 and later).
#   WMS_SYSROOT=$PWD/out/sysroot-armhf cmake -B build/armhf \
#     -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(WMS_TRIPLE arm-linux-gnueabihf)
set(WMS_QEMU_ARCH arm)
include(${CMAKE_CURRENT_LIST_DIR}/wms-cross-common.cmake)
