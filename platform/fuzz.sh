#!/usr/bin/env bash
# platform/fuzz.sh -- build the libFuzzer targets with clang (ASan + UBSan)
# and run each for a bounded time, seeded from tests/fuzz/corpus/<target>.
#   platform/fuzz.sh [SECONDS_PER_TARGET]    (default 30)
# New interesting inputs go to build/fuzz/corpus-new/<target>; a crash fails
# the run and its input is kept in build/fuzz/crashes/<target>: add it to
# tests/fuzz/corpus/<target>/ so that it becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
build=build/fuzz
# The libraries are built with coverage feedback (fuzzer-no-link) and
# ASan + UBSan as well, not only the fuzz_* mains: otherwise libFuzzer
# cannot see which branches of the parsers an input reached, and ASan misses
# bad accesses inside them.
CC=clang cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" \
  -DWMS_ASAN=ON -DWMS_UBSAN=ON -DWMS_FUZZ=ON -DBUILD_TESTING=ON >/dev/null
targets=$(cmake --build "$build" --target help | sed -n 's/^\(fuzz_[a-z0-9_]*\):.*/\1/p' | sort -u)
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz targets" >&2
  exit 1
fi
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets
rc=0
for t in $targets; do
  name="${t#fuzz_}"
  seed="tests/fuzz/corpus/$name"
  new="$build/corpus-new/$name"
  crashes="$build/crashes/$name"
  mkdir -p "$new" "$crashes"
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
  echo "fuzz: $name for ${secs}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${dict[@]}" "$new" "$seed" >"$build/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; input(s) in $crashes:" >&2
    ls "$crashes" >&2
    tail -n 60 "$build/$name.log" >&2
    rc=1
  else
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$build/$name.log" | tr '\n' ' '
    echo
  fi
done
exit $rc
