#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/fuzz_*.c, clang), replays its corpus (fuzz/corpus/<name>/,
# which includes every past finding), then fuzzes each for a few seconds more. A target passes when
# nothing crashes. FUZZ_SECONDS (default 5) sets the extra fuzzing per target.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds="${FUZZ_SECONDS:-5}"
if ! make --no-print-directory fuzz >build/fuzz-build.log 2>&1; then
  tail -n 40 build/fuzz-build.log
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
pass=0; fail=0
for src in fuzz/fuzz_*.c; do
  name="$(basename "$src" .c)"
  target="build/fuzz-asan/fuzz/$name"
  corpus="fuzz/corpus/${name#fuzz_}"
  mkdir -p "$corpus"
  work="$(mktemp -d)"
  if "$target" -runs=0 "$corpus" >"$work/replay.log" 2>&1 &&
     "$target" -max_total_time="$seconds" -rss_limit_mb=2048 "$work" "$corpus" >"$work/fuzz.log" 2>&1; then
    echo "ok   $name (corpus $(ls "$corpus" | wc -l) inputs, then ${seconds}s of fuzzing)"
    pass=$((pass + 1))
  else
    echo "FAIL $name"
    tail -n 30 "$work"/*.log
    fail=$((fail + 1))
  fi
  rm -rf "$work"
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
