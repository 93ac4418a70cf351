# Shared compile settings and helpers for targets.

set(WMS_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 -Wvla
  -Wundef -Wcast-qual -Wwrite-strings -Wnull-dereference
  -Wimplicit-fallthrough)

set(WMS_SANITIZE)
if(WMS_ASAN)
  list(APPEND WMS_SANITIZE address)
endif()
if(WMS_UBSAN)
  list(APPEND WMS_SANITIZE undefined)
endif()
if(WMS_TSAN)
  list(APPEND WMS_SANITIZE thread)
endif()
list(JOIN WMS_SANITIZE "," WMS_SANITIZE_LIST)

# wms_target_defaults(TARGET): warnings, sanitizers, feature macros.
function(wms_target_defaults tgt)
  target_compile_options(${tgt} PRIVATE ${WMS_WARNINGS})
  if(WMS_WERROR)
    target_compile_options(${tgt} PRIVATE -Werror)
  endif()
  target_compile_definitions(${tgt} PRIVATE _GNU_SOURCE)
  if(WMS_SANITIZE_LIST)
    target_compile_options(${tgt} PRIVATE -fsanitize=${WMS_SANITIZE_LIST}
                           -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${tgt} PRIVATE -fsanitize=${WMS_SANITIZE_LIST})
  endif()
endfunction()

# wms_add_module(NAME SOURCES ... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# A module is a static library wms_NAME; it links only what it names.
function(wms_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(wms_${name} STATIC ${M_SOURCES})
  target_include_directories(wms_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                             PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(wms_${name} PUBLIC ${M_PUBLIC_LIBS} PRIVATE ${M_PRIVATE_LIBS})
  wms_target_defaults(wms_${name})
endfunction()

# wms_add_program(NAME SOURCES ... LIBS ...)
function(wms_add_program name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES})
  target_link_libraries(${name} PRIVATE ${P_LIBS})
  wms_target_defaults(${name})
  install(TARGETS ${name} RUNTIME DESTINATION bin)
endfunction()

# wms_add_test(NAME SOURCES ... LIBS ... [LABELS ...] [TIMEOUT s] [ENV k=v ...])
# A cmocka runner registered with CTest.
function(wms_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
  wms_target_defaults(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
  if(T_ENV)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${T_ENV}")
  endif()
endfunction()

# wms_add_fuzz(NAME SOURCE LIBS ... CORPUS dir)
# With WMS_FUZZ: a libFuzzer binary fuzz_NAME.  Always: a regression test
# that replays the committed corpus (crashes found become inputs there).
function(wms_add_fuzz name)
  cmake_parse_arguments(F "" "SOURCE;CORPUS" "LIBS" ${ARGN})
  if(WMS_FUZZ)
    add_executable(fuzz_${name} ${F_SOURCE})
    target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS})
    wms_target_defaults(fuzz_${name})
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  endif()
  add_executable(fuzzreplay_${name} ${F_SOURCE} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_link_libraries(fuzzreplay_${name} PRIVATE ${F_LIBS})
  wms_target_defaults(fuzzreplay_${name})
  add_test(NAME fuzzreplay_${name} COMMAND fuzzreplay_${name} ${F_CORPUS})
  set_tests_properties(fuzzreplay_${name} PROPERTIES LABELS "fuzz" TIMEOUT 300)
endfunction()
