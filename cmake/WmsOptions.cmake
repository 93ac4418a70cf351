# Build options.  CI turns WMS_WERROR on and builds once more with
# WMS_ASAN + WMS_UBSAN; WMS_FUZZ needs clang (libFuzzer).
option(WMS_WERROR "Treat warnings as errors" OFF)
option(WMS_ASAN "Build with AddressSanitizer" OFF)
option(WMS_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(WMS_TSAN "Build with ThreadSanitizer" OFF)
option(WMS_FUZZ "Build libFuzzer targets (clang only)" OFF)
option(WMS_CORE_ONLY "Build only wms_core and its tests (cross CI)" OFF)

if(WMS_TSAN AND WMS_ASAN)
  message(FATAL_ERROR "WMS_TSAN and WMS_ASAN cannot be combined")
endif()
if(WMS_FUZZ AND NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "WMS_FUZZ needs clang: -DCMAKE_C_COMPILER=clang")
endif()
