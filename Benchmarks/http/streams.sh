#!/usr/bin/env bash
# Concurrent alert streams on one server (issue 14, "Load"): opens STREAMS server-sent event
# streams (GET /api/v1/alerts/stream) with one analyst's token, reads the server's memory with
# them open, then posts EVENTS severe events and times each one's alert to every stream.
# A run with 10 streams first gives the baseline the 1,000 are compared with. All traffic goes
# to 127.0.0.1.
#
# Usage: [POLL_MS=500] Benchmarks/http/streams.sh [STREAMS] [EVENTS]   (POLL_MS: serve --alert-poll-ms)
# Needs: a release build (swift build -c release --product corridorwatch), python3, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
STREAMS=${1:-1000}
EVENTS=${2:-10}
BIN=${BIN:-.build/release/corridorwatch}
POLL_MS=${POLL_MS:-500}
TMP=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"' EXIT
ulimit -n "$(ulimit -Hn)"

DB="$TMP/streams.sqlite"
"$BIN" demo --no-serve --database "sqlite:$DB" >"$TMP/demo.log" 2>&1
run() { # streams
  "$BIN" serve --database "sqlite:$DB" --port 0 --webhook-interval-ms 0 --no-maritime-detection \
    --max-alert-streams-per-user "$1" --max-alert-streams "$1" --alert-poll-ms "$POLL_MS" >"$TMP/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do grep -q "serving on" "$TMP/serve.log" 2>/dev/null && break; sleep 0.1; done
  local url pw csrf token
  url=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
  pw=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$TMP/demo.log")
  csrf=$(curl -s -c "$TMP/jar" -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$pw\"}" \
    "$url/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  token=$(curl -s -b "$TMP/jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d '{"roles":["analyst"]}' \
    "$url/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  # Warm the risk engine, so the first event does not wait for its build.
  curl -s -o /dev/null -H "Authorization: Bearer $token" "$url/api/v1/risk"
  python3 Benchmarks/http/stream_clients.py "$url" "$token" "$1" "$EVENTS" "$SERVER"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}
echo "baseline (10 streams):"
run 10
echo "$STREAMS streams:"
run "$STREAMS"
