#!/usr/bin/env bash
# Browser tests (tests/browser/*.test.mjs): journeys in Debian's /usr/bin/chromium driven by
# playwright-core, desktop and phone sizes, axe-core WCAG 2.2 AA scan of every page visited.
#   usage: browser.sh BINARY
# Ends with `N passed, N failed`; exits non-zero on any failure.
set -uo pipefail
bin="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d /tmp/selfdirect-browser.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
if [ ! -x /usr/bin/chromium ] || [ ! -d "$root/node_modules/playwright-core" ]; then
  echo "browser tests need /usr/bin/chromium and node_modules (scripts/install-deps)"
  echo "0 passed, 1 failed"
  exit 1
fi
SELFDIRECT_PASSWORD_COST=test "$bin" serve --db "sqlite:$tmp/browser.db" --listen 127.0.0.1:0 \
  --fresh --seed-fixture 60 --fixture-out "$tmp/fixture.json" --login-rate 100000 --quiet \
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
SELFDIRECT_URL="http://127.0.0.1:$port" SELFDIRECT_FIXTURE="$tmp/fixture.json" \
  node --test --test-reporter=tap --test-concurrency=1 "$root"/tests/browser/*.test.mjs >"$tmp/tap" 2>&1
grep -E '^(not ok|ok) |^    (error|expected|actual):' "$tmp/tap" | head -n 100
p="$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$tmp/tap" | tail -n 1)"
f="$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$tmp/tap" | tail -n 1)"
if [ -z "$p" ]; then
  tail -n 40 "$tmp/tap"
  p=0
  f=1
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
