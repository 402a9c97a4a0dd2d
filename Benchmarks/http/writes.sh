#!/usr/bin/env bash
# Durable writes over HTTP (issue 16, goal 2): new events through POST /api/v1/events at 64
# connections, beside the floors measured in the same run: GET /healthz on the same server
# (HTTP), and the same rows inserted by the sqlite3 shell in fsync'd transactions of one and
# of 64 rows (storage). All traffic goes to 127.0.0.1.
#
# Usage: Benchmarks/http/writes.sh [DURATION]
# Needs: a release build (swift build -c release --product corridorwatch), wrk and sqlite3.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
BIN=${BIN:-.build/release/corridorwatch}
TMP=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"' EXIT

DB="$TMP/writes.sqlite"
"$BIN" demo --no-serve --database "sqlite:$DB" >"$TMP/demo.log" 2>&1
"$BIN" serve --database "sqlite:$DB" --port 0 --webhook-interval-ms 0 --no-maritime-detection >"$TMP/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
PW=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$TMP/demo.log")
CSRF=$(curl -s -c "$TMP/jar" -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$PW\"}" \
  "$URL/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
export TOKEN
TOKEN=$(curl -s -b "$TMP/jar" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' -d '{"roles":["analyst"]}' \
  "$URL/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# Warm the risk engine, so the first writes do not wait for its build.
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL/api/v1/risk"

# shellcheck source=wrk_row.sh
source Benchmarks/http/wrk_row.sh
before=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events")
echo "| path (64 connections, ${DURATION} s, SQLite WAL, synchronous=FULL) | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
wrk_row "GET /healthz (HTTP floor)" "$(wrk -t2 -c64 -d"${DURATION}s" --latency "$URL/healthz")"
wrk_row "POST /api/v1/events (analyst token, a new event each)" \
  "$(wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s Benchmarks/http/post_event.lua "$URL")"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
after=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events")
echo
echo "events stored by the run: $((after - before)); audit chain: $("$BIN" audit verify --database "sqlite:$DB" 2>&1 | tail -1)"

# Storage floor: the rows the run stored, inserted again by the sqlite3 shell into a copy of
# the table (its indexes included), one fsync'd transaction per row and per 64 rows.
floor() { # rows-per-transaction
  local per=$1 n=$((after - before))
  sqlite3 "$DB" "DROP TABLE IF EXISTS floor_events; CREATE TABLE floor_events AS SELECT * FROM events WHERE 0;
    CREATE INDEX floor_time ON floor_events (occurred_at DESC, id DESC); CREATE INDEX floor_tlp ON floor_events (tlp, occurred_at DESC, id DESC);
    CREATE UNIQUE INDEX floor_key ON floor_events (source, source_ref);"
  python3 - "$DB" "$per" "$before" "$n" <<'PY'
import sqlite3, sys, time
db, per, skip, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
c = sqlite3.connect(db, isolation_level=None)
c.execute("PRAGMA synchronous=FULL")
rows = c.execute("SELECT * FROM events ORDER BY rowid LIMIT -1 OFFSET ?", (skip,)).fetchall()
marks = ",".join("?" * len(rows[0]))
start = time.perf_counter()
for i in range(0, len(rows), per):
    c.execute("BEGIN")
    c.executemany(f"INSERT INTO floor_events VALUES ({marks})", rows[i:i + per])
    c.execute("COMMIT")
took = time.perf_counter() - start
print(f"| storage floor: sqlite3, {per} row(s) per fsync'd transaction | {len(rows) / took:,.0f} rows/s | | | |")
PY
}
echo
echo "| floor | rate | | | |"
echo "|---|---|---|---|---|"
floor 1
floor 64
