#!/usr/bin/env bash
# Read throughput over HTTP, as users feel it (issue 16, goal 1), beside the floors measured
# in the same run: /healthz on the same server, and Datasette serving the same SQLite file
# with the same query as JSON. All traffic goes to 127.0.0.1.
#
# Usage: Benchmarks/http/reads.sh [EVENTS] [DURATION]
#   EVENTS    synthetic events on top of the demo's real ones (default 1000000)
#   DURATION  seconds per wrk run (default 10)
# Needs: a release build (swift build -c release --product corridorwatch), wrk, and for the
# peer `pip install datasette`. Set CORRIDORWATCH_BENCH_POSTGRES_URL to also run on PostgreSQL
# (the database named there is emptied first).
set -euo pipefail
EVENTS=${1:-1000000}
DURATION=${2:-10}
BIN=${BIN:-.build/release/corridorwatch}
TMP=${TMP_DIR:-$(mktemp -d)}
SERVER=""
PEER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  [ -n "$PEER" ] && kill "$PEER" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# shellcheck source=wrk_row.sh
source "$(dirname "$0")/wrk_row.sh"
measure() { # name url [header]
  local name=$1 url=$2 header=${3:-}
  if [ -n "$header" ]; then
    wrk_row "$name" "$(wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -H "$header" "$url")"
  else
    wrk_row "$name" "$(wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency "$url")"
  fi
}

serve_and_measure() { # database-url label
  local db=$1 label=$2
  "$BIN" serve --database "$db" --port 0 --webhook-interval-ms 0 --no-maritime-detection >"$TMP/serve-$label.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do grep -q "serving on" "$TMP/serve-$label.log" && break; sleep 0.1; done
  local url
  url=$(grep -o 'http://[0-9.:]*' "$TMP/serve-$label.log" | head -1)
  [ -n "$url" ] || { echo "the server did not start"; cat "$TMP/serve-$label.log"; exit 1; }
  local pw csrf token
  pw=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$TMP/demo-$label.log")
  csrf=$(curl -s -c "$TMP/jar-$label" -H 'content-type: application/json' \
    -d "{\"username\":\"analyst\",\"password\":\"$pw\"}" "$url/api/v1/session" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  token=$(curl -s -b "$TMP/jar-$label" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
    -d '{"roles":["analyst"]}' "$url/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  local cookie
  cookie=$(awk '$6 == "cw_session" {print "cw_session=" $7}' "$TMP/jar-$label")
  echo
  echo "### $label: $(curl -s -H "Authorization: Bearer $token" "$url/api/v1/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])') events readable by the analyst"
  echo
  # The first view builds the risk engine from every event; it is timed on its own.
  local first
  first=$(curl -s -o /dev/null --max-time 900 -w '%{time_total}' -H "Cookie: $cookie" "$url/")
  echo "First dashboard view after start (builds the risk engine from every event): ${first} s"
  echo
  echo "| path (64 connections, ${DURATION} s) | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  measure "GET /healthz (floor)" "$url/healthz"
  measure "GET /api/v1/events?limit=50 (analyst token)" "$url/api/v1/events?limit=50" "Authorization: Bearer $token"
  measure "GET /api/v1/events?limit=50 (anonymous, CLEAR only)" "$url/api/v1/events?limit=50"
  measure "GET /api/v1/events?domain=maritime&limit=50 (analyst)" "$url/api/v1/events?domain=maritime&limit=50" "Authorization: Bearer $token"
  measure "GET /api/v1/stats (analyst)" "$url/api/v1/stats" "Authorization: Bearer $token"
  measure "GET / dashboard and map (analyst session)" "$url/" "Cookie: $cookie"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

seed() { # database-url label
  echo "seeding $2 with the demo and $EVENTS synthetic events..." >&2
  "$BIN" demo --no-serve --database "$1" --synthetic-events "$EVENTS" >"$TMP/demo-$2.log" 2>&1
}

echo "## Reads over HTTP ($(date -u +%Y-%m-%d), $(nproc) cores, release build)"
SQLITE="$TMP/reads.sqlite"
[ -f "$SQLITE" ] || seed "sqlite:$SQLITE" sqlite
serve_and_measure "sqlite:$SQLITE" sqlite

DS=$(command -v datasette || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/datasette")
if [ -x "$DS" ]; then
  "$DS" serve "$SQLITE" --port 8765 --host 127.0.0.1 --setting sql_time_limit_ms 5000 >"$TMP/datasette.log" 2>&1 &
  PEER=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8765/-/versions.json >/dev/null && break; sleep 0.1; done
  # The anonymous page: the same SQL the server runs for a reader who is not signed in.
  q="select body from events where tlp = 'CLEAR' order by occurred_at desc, id desc limit 51"
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  echo
  echo "| peer: Datasette $("$DS" --version | awk '{print $NF}') on the same file | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  measure "GET /reads.json?sql=(anonymous page of 50)" "http://127.0.0.1:8765/reads.json?sql=$enc&_shape=array"
  kill "$PEER"; wait "$PEER" 2>/dev/null || true; PEER=""
fi

if [ -n "${CORRIDORWATCH_BENCH_POSTGRES_URL:-}" ]; then
  psql "$CORRIDORWATCH_BENCH_POSTGRES_URL" -q -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
  seed "$CORRIDORWATCH_BENCH_POSTGRES_URL" postgres
  serve_and_measure "$CORRIDORWATCH_BENCH_POSTGRES_URL" postgres
fi
