# Shared part of the cross toolchain files.  Expects WMS_TRIPLE and
# CMAKE_SYSTEM_PROCESSOR to be set by the including file.
#
# Environment:
#   WMS_SYSROOT   a sysroot with the target's -dev packages (see
#                 platform/make-sysroot.sh); without it only the cross
#                 compiler's own libc is available.
#   WMS_QEMU      emulator to run target binaries (default: qemu-<arch>-static
#                 or qemu-<arch> from PATH); CTest uses it for the tests.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${WMS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${WMS_TRIPLE}-g++)

set(WMS_SYSROOT "$ENV{WMS_SYSROOT}" CACHE PATH "Target sysroot")
if(WMS_SYSROOT)
  set(CMAKE_SYSROOT "${WMS_SYSROOT}")
  set(CMAKE_FIND_ROOT_PATH "${WMS_SYSROOT}")
  # pkg-config must read the target's .pc files and prefix their paths
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "${WMS_SYSROOT}")
  set(ENV{PKG_CONFIG_LIBDIR}
      "${WMS_SYSROOT}/usr/lib/${WMS_TRIPLE}/pkgconfig:${WMS_SYSROOT}/usr/share/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "")
  # the sysroot comes from extracted .debs: no ld.so.cache, so tell the
  # linker where the multiarch libraries live for indirect dependencies
  set(CMAKE_EXE_LINKER_FLAGS_INIT
      "-Wl,-rpath-link,${WMS_SYSROOT}/usr/lib/${WMS_TRIPLE}:${WMS_SYSROOT}/lib/${WMS_TRIPLE}")
else()
  set(CMAKE_FIND_ROOT_PATH "/usr/${WMS_TRIPLE}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Run cross-built programs (tests, try_run) under qemu-user.
if(DEFINED ENV{WMS_QEMU})
  set(WMS_QEMU "$ENV{WMS_QEMU}" CACHE FILEPATH "Emulator for target binaries")
else()
  find_program(WMS_QEMU NAMES qemu-${WMS_QEMU_ARCH}-static qemu-${WMS_QEMU_ARCH}
               NO_CMAKE_FIND_ROOT_PATH)
endif()
set(_wms_qemu "${WMS_QEMU}")
if(_wms_qemu)
  if(WMS_SYSROOT)
    set(_wms_ld_root "${WMS_SYSROOT}")
  else()
    set(_wms_ld_root "/usr/${WMS_TRIPLE}")
  endif()
  set(CMAKE_CROSSCOMPILING_EMULATOR "${_wms_qemu};-L;${_wms_ld_root};-E;LD_LIBRARY_PATH=${_wms_ld_root}/usr/lib/${WMS_TRIPLE}:${_wms_ld_root}/lib/${WMS_TRIPLE}:${_wms_ld_root}/lib")
endif()
