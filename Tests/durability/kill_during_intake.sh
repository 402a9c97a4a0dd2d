#!/usr/bin/env bash
# Durability under kill -9 (issue 14): concurrent clients post events; the server is killed
# with SIGKILL at a random moment, restarted, and the cycle repeats. Afterwards every write the
# server acknowledged must be in the database exactly once, with exactly one audit entry, and
# `audit verify` must pass. A live AIS feed (ais_source.py over TCP) runs into every server
# meanwhile: what it stored must be positions the source sent, each once. Runs on SQLite, and on PostgreSQL when
# CORRIDORWATCH_TEST_POSTGRES_URL is set (a database is created for the run and dropped).
#
# Usage: Tests/durability/kill_during_intake.sh [BIN] [CYCLES]   (CI: 5 cycles; the long run: 50)
#
# With LOAD_CONNECTIONS=N (and wrk installed), the write benchmark's load (Benchmarks/http/
# post_event.lua: a new event per request) runs on N more connections during every cycle, so
# the kills land under load; its throughput while the server was up, and its errors, are summed
# in the last line (issue 14, "Load": the benchmark rerun under faults).
set -uo pipefail
BIN=${1:-.build/debug/corridorwatch}
CYCLES=${2:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
SERVER=""
SOURCE=""
cleanup() { [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null; [ -n "$SOURCE" ] && kill "$SOURCE" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL kill -9 durability ($LABEL): $*"; exit 1; }

start_server() {
  : >"$TMP/serve.log"
  "$BIN" serve --database "$DB" --port 0 --webhook-interval-ms 0 --no-maritime-detection \
    --ais-feed "tcp://127.0.0.1:$(cat "$TMP/ais.port")" >"$TMP/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
  URL=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
  [ -n "$URL" ] || { cat "$TMP/serve.log"; fail "the server did not start"; }
}

sql() { # one query, one value out
  case "$DB" in
    sqlite:*) sqlite3 "${DB#sqlite:}" "$1" ;;
    *) psql "$DB" -tAq -c "$1" ;;
  esac
}

run() {
  LABEL=$1 DB=$2
  "$BIN" demo --no-serve --database "$DB" --synthetic-events 0 >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; fail "seeding"; }
  local pw csrf token
  pw=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$TMP/demo.log")
  : >"$TMP/acked.txt"
  # A live AIS feed runs into every server, from one source that keeps numbering its positions.
  rm -f "$TMP/ais.port" "$TMP/ais.sent"
  python3 "$HERE/ais_source.py" "$TMP/ais.port" "$TMP/ais.sent" 100 &
  SOURCE=$!
  for _ in $(seq 1 50); do [ -s "$TMP/ais.port" ] && break; sleep 0.1; done
  [ -s "$TMP/ais.port" ] || fail "the AIS source did not start"
  local started=$SECONDS
  for cycle in $(seq 1 "$CYCLES"); do
    start_server
    if [ -z "${token:-}" ]; then
      csrf=$(curl -s -c "$TMP/jar" -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$pw\"}" \
        "$URL/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
      token=$(curl -s -b "$TMP/jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d '{"roles":["analyst"]}' \
        "$URL/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
      [ -n "$token" ] || fail "no API token"
    fi
    python3 "$HERE/intake_client.py" "$URL" "$token" "$TMP/acked.txt" "$LABEL-c$cycle" 8 >>"$TMP/clients.log" 2>&1 &
    local client=$! load=""
    if [ "${LOAD_CONNECTIONS:-0}" -gt 0 ]; then
      TOKEN=$token wrk -t2 -c"$LOAD_CONNECTIONS" -d3s --timeout 5s -s "$HERE/../../Benchmarks/http/post_event.lua" "$URL" \
        >"$TMP/load-$cycle.txt" 2>&1 &
      load=$!
    fi
    # A random moment 0.3–2.3 s into the intake.
    local alive
    alive=$(python3 -c 'import random; print(round(random.uniform(0.3, 2.3), 2))')
    sleep "$alive"
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null
    SERVER=""
    wait "$client"
    if [ -n "$load" ]; then
      wait "$load"
      # Requests the load completed, and the seconds the server was up for them.
      awk -v up="$alive" '/requests in/ {n=$1} /Non-2xx/ {bad=$NF} END {print n+0, bad+0, up}' "$TMP/load-$cycle.txt" >>"$TMP/load.txt"
    fi
  done
  local acked stored distinct audited missing
  acked=$(sort -u "$TMP/acked.txt" | wc -l)
  [ "$acked" -eq "$(wc -l <"$TMP/acked.txt")" ] || fail "a reference was acknowledged twice"
  [ "$acked" -gt 0 ] || fail "nothing was acknowledged"
  sort -u "$TMP/acked.txt" >"$TMP/acked.sorted"
  sql "SELECT source_ref FROM events WHERE source = 'durability-test' ORDER BY source_ref" | sort >"$TMP/stored.sorted"
  missing=$(comm -23 "$TMP/acked.sorted" "$TMP/stored.sorted" | wc -l)
  [ "$missing" -eq 0 ] || fail "$missing acknowledged events are missing, e.g. $(comm -23 "$TMP/acked.sorted" "$TMP/stored.sorted" | head -3 | tr '\n' ' ')"
  stored=$(wc -l <"$TMP/stored.sorted")
  distinct=$(sort -u "$TMP/stored.sorted" | wc -l)
  [ "$stored" -eq "$distinct" ] || fail "duplicate events stored"
  audited=$(sql "SELECT COUNT(*) FROM audit_log a JOIN events e ON e.id = a.object_id WHERE a.object_type = 'event' AND a.action = 'create' AND e.source = 'durability-test'")
  [ "$audited" -eq "$stored" ] || fail "$stored events but $audited audit entries for their creation"
  "$BIN" audit verify --database "$DB" >"$TMP/verify.log" 2>&1 || { cat "$TMP/verify.log"; fail "audit verify"; }
  # AIS has no acknowledgement: a position in flight at a kill may be lost. What is stored must
  # be positions the source sent, each once, in whole batches.
  kill "$SOURCE"; timeout 20 tail --pid="$SOURCE" -f /dev/null || kill -9 "$SOURCE" 2>/dev/null; SOURCE=""
  local sent positions range
  sent=$(cat "$TMP/ais.sent" 2>/dev/null || echo 0)
  positions=$(sql "SELECT COUNT(*) FROM vessel_positions WHERE source = 'ais-source'")
  range=$(sql "SELECT COUNT(*) FROM vessel_positions WHERE source = 'ais-source' AND (mmsi <> 463012345 OR at_ms < 1780000000000 OR at_ms >= $(( (1780000000 + sent) * 1000 )))")
  [ "$positions" -gt 0 ] || fail "the AIS feed stored nothing"
  [ "$positions" -le "$sent" ] && [ "$range" -eq 0 ] || fail "$positions AIS positions stored from $sent sent ($range not sent at all)"
  case "$DB" in sqlite:*) [ "$(sql "PRAGMA integrity_check")" = ok ] || fail "SQLite integrity_check" ;; esac
  # Stored but not acknowledged: committed when the server died before answering (allowed).
  echo "kill -9 durability ($LABEL): $CYCLES kills during intake in $((SECONDS - started)) s; $acked acknowledged, all present once with their audit entries ($((stored - acked)) more committed unanswered); audit verify passes; AIS: $positions of $sent positions sent stored, none twice or invented"
  if [ -s "$TMP/load.txt" ]; then
    awk -v c="$LOAD_CONNECTIONS" -v label="$LABEL" '{n+=$1; bad+=$2; up+=$3} END {
      printf "load under kill -9 (%s): %d connections, %d requests answered in %.1f s of uptime (%.0f req/s), %d non-2xx\n", label, c, n, up, n/up, bad }' "$TMP/load.txt"
    : >"$TMP/load.txt"
  fi
}

run sqlite "sqlite:$TMP/durability.sqlite"
if [ -n "${CORRIDORWATCH_TEST_POSTGRES_URL:-}" ]; then
  base=${CORRIDORWATCH_TEST_POSTGRES_URL%/*}
  name="cw_durability_$$"
  psql "$CORRIDORWATCH_TEST_POSTGRES_URL" -q -c "CREATE DATABASE $name" || fail "cannot create a PostgreSQL database"
  token=""
  run postgres "$base/$name"
  psql "$CORRIDORWATCH_TEST_POSTGRES_URL" -q -c "DROP DATABASE $name WITH (FORCE)" >/dev/null
fi
