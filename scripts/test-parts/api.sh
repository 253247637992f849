#!/usr/bin/env bash
# backends: both
# API tests against the real running server (tests/api/*.test.mjs, node's test runner and fetch):
# headers, sign-in, sessions, search, summaries, audit, emergency access, bad input, and the access
# matrix (every route x role x relationship, tests/api/access-matrix.json). Then the audit trail
# the run wrote is verified, and a tampered copy must be caught.
#   usage: api.sh BINARY STORE_URL     (the store is emptied: tests only)
# Ends with `N passed, N failed`; exits non-zero on any failure.
set -uo pipefail
bin="$1"
url="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d /tmp/selfdirect-api.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; }

export SELFDIRECT_PASSWORD_COST=test
"$bin" serve --db "$url" --listen 127.0.0.1:0 --fresh --seed-fixture 40 \
  --fixture-out "$tmp/fixture.json" --session-idle 1800 --login-rate 100000 --quiet \
  >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
port=""
# Waits for the address line for as long as the server is alive (migrating and seeding under the
# sanitizers on a busy machine can take a while; a fixed count of tries made slow runs fail), up
# to 5 minutes.
deadline=$((SECONDS + 300))
while [ "$SECONDS" -lt "$deadline" ]; do
  port="$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out" | head -n 1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  cat "$tmp/serve.err"
  echo "0 passed, 1 failed"
  exit 1
fi

SELFDIRECT_URL="http://127.0.0.1:$port" SELFDIRECT_FIXTURE="$tmp/fixture.json" SELFDIRECT_IDLE=1800 \
  SELFDIRECT_STORE="$url" \
  node --test --test-reporter=tap --test-concurrency=1 "$root"/tests/api/*.test.mjs >"$tmp/tap" 2>&1
grep -E '^(not ok|ok) |^# (pass|fail)|^  ---|^    (error|expected|actual|location):' "$tmp/tap" | grep -v '^    location' | head -n 200
p="$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$tmp/tap" | tail -n 1)"
f="$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$tmp/tap" | tail -n 1)"
if [ -z "$p" ]; then
  tail -n 40 "$tmp/tap"
  p=0
  f=1
fi
passed=$((passed + p))
failed=$((failed + f))

# A clean stop flushes the queued read entries of the audit trail.
kill -TERM "$pid"
if wait "$pid"; then ok "serve stops cleanly on SIGTERM"; else bad "serve stops cleanly on SIGTERM"; fi
pid=""
if grep -q "could not be written" "$tmp/serve.err"; then bad "audit queue flushed at shutdown"; else ok "audit queue flushed at shutdown"; fi
if "$bin" verify-audit --db "$url" >"$tmp/verify.out" 2>&1 && grep -q 'whole' "$tmp/verify.out"; then
  ok "verify-audit: $(cat "$tmp/verify.out")"
else
  bad "verify-audit on the run's own trail: $(cat "$tmp/verify.out")"
fi

# The store refuses to change or delete audit entries; a tampered entry is named by verify-audit.
case "$url" in
  sqlite:*)
    db="${url#sqlite:}"
    raw() { sqlite3 "$db" "$1" 2>&1; }
    untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
    ;;
  *)
    raw() { psql -q -v ON_ERROR_STOP=1 "$url" -c "$1" 2>&1; }
    untrigger="ALTER TABLE audit_log DISABLE TRIGGER USER;"
    ;;
esac
out="$(raw "UPDATE audit_log SET detail = 'x' WHERE seq = 3;")"
if grep -q 'append-only' <<<"$out"; then
  ok "the store refuses UPDATE on the audit log"
else
  bad "the store refuses UPDATE on the audit log: $out"
fi
out="$(raw "DELETE FROM audit_log WHERE seq = 3;")"
if grep -q 'append-only' <<<"$out"; then
  ok "the store refuses DELETE on the audit log"
else
  bad "the store refuses DELETE on the audit log: $out"
fi
raw "$untrigger UPDATE audit_log SET subject_id = subject_id + 1 WHERE seq = 3;" >/dev/null
"$bin" verify-audit --db "$url" >"$tmp/verify2.out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'Entry 3 ' "$tmp/verify2.out"; then
  ok "verify-audit names the first altered entry"
else
  bad "verify-audit names the first altered entry (exit $rc): $(cat "$tmp/verify2.out")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
