#!/usr/bin/env bash
# `selfdirect ras` from the outside: check and calc against the demo council's configuration and a
# small banded one (tests/data/ras/), with results worked out by hand (each answers file's
# "reference" shows the sum), refused answers, malformed configurations, the override and usage.
# Called with the binary as $1; ends with `ras-cli: N passed, N failed`.
set -uo pipefail
bin="$(realpath "${1:?usage: ras-cli.sh path/to/selfdirect}")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/tests/data/ras"
demo="$root/data/ras/demo-council-ras-v1.json"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Run from an empty directory, so a relative data/ras/... path can only be the built-in copy.
cd "$tmp"
pass=0
fail=0

# run NAME EXPECTED_EXIT ARGS...: runs the binary, keeps stdout/stderr for the checks that follow.
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
  fi
}
# has FILE TEXT: the last run's out/err contains TEXT (fixed string).
has() {
  if ! grep -qF -- "$2" "$tmp/$1"; then
    [ "$ok" -eq 1 ] && echo "FAIL $current: $1 does not contain: $2"
    ok=0
  fi
}
hasnt() {
  if grep -qF -- "$2" "$tmp/$1"; then
    [ "$ok" -eq 1 ] && echo "FAIL $current: $1 contains: $2"
    ok=0
  fi
}
done_case() {
  if [ "$ok" -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

run "help" 0 ras --help
has out "selfdirect ras calc --config FILE --answers FILE"; done_case

run "no sub-command is usage" 2 ras
done_case

run "unknown sub-command" 2 ras frobnicate
has err "there is no sub-command 'frobnicate'"; done_case

run "check demo configuration" 0 ras check "$demo"
has out "valid RAS configuration"
has out "Demo Borough Council (DEMO)"
has out "domains:        12, with 19 questions"
has out "£4.20 a point a week"
has out "£40.00 to £1,200.00 a week"; done_case

run "check uses the built-in copy when the file is not on disk" 0 ras check data/ras/demo-council-ras-v1.json
has out "valid RAS configuration"; done_case

run "check banded configuration" 0 ras check "$data/banded-config.json"
has out "5 bands"
has out "40 points and over: £450.00 a week"; done_case

run "check refuses points out of range" 3 ras check "$data/bad-config-points.json"
has err "domains[0].questions[0].answers[1].points: must be a whole number from 0 to 1000"; done_case

run "check refuses an unknown field" 3 ras check "$data/bad-config-unknown-field.json"
has err "colour: is not a field here"; done_case

run "check refuses a gap between bands" 3 ras check "$data/bad-config-band-gap.json"
has err "pricing.bands[2].from_points: must be 20"; done_case

run "check refuses broken JSON" 3 ras check "$data/bad-config-not-json.json"
has err "not valid JSON"; done_case

run "check refuses a rule about a question that does not exist" 3 ras check "$data/bad-config-rule.json"
has err "consistency_rules[0].then_not.question: there is no question \"safety.fire\""; done_case

run "check names a missing file" 3 ras check "$tmp/nowhere.json"
has err "nowhere.json"; done_case

run "calc demo, moderate needs with a carer (hand-computed £287.00)" 0 \
  ras calc --config "$demo" --answers "$data/demo-moderate-answers.json"
has out '"status": "calculated"'
has out '"total": 63'
has out '"carer_reduction": 8'
has out '"weekly_after_adjustments": "277.83"'
has out '"weekly": "8.33"'
has out '"weekly_calculated": "287.00"'
has out '"annual_calculated": "14924.00"'
has out '"weekly": "287.00"'
has out '"annual": "14924.00"'
has out 'At £4.20 a point, 63 points come to £264.60 a week.'
has out '"warnings": []'; done_case

run "calc demo, very high needs capped at £1,200.00" 0 \
  ras calc --config "$demo" --answers "$data/demo-high-answers.json"
has out '"lost_to_domain_caps": 10'
has out '"adjustments": 10'
has out '"total": 222'
has out '"weekly": "932.40"'
has out '"weekly_before_limits": "1355.00"'
has out '"applied": "maximum"'
has out '"weekly": "1200.00"'
has out '"annual": "62400.00"'
has out 'exceptional-needs route'; done_case

run "calc demo, inconsistent answers are refused with every flag" 3 \
  ras calc --config "$demo" --answers "$data/demo-inconsistent-answers.json"
has out '"status": "refused"'
has out '"kind": "answer_not_in_configuration"'
has out '"kind": "unknown_question"'
has out '"kind": "required_question_unanswered"'
has out '"subject": "washing_vs_toilet"'
has out '"subject": "getting_out_frequency"'
has out '"kind": "carer_not_willing_and_able"'
has out '"kind": "adjustment_is_automatic"'
hasnt out '"weekly"'
has err "7 problems with the answers"; done_case

run "calc refuses an assessment before the configuration's dates" 3 \
  ras calc --config "$demo" --answers "$data/demo-before-effective-answers.json"
has err "31 March 2025"
has err "before Demo Borough Council's resource allocation system version 1.0 came into force"; done_case

run "calc banded with carer (hand-computed £252.00)" 0 \
  ras calc --config "$data/banded-config.json" --answers "$data/banded-carer-answers.json"
has out '"total": 21'
has out '"from_points": 20'
has out '"weekly": "240.00"'
has out '"weekly": "12.00"'
has out '"weekly": "252.00"'
has out '"annual": "13104.00"'; done_case

run "calc banded at the floor (£75.00)" 0 \
  ras calc --config "$data/banded-config.json" --answers "$data/banded-floor-answers.json"
has out '"weekly_before_limits": "63.00"'
has out '"applied": "minimum"'
has out '"weekly": "75.00"'
has out '"annual": "3900.00"'; done_case

run "calc banded at the cap (£400.00)" 0 \
  ras calc --config "$data/banded-config.json" --answers "$data/banded-cap-answers.json"
has out '"weekly_before_limits": "472.50"'
has out '"applied": "maximum"'
has out '"weekly": "400.00"'
has out '"annual": "20800.00"'; done_case

carers="$root/data/ras/demo-council-carers-ras-v1.json"
run "check the carers' example configuration" 0 ras check "$carers"
has out "Carer's personal budget questionnaire"
has out "domains:        8, with 8 questions"
has out "52 points and over: £25.00 a week"; done_case

run "check uses the built-in carers' copy" 0 ras check data/ras/demo-council-carers-ras-v1.json
has out "valid RAS configuration"; done_case

run "calc carers' example (hand-computed 27 points, £10.00)" 0 \
  ras calc --config "$carers" --answers "$data/carers-demo-answers.json"
has out '"total": 27'
has out '"from_points": 20'
has out '"to_points": 35'
has out '"weekly": "10.00"'
has out '"annual": "520.00"'
has out "Time for yourself, 8 points"; done_case

run "calc refuses adults' answers against the carers' configuration" 3 \
  ras calc --config "$carers" --answers "$data/demo-moderate-answers.json"
has out '"kind": "unknown_question"'; done_case

run "calc flags answers for another council" 3 \
  ras calc --config "$demo" --answers "$data/banded-carer-answers.json"
has out '"kind": "council_mismatch"'; done_case

run "calc with a worker override keeps both figures" 0 \
  ras calc --config "$demo" --answers "$data/demo-moderate-answers.json" \
  --override 310.00 --reason "Needs a longer evening call for medication" --by "A. Worker"
has out '"status": "overridden"'
has out '"weekly_calculated": "287.00"'
has out '"weekly": "310.00"'
has out '"annual": "16120.00"'
has out '"reason": "Needs a longer evening call for medication"'
has out 'A. Worker changed the indicative budget from the calculated £287.00 a week'; done_case

run "override needs a reason" 2 \
  ras calc --config "$demo" --answers "$data/demo-moderate-answers.json" --override 310.00
has err "--override and --reason go together"; done_case

run "override reason cannot be blank" 3 \
  ras calc --config "$demo" --answers "$data/demo-moderate-answers.json" --override 310.00 --reason "   "
has err "Give the reason"; done_case

run "override amount is checked" 3 \
  ras calc --config "$demo" --answers "$data/demo-moderate-answers.json" --override 31x --reason "r"
has err "--override"; done_case

run "calc refuses a malformed answers file" 3 \
  ras calc --config "$data/banded-config.json" --answers "$data/bad-answers-unknown-field.json"
has err "notes: is not a field here"; done_case

run "calc needs both files" 2 ras calc --config "$demo"
done_case

# ras load: into a fresh SQLite store holding one council (made directly, as no command makes a
# bare council), then refusals: the same version again, another council, a broken file, usage.
db="sqlite:$tmp/load.db"
"$bin" migrate --db "$db" >/dev/null 2>&1
sqlite3 "$tmp/load.db" "INSERT INTO councils (code, name, created_at, updated_at) VALUES
  ('DEMO', 'Demo Borough Council', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
  ('OTHER', 'Other Council', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
run "load stores a configuration version" 0 ras load "$demo" --council DEMO --by "Ada Admin" --db "$db"
has out "loaded the needs RAS configuration version 1.0 for Demo Borough Council (DEMO)"
has out "in force from 1 April 2025 with no end date"; has out "loaded by Ada Admin"; done_case

current="load keeps the text and who loaded it"; ok=1
sqlite3 "$tmp/load.db" "SELECT kind, version, effective_from, loaded_by_name,
  length(config_json) > 1000 FROM ras_configs" >"$tmp/out" 2>&1
has out "needs|1.0|2025-04-01|Ada Admin|1"; done_case

run "load refuses a version already loaded" 3 ras load "$demo" --council DEMO --db "$db"
has err "Version 1.0 of the needs configuration is already loaded"; done_case

run "load as a carers' configuration is a separate kind" 0 ras load "$demo" --council DEMO --kind carer --db "$db"
has out "loaded the carer RAS configuration version 1.0"; done_case

run "load refuses another council's file" 3 ras load "$demo" --council OTHER --db "$db"
has err "This configuration is for council DEMO, not OTHER"; done_case

run "load refuses an unknown council" 3 ras load "$demo" --council NOPE --db "$db"
has err "there is no council with that code"; done_case

run "load refuses a malformed configuration, naming the path" 3 \
  ras load "$data/bad-config-points.json" --council DEMO --db "$db"
has err "domains[0].questions[0].answers[1].points"; done_case

run "load needs --council" 2 ras load "$demo" --db "$db"
done_case

run "load refuses an unknown kind" 2 ras load "$demo" --council DEMO --kind adult --db "$db"
done_case

run "load writes an audit entry the chain verifies" 0 verify-audit --db "$db"
has out "audit trail whole: 2 entries checked"; done_case

echo "ras-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
