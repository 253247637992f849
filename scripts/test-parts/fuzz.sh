#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/fuzz_*.c, clang), replays its corpus (fuzz/corpus/<name>/,
# which includes every past finding), then fuzzes each for a few seconds more.
#
# What counts: the corpus replay is the test. It is deterministic, and it must pass: a crash there
# fails the run. The extra fuzzing is exploration, not a test: it is random, so a crash it finds
# says nothing about the change being tested, and counting it would fail CI by chance. A crash it
# finds is shown here, its input is kept in build/fuzz-findings/<name>/, and it is counted as a
# failure only with FUZZ_STRICT=1 (a fuzzing job, or a person fuzzing on purpose). To keep a
# finding: fix the bug, then copy the input into fuzz/corpus/<name>/ so every run replays it.
#   FUZZ_SECONDS  extra fuzzing per target (default 5; 0 = replay only)
#   FUZZ_STRICT   1 = a crash found by the extra fuzzing fails the run
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds="${FUZZ_SECONDS:-5}"
strict="${FUZZ_STRICT:-0}"
mkdir -p build
if ! make --no-print-directory fuzz >build/fuzz-build.log 2>&1; then
  tail -n 40 build/fuzz-build.log
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
pass=0; fail=0; findings=0
for src in fuzz/fuzz_*.c; do
  name="$(basename "$src" .c)"
  target="build/fuzz-asan/fuzz/$name"
  corpus="fuzz/corpus/${name#fuzz_}"
  mkdir -p "$corpus"
  work="$(mktemp -d)"
  # Crash inputs go to $work, never into the source tree.
  if ! "$target" -runs=0 -artifact_prefix="$work/" "$corpus" >"$work/replay.log" 2>&1; then
    echo "FAIL $name: the corpus replay crashed"
    tail -n 30 "$work/replay.log"
    fail=$((fail + 1))
  elif [ "$seconds" -gt 0 ] &&
       ! "$target" -max_total_time="$seconds" -rss_limit_mb=2048 -artifact_prefix="$work/" \
         "$work" "$corpus" >"$work/fuzz.log" 2>&1; then
    keep="build/fuzz-findings/$name"
    mkdir -p "$keep"
    cp "$work"/crash-* "$work"/leak-* "$work"/oom-* "$work"/timeout-* "$work"/slow-unit-* "$keep"/ 2>/dev/null
    cp "$work/fuzz.log" "$keep/fuzz.log"
    tail -n 30 "$work/fuzz.log"
    findings=$((findings + 1))
    if [ "$strict" = "1" ]; then
      echo "FAIL $name: ${seconds}s of new fuzzing found a crash (input kept in $keep/)"
      fail=$((fail + 1))
    else
      echo "ok   $name (corpus $(ls "$corpus" | wc -l) inputs); NEW FINDING in ${seconds}s of fuzzing, not counted (FUZZ_STRICT=1 counts it): input kept in $keep/"
      pass=$((pass + 1))
    fi
  else
    echo "ok   $name (corpus $(ls "$corpus" | wc -l) inputs, then ${seconds}s of fuzzing)"
    pass=$((pass + 1))
  fi
  rm -rf "$work"
done
[ "$findings" -gt 0 ] && echo "fuzz: $findings new finding(s) from exploratory fuzzing: see build/fuzz-findings/"
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
