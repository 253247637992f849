#!/usr/bin/env bash
# HMRC payroll conformance: runs `selfdirect payroll conformance` on every HMRC test data file in
# ../shared/oracles/hmrc (income tax and Class 1 NI, 2023-24 and 2025-26). Every case must pass;
# no case is special-cased. Called by scripts/test with the built binary as $1. The repository may
# be cloned anywhere (CI clones it fresh with shared/ beside it), so the data is found from the
# repository's top directory, and its absence is a failure, never a silent pass.
set -uo pipefail

bin="${1:-}"
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "payroll-conformance: give the selfdirect binary as the first argument"
  echo "0 passed, 1 failed"
  exit 2
fi

here="$(cd "$(dirname "$0")" && pwd)"
top="$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))"
dir="$top/../shared/oracles/hmrc"
shopt -s nullglob
files=("$dir"/*.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "payroll-conformance: no HMRC test data at $dir"
  echo "  (expected ../shared/oracles/hmrc/*.json beside the repository's top directory)"
  echo "0 passed, 1 failed"
  exit 1
fi

"$bin" payroll conformance "${files[@]}"
exit $?
