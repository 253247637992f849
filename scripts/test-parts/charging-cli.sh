#!/usr/bin/env bash
# charging-cli.sh BINARY — `selfdirect charging` end to end: pipes each tests/data/charging/NAME.in.json
# to the binary and compares standard output with NAME.out.json (checked by hand: the arithmetic of
# each is in docs/charging.md, "Worked examples") and the exit code with 0, or 3 for NAME = error-*
# (bad input: a problem document on standard output, the message on standard error). Then the
# options: --help, an unknown option, an argument, --rates FILE. Ends with `N passed, N failed`.
set -uo pipefail
bin="${1:?usage: charging-cli.sh path/to/selfdirect}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/tests/data/charging"
pass=0
fail=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

for input in "$data"/*.in.json; do
  name="$(basename "$input" .in.json)"
  want_rc=0
  case "$name" in error-*) want_rc=3 ;; esac
  "$bin" charging <"$input" >"$work/out" 2>"$work/err"
  rc=$?
  if [ "$rc" -ne "$want_rc" ]; then
    bad "$name: exit code $rc, expected $want_rc"
    sed 's/^/    /' "$work/err"
  elif ! diff -u "$data/$name.out.json" "$work/out" >"$work/diff"; then
    bad "$name: output differs"
    sed 's/^/    /' "$work/diff" | head -40
  elif [ "$want_rc" -ne 0 ] && ! grep -q "^selfdirect charging: " "$work/err"; then
    bad "$name: no message on standard error"
  else
    ok
  fi
done

# --help prints the usage and succeeds.
if "$bin" charging --help >"$work/out" 2>&1 && grep -q "usage: selfdirect charging" "$work/out"; then
  ok
else
  bad "--help"
fi
# An unknown option or a stray argument is a usage error (2).
"$bin" charging --frobnicate </dev/null >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "unknown option: expected exit 2"
"$bin" charging input.json </dev/null >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "stray argument: expected exit 2"
# Empty input is bad input data (3), not a crash.
"$bin" charging </dev/null >"$work/out" 2>/dev/null
[ $? -eq 3 ] && grep -q '"type": "invalid"' "$work/out" && ok || bad "empty input: expected exit 3 with a problem document"
# --rates FILE: a council's own figures replace the built-in ones (here a MIG of £120.00 for ages
# 25 to pension credit age: 200.00 - 120.00 = 80.00), and a file for another year is refused.
sed 's/"amount": "112.50"/"amount": "120.00"/' "$root/data/rates/charging-2025-26.json" >"$work/rates.json"
echo '{"tax_year": "2025-26", "age": 45, "weekly_cost_of_care": "500.00", "capital": "0", "income": [{"kind": "esa", "weekly": "200.00"}]}' >"$work/in.json"
if "$bin" charging --rates "$work/rates.json" <"$work/in.json" >"$work/out" 2>"$work/err" &&
   grep -q '"weekly_contribution": "80.00"' "$work/out"; then
  ok
else
  bad "--rates FILE: expected 80.00"
  cat "$work/out" "$work/err" | head -20
fi
"$bin" charging --rates "$root/data/rates/charging-2024-25.json" <"$work/in.json" >/dev/null 2>"$work/err"
[ $? -eq 3 ] && grep -q "has the rates for 2024-25" "$work/err" && ok || bad "--rates for another year: expected exit 3"

echo "charging-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
