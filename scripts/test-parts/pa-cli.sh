#!/usr/bin/env bash
# `selfdirect pa` from the outside: usage and refusals, then a small fictional world (seed-bench)
# paid once: the pay run, the same run again paying nobody twice, the employer's summary, a
# payslip PDF, the FPS XML (its tax adds up to the summary's), reminders, concerns and linking a
# named contact (refusals), a P60, and a P45 refused for a contract that has not ended. Called
# with the binary as $1; ends with `pa-cli: N passed, N failed`.
set -uo pipefail
bin="$(realpath "${1:?usage: pa-cli.sh path/to/selfdirect}")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
db="sqlite:$tmp/pa.db"
pass=0
fail=0

run() {
  local name="$1" want="$2"
  shift 2
  current="$name"
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then
    ok=1
  else
    ok=0
    echo "FAIL $name: exit $rc, expected $want"
    sed 's/^/  stderr: /' "$tmp/err" | head -5
    sed 's/^/  stdout: /' "$tmp/out" | head -5
  fi
}
has() {
  if ! grep -qE -- "$2" "$tmp/$1"; then
    [ "$ok" -eq 1 ] && echo "FAIL $current: $1 does not match: $2"
    ok=0
  fi
}
hasnt() {
  if grep -qE -- "$2" "$tmp/$1"; then
    [ "$ok" -eq 1 ] && echo "FAIL $current: $1 matches: $2"
    ok=0
  fi
}
done_case() {
  if [ "$ok" -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

run "help" 0 pa --help
has out "usage: selfdirect pa COMMAND"; done_case

run "no sub-command is usage" 2 pa
done_case

run "unknown sub-command" 2 pa frobnicate --council PA
has err "unknown pa command"; done_case

run "run needs a council" 2 pa run --db "$db" --pay-date 2025-06-30
has err "--council CODE is needed"; done_case

run "a bad pay date is usage" 2 pa run --db "$db" --council PA --pay-date 2025-13-40
has err "--pay-date is a date"; done_case

run "migrate" 0 migrate --db "$db"
done_case

run "seed a small world" 0 pa seed-bench --db "$db" --council PA --pas 40 --pay-date 2025-06-30 --seed 7
has out "made 40 PAs for [0-9]+ employers"; done_case

run "dry run pays nothing" 0 pa run --db "$db" --council PA --pay-date 2025-06-30 --dry-run
has out "would be paid"; done_case

run "pay run" 0 pa run --db "$db" --council PA --pay-date 2025-06-30
has out "monthly period 3: [1-9][0-9]* employers? paid, [1-9][0-9]* payslips?"; hasnt out "refused"; done_case
cp "$tmp/out" "$tmp/first"

run "the same run again pays nobody twice" 0 pa run --db "$db" --council PA --pay-date 2025-06-30
has out "monthly period 3: 0 employers paid, 0 payslips"; has out "already run for this period"; done_case

# The first pay run's id, from the store (the summary needs one).
runid=""
for id in 1 2 3 4 5 6 7 8 9 10; do
  if "$bin" pa summary --db "$db" --council PA --run "$id" >"$tmp/summary" 2>/dev/null; then
    runid="$id"
    break
  fi
done
ok=1; current="a pay run's summary"
if [ -z "$runid" ]; then ok=0; echo "FAIL $current: no pay run found with ids 1 to 10"; fi
[ "$ok" -eq 1 ] && { grep -qi "hmrc" "$tmp/summary" || { ok=0; echo "FAIL $current: no HMRC line"; }; }
done_case

run "a run that does not exist" 3 pa summary --db "$db" --council PA --run 999999
has err "no such pay run"; done_case

if [ -n "$runid" ]; then
  run "the FPS of the run" 0 pa fps --db "$db" --council PA --run "$runid" --out "$tmp/fps.xml"
  has out "wrote"; done_case
  ok=1; current="the FPS is XML in HMRC's namespace"
  grep -q "FullPaymentSubmission" "$tmp/fps.xml" || { ok=0; echo "FAIL $current"; }
  if command -v xmllint >/dev/null; then xmllint --noout "$tmp/fps.xml" 2>/dev/null || { ok=0; echo "FAIL $current: not well-formed"; }; fi
  done_case
fi

run "a payslip as a PDF" 0 pa payslip --db "$db" --council PA --payslip 1 --out "$tmp/slip.pdf"
has out "wrote .*slip.pdf \([0-9]+ pages?\)"; done_case
ok=1; current="the payslip is a PDF"
head -c 5 "$tmp/slip.pdf" | grep -q "%PDF-" || { ok=0; echo "FAIL $current"; }
done_case

run "a payslip that does not exist" 3 pa payslip --db "$db" --council PA --payslip 999999 --out "$tmp/x.pdf"
done_case

run "payslip needs --out" 2 pa payslip --db "$db" --council PA --payslip 1
done_case

run "reminders" 0 pa reminders --db "$db" --council PA --today 2025-06-30
has out "reminders?$"; done_case

run "concerns: none raised yet" 0 pa concerns --db "$db" --council PA --overdue
has out "^0 concerns$"; done_case

run "concern-contact needs --login" 2 pa concern-contact --db "$db" --council PA
has err "needs --login"; done_case

run "concern-contact refuses a login the council does not have" 3 pa concern-contact --db "$db" --council PA --login nobody@example.org
has err "no staff member signs in as nobody@example.org"; done_case

run "a P45 for a contract that has not ended is refused" 3 pa p45 --db "$db" --council PA --contract 1 --out "$tmp/p45.pdf"
has err "no leaving date"; done_case

run "a P60 for the year" 0 pa p60 --db "$db" --council PA --contract 1 --year 2025-26 --out "$tmp/p60.pdf"
done_case

echo "pa-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
