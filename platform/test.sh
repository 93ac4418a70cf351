#!/usr/bin/env bash
# platform/test.sh -- install what is missing, then build and run every test:
#   1. formatting (clang-format --dry-run -Werror)
#   2. the full suite, warnings as errors              (build/ci)
#   3. the full suite again under ASan + UBSan         (build/asan)
#   4. every fuzz target for WMS_FUZZ_SECONDS (default 20) under ASan+UBSan
#   5. wms_core and its tests cross-built for aarch64, run under qemu
# Prints CTest's summary per stage; exits non-zero when anything failed.
# WMS_TEST_STAGES="format ci asan fuzz aarch64" picks stages (all by default).
set -uo pipefail
cd "$(dirname "$0")/.."
. platform/deps.sh
wms_deps test || exit 1

jobs="$(nproc)"
stages="${WMS_TEST_STAGES:-format ci asan fuzz aarch64}"
failed=()
declare -A took

run_stage() {
  local name="$1"
  shift
  case " $stages " in *" $name "*) ;; *) return 0 ;; esac
  echo
  echo "=== stage $name ==="
  local t0=$SECONDS
  if "$@"; then
    echo "=== stage $name: passed ($((SECONDS - t0)) s) ==="
  else
    echo "=== stage $name: FAILED ($((SECONDS - t0)) s) ==="
    failed+=("$name")
  fi
  took[$name]=$((SECONDS - t0))
}

stage_format() {
  local files
  mapfile -t files < <(git ls-files '*.c' '*.h')
  clang-format --dry-run -Werror "${files[@]}"
}

# CTest counts a skipped test (exit 77) as not failed.  Here everything the tests need
# was installed above (PostgreSQL, PgBouncer, Xvfb, zint), so a skip means something broke;
# only a test of what this machine cannot offer may skip: /dev/uinput in containers.
ctest_dir() {
  local log rc t
  log="$(mktemp)"
  ctest --test-dir "$1" --output-on-failure -j "$jobs" --timeout 900 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  for t in $(sed -nE 's/^[[:space:]]*[0-9]+ - ([^ ]+) \(Skipped\)$/\1/p' "$log"); do
    if [ "$t" = test_scan_uinput ] && [ ! -w /dev/uinput ]; then
      echo "note: $t skipped: this machine has no writable /dev/uinput"
    else
      echo "FAILED: $t was skipped, but what it needs was installed: a skip is not a pass"
      rc=1
    fi
  done
  rm -f "$log"
  return "$rc"
}

stage_ci() {
  cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWMS_WERROR=ON >/dev/null &&
    cmake --build build/ci -j "$jobs" && ctest_dir build/ci
}

stage_asan() {
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWMS_WERROR=ON \
    -DWMS_ASAN=ON -DWMS_UBSAN=ON >/dev/null &&
    cmake --build build/asan -j "$jobs" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest_dir build/asan
}

stage_fuzz() {
  platform/fuzz.sh "${WMS_FUZZ_SECONDS:-20}"
}

stage_aarch64() {
  platform/cross-test.sh aarch64
}

run_stage format stage_format
run_stage ci stage_ci
run_stage asan stage_asan
run_stage fuzz stage_fuzz
run_stage aarch64 stage_aarch64

echo
echo "=== summary ==="
for s in $stages; do
  printf '  %-8s %4s s\n' "$s" "${took[$s]:-0}"
done
if [ "${#failed[@]}" -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all stages passed"
