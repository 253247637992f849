#!/usr/bin/env bash
# backends: both
# cli-store.sh BINARY STORE_URL — `selfdirect migrate` and `selfdirect demo` end to end: migrate
# on an empty store, migrate again (nothing to do), demo, demo again (refused: the store holds
# data), demo --force, then the refusals with their exit codes: usage mistakes (2), a store that
# cannot be reached, is not ours, or is newer than the binary (4). The store at STORE_URL is
# emptied first: tests only. Ends with `N passed, N failed`; exits non-zero on any failure.
set -uo pipefail
bin="${1:?usage: cli-store.sh path/to/selfdirect STORE_URL}"
url="${2:?usage: cli-store.sh path/to/selfdirect STORE_URL}"
tmp="$(mktemp -d /tmp/selfdirect-cli-store.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# run NAME WANT_EXIT WANT_TEXT CMD... : runs CMD, checks its exit code and that stdout+stderr
# contains WANT_TEXT (if not empty).
run() {
  local name="$1" want="$2" text="$3"
  shift 3
  "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"
    sed 's/^/    /' "$tmp/out" | head -n 20
    failed=$((failed + 1))
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/out"; then
    echo "FAIL $name: output lacks '$text'"
    sed 's/^/    /' "$tmp/out" | head -n 20
    failed=$((failed + 1))
  else
    echo "ok   $name"
    passed=$((passed + 1))
  fi
}

# not NAME TEXT : the last output must not contain TEXT
not() {
  if grep -qF -- "$2" "$tmp/out"; then
    echo "FAIL $1: output contains '$2'"
    failed=$((failed + 1))
  else
    echo "ok   $1"
    passed=$((passed + 1))
  fi
}

# sql STATEMENT : runs SQL on the test store directly (not through selfdirect)
sql() {
  case "$url" in
    sqlite:*) sqlite3 "${url#sqlite:}" "$1" ;;
    *) psql -q -X -v ON_ERROR_STOP=1 "$url" -c "$1" >/dev/null ;;
  esac
}

empty_store() {
  case "$url" in
    sqlite:*) rm -f "${url#sqlite:}" "${url#sqlite:}-wal" "${url#sqlite:}-shm" ;;
    *) psql -q -X "$url" -c "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public" \
         >/dev/null 2>&1 ;;
  esac
}

# help and usage
run "migrate --help" 0 "usage: selfdirect migrate" "$bin" migrate --help
run "demo --help" 0 "usage: selfdirect demo" "$bin" demo --help
run "migrate with an unknown option" 2 "usage: selfdirect migrate" "$bin" migrate --bogus
run "migrate with an argument" 2 "unexpected argument 'extra'" "$bin" migrate --db "$url" extra
run "demo --people -1" 2 "--people must be a whole number" "$bin" demo --db "$url" --people -1
run "demo --people abc" 2 "--people must be a whole number" "$bin" demo --db "$url" --people abc
run "demo --seed 1.5" 2 "--seed must be a whole number" "$bin" demo --db "$url" --seed 1.5
run "a URL that is not understood" 2 "use sqlite:PATH or postgresql://" "$bin" migrate --db mysql://h/x

# migrate: empty store, then again
empty_store
run "migrate an empty store" 0 "applied 0001_store_metadata" "$bin" migrate --db "$url"
grep -q "is now at schema" "$tmp/out" && passed=$((passed + 1)) && echo "ok   migrate says where it got to" ||
  { failed=$((failed + 1)); echo "FAIL migrate says where it got to"; }
run "migrate again does nothing" 0 "is up to date" "$bin" migrate --db "$url"
not "migrate again applies nothing" "applied"
run "SELFDIRECT_DB is the default store" 0 "is up to date" env SELFDIRECT_DB="$url" "$bin" migrate

# demo: on the migrated but empty store, then refused, then forced
run "demo on an empty store" 0 "Made a fresh demo store" "$bin" demo --db "$url" --people 40 --seed 7
for want in "people    40" "staff     18, every role" "priya.shah@demo.example" \
            "ruth.ellis@demo.example" "password for all: demo-password" "budget-holder@demo.example"; do
  if grep -qF -- "$want" "$tmp/out"; then passed=$((passed + 1)); echo "ok   demo prints '$want'"
  else failed=$((failed + 1)); echo "FAIL demo prints '$want'"; fi
done
cp "$tmp/out" "$tmp/demo1"
run "demo is reproducible from its seed" 0 "Made a fresh demo store" "$bin" demo --db "$url" --people 40 --seed 7 --force
if diff <(grep -v "Made a fresh" "$tmp/demo1") <(grep -v "Made a fresh" "$tmp/out") >/dev/null; then
  passed=$((passed + 1)); echo "ok   the same seed printed the same demo"
else
  failed=$((failed + 1)); echo "FAIL the same seed printed the same demo"
fi
run "demo refuses a store with data" 4 "already holds data (1 council, 40 people). Nothing was changed" \
  "$bin" demo --db "$url"
run "demo --force replaces it" 0 "people    25" "$bin" demo --db "$url" --people 25 --force
run "migrate after demo: up to date" 0 "is up to date" "$bin" migrate --db "$url"

# unreachable stores
run "migrate: SQLite directory missing" 4 "cannot open the SQLite store" \
  "$bin" migrate --db "sqlite:/nonexistent-selfdirect-dir/x.db"
run "migrate: PostgreSQL unreachable" 4 "cannot reach the PostgreSQL store" \
  "$bin" migrate --db "postgresql://nobody:sekret@/x?host=/nonexistent-selfdirect-dir&port=1"
not "the password is not shown" "sekret"
run "demo: PostgreSQL unreachable" 4 "cannot reach the PostgreSQL store" \
  "$bin" demo --db "postgresql://nobody@/x?host=/nonexistent-selfdirect-dir&port=1"

# a database that is not ours, untouched even with --force
foreign="$tmp/foreign.db"
sqlite3 "$foreign" "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100);"
run "migrate refuses a database that is not ours" 4 "is not a selfdirect store" "$bin" migrate --db "sqlite:$foreign"
run "demo --force refuses it too" 4 "is not a selfdirect store" "$bin" demo --db "sqlite:$foreign" --force
if [ "$(sqlite3 "$foreign" "SELECT count(*) FROM sqlite_schema; PRAGMA journal_mode;" | tr '\n' ' ')" = "1 delete " ] &&
   [ "$(sqlite3 "$foreign" "SELECT total FROM invoices")" = "100" ]; then
  passed=$((passed + 1)); echo "ok   the foreign database is unchanged"
else
  failed=$((failed + 1)); echo "FAIL the foreign database is unchanged"
fi
printf 'not a database at all\n%.0s' $(seq 1 200) >"$tmp/notes.txt"
run "migrate refuses a file that is not a database" 4 "not a SQLite database" "$bin" migrate --db "sqlite:$tmp/notes.txt"

# a store newer than this binary
if sql "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2031-01-01T00:00:00Z')"; then
  run "migrate refuses a newer store" 4 "was made by a newer selfdirect" "$bin" migrate --db "$url"
  run "demo --force refuses a newer store" 4 "was made by a newer selfdirect" "$bin" demo --db "$url" --force
  sql "DELETE FROM schema_migrations WHERE version = 9999"
  run "and it opens again once it is not newer" 0 "is up to date" "$bin" migrate --db "$url"
else
  failed=$((failed + 1)); echo "FAIL could not mark the store newer"
fi

echo "cli-store: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
