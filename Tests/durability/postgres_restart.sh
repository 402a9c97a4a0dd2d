#!/usr/bin/env bash
# PostgreSQL going away while the server serves (issue 14): requests get 503 with Retry-After
# (not a hang, not a 500), /readyz says so, /healthz still answers, and once the database is back
# the server recovers by itself with nothing acknowledged lost. Starts its own throwaway
# PostgreSQL cluster on 127.0.0.1 (Debian's postgresql package), stops and restarts it.
#
# Usage: Tests/durability/postgres_restart.sh [BIN]
set -uo pipefail
BIN=${1:-.build/debug/corridorwatch}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=$((54400 + $$ % 500))
D=$(mktemp -d)
SERVER=""
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  wait 2>/dev/null
  run_pg "$PGBIN/pg_ctl -D $D/data -m immediate stop" >/dev/null 2>&1
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL postgres restart: $*"; [ -f "$D/serve.log" ] && tail -20 "$D/serve.log"; exit 1; }
pg_start() { run_pg "$PGBIN/pg_ctl -D $D/data -l $D/pg.log -w -o '-p $PORT -k $D -c listen_addresses=127.0.0.1' start" >/dev/null || fail "PostgreSQL did not start"; }

run_pg "$PGBIN/initdb -D $D/data -U postgres -A trust --no-sync -E UTF8" >/dev/null || fail "initdb"
pg_start
DB="postgres://postgres@127.0.0.1:$PORT/postgres"
"$BIN" demo --no-serve --database "$DB" --synthetic-events 0 >"$D/demo.log" 2>&1 || fail "seeding"
"$BIN" serve --database "$DB" --port 0 --webhook-interval-ms 0 --no-maritime-detection >"$D/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do grep -q "serving on" "$D/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$D/serve.log" | head -1)
[ -n "$URL" ] || fail "the server did not start"
pw=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$D/demo.log")
csrf=$(curl -s -c "$D/jar" -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$pw\"}" "$URL/api/v1/session" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
TOKEN=$(curl -s -b "$D/jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d '{"roles":["analyst"]}' "$URL/api/v1/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
[ -n "$TOKEN" ] || fail "no API token"
event() { # source_ref -> status line and headers of the POST
  curl -s -o /dev/null -D - --max-time 15 -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d "{\"occurred_at\":\"2026-11-28T06:00:00Z\",\"location\":{\"lat\":25.13,\"lon\":62.33},\"domain\":\"crime\",\"type\":\"theft\",\"severity\":2,\"tlp\":\"GREEN\",\"title\":\"Restart test $1\",\"source\":\"restart-test\",\"source_ref\":\"$1\"}" \
    "$URL/api/v1/events"
}
status() { head -1 <<<"$1" | awk '{print $2}'; }
[ "$(status "$(event before)")" = 201 ] || fail "the first event was not accepted"

run_pg "$PGBIN/pg_ctl -D $D/data -m fast stop" >/dev/null || fail "PostgreSQL did not stop"
started=$SECONDS
down=$(event during)
[ "$(status "$down")" = 503 ] || fail "a write while the database is down answered $(status "$down"), not 503"
grep -qi '^retry-after: [0-9]' <<<"$down" || fail "the 503 carries no Retry-After"
read_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 -H "Authorization: Bearer $TOKEN" "$URL/api/v1/events?limit=5")
[ "$read_status" = 503 ] || fail "a read while the database is down answered $read_status, not 503"
ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "$URL/readyz")
[ "$ready" = 503 ] || fail "/readyz answered $ready while the database is down"
health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "$URL/healthz")
[ "$health" = 200 ] || fail "/healthz answered $health while the database is down"
[ $((SECONDS - started)) -lt 30 ] || fail "answers while the database was down took $((SECONDS - started)) s"

pg_start
for _ in $(seq 1 150); do [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/readyz")" = 200 ] && break; sleep 0.2; done
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/readyz")" = 200 ] || fail "/readyz did not recover"
[ "$(status "$(event after)")" = 201 ] || fail "writes did not recover"
refs=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/events?source=restart-test&limit=10" \
  | python3 -c 'import json,sys; print(" ".join(sorted(e["source_ref"] for e in json.load(sys.stdin)["items"])))')
[ "$refs" = "after before" ] || fail "stored restart-test events are \"$refs\", wanted \"after before\""
echo "postgres restart: 503 with Retry-After for reads and writes and /readyz 503 while the database was down (/healthz 200); recovered by itself; nothing acknowledged lost"
