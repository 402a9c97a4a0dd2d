#!/usr/bin/env bash
# End-to-end test of the command line as a user runs it: migrate, import (twice), bad rows,
# a file of the wrong format, export and re-import. Usage: cli_test.sh [path/to/corridorwatch]
set -uo pipefail
BIN=${1:-.build/debug/corridorwatch}
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export CORRIDORWATCH_DATABASE_URL="sqlite:$TMP/cli.sqlite"
failures=0
checks=0

expect() { # expect NAME EXPECTED_STATUS "GREP PATTERN" -- command...
  local name=$1 status=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  checks=$((checks + 1))
  if [ "$rc" != "$status" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL $name: status $rc (wanted $status), output:"; echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

expect "serve refuses an unmigrated database" 1 "corridorwatch migrate" -- "$BIN" serve --port 0
expect "migrate" 0 "applied migrations 1, 2, 3, 4" -- "$BIN" migrate
expect "migrate again" 0 "schema is current \(version 12\)" -- "$BIN" migrate
expect "first import" 1 "imported 7, updated 0, unchanged 0, rejected 2" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "bad date named" 1 "line 7, column event_date: \"2024-13-45\"" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "bad latitude named" 1 "line 9, column latitude: latitude 123" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "second import changes nothing" 1 "imported 0, updated 0, unchanged 7, rejected 2" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "province warning" 1 "warning: .*line 10, column admin1: province \"Punjab\" contradicts" -- "$BIN" import events "$FIX/acled_sample.csv"
printf 'name,colour\nx,red\n' > "$TMP/colours.csv"
expect "wrong format" 2 "is not an events file" -- "$BIN" import events "$TMP/colours.csv"
expect "missing file" 2 "no such file" -- "$BIN" import events "$TMP/nothing.csv"
# Event files are history unless --live says they report what is happening now (EventIntake).
LIVE_DB="sqlite:$TMP/live.sqlite"
count_live() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("SELECT COUNT(*) FROM alerts").fetchone()[0], c.execute("SELECT COUNT(*) FROM crisis_cases").fetchone()[0])' "$TMP/live.sqlite"; }
CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" migrate >/dev/null 2>&1
expect "sites for the live import" 0 "imported 1" -- env CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" import sites "$FIX/gwadar_site.csv"
expect "a history import raises nothing" 0 "imported 3" -- env CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" import events --agency test-agency "$FIX/live_reports.jsonl"
expect "no alert or case for history" 0 "^0 0$" -- count_live
rm -f "$TMP"/live.sqlite*
CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" migrate >/dev/null 2>&1
CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" import sites "$FIX/gwadar_site.csv" >/dev/null 2>&1
expect "a live import" 0 "imported 3" -- env CORRIDORWATCH_DATABASE_URL=$LIVE_DB "$BIN" import events --live --agency test-agency "$FIX/live_reports.jsonl"
# Two severe reports near the port: two near-site alerts, one public warning, two cases opened (and their alerts).
expect "alerts and cases for live reports" 0 "^5 2$" -- count_live
expect "--case-policy needs --live" 64 "only with --live" -- "$BIN" import events --case-policy x.json "$FIX/live_reports.jsonl"
expect "export csv" 0 "exported 7 events" -- "$BIN" export events --format csv -o "$TMP/events.csv"
expect "re-import own export" 0 "imported 0, updated 0, unchanged 7, rejected 0" -- "$BIN" import events "$TMP/events.csv"
expect "export geojson" 0 "exported 4 events" -- "$BIN" export events --format geojson --domain terrorism_insurgency -o "$TMP/events.geojson"
checks=$((checks + 1))
python3 - "$TMP/events.geojson" <<'PY' || { echo "FAIL geojson export is not a 4-feature FeatureCollection"; failures=$((failures + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "FeatureCollection" and len(d["features"]) == 4, d
assert all(f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2 for f in d["features"])
PY
expect "UCDP GED rows import; the country-centroid row is named" 1 "line 7, column where_prec: 6: located only at the country's centroid" -- "$BIN" import events "$FIX/ucdp_ged_sample.csv"
expect "re-importing UCDP changes nothing" 1 "imported 0, updated 0, unchanged 13, rejected 1" -- "$BIN" import events "$FIX/ucdp_ged_sample.csv"
expect "UCDP's own layout gives the same events" 0 "imported 0, updated 0, unchanged 4, rejected 0" -- "$BIN" import events "$FIX/ucdp_ged_official_layout.csv"
expect "risk as of 1995 rests on the UCDP history" 0 "risk as of 1995-01-01T00:00:00Z" -- "$BIN" risk --as-of 1995-01-01
expect "backtest with baselines" 0 "events within 25 km, last 5 years" -- "$BIN" risk backtest --cut 1994-01-01 --horizon 2y --radius 25 --resamples 50
expect "backtest horizon errors name the option" 64 "--horizon: \"2 years\" is not a duration" -- "$BIN" risk backtest --cut 1994-01-01 --horizon "2 years"
expect "unknown domain" 64 "unknown domain" -- "$BIN" export events --domain weather
printf '{"domains":{"crime":{"radius_km":-1}}}' > "$TMP/bad-risk.json"
expect "risk table" 0 "risk as of 2026-01-01T00:00:00Z" -- "$BIN" risk --as-of 2026-01-01
expect "risk config errors name the key" 64 "domains.crime.radius_km must be in" -- "$BIN" risk --config "$TMP/bad-risk.json"
expect "risk backtest says when numbers are too small" 0 "WARNING: .*too few" -- "$BIN" risk backtest --cut 2024-06-01 --horizon 90d
expect "risk of an unknown site" 64 "no site with id" -- "$BIN" risk --site nowhere
expect "audit chain intact" 0 "audit chain intact: [0-9]+ entries" -- "$BIN" audit verify
expect "audit log names the importer" 0 "cli:.* create event" -- "$BIN" audit log --type event --limit 3
expect "exports are audited" 0 "export events" -- "$BIN" audit log --action export
head -c 64 /dev/urandom > "$TMP/audit.key"
expect "audit checkpoint signs the head" 0 "checkpoint #[0-9]+ [0-9a-f]{64} appended" -- "$BIN" audit checkpoint --key-file "$TMP/audit.key" --output "$TMP/checkpoints.jsonl"
expect "the log matches its checkpoint" 0 "every signed checkpoint matches" -- "$BIN" audit verify --checkpoints "$TMP/checkpoints.jsonl" --key-file "$TMP/audit.key"
head -c 64 /dev/urandom > "$TMP/other.key"
expect "a checkpoint under another key is refused" 1 "is not signed with this key" -- "$BIN" audit verify --checkpoints "$TMP/checkpoints.jsonl" --key-file "$TMP/other.key"
sqlite3_bin=$(command -v sqlite3 || true)
if [ -n "$sqlite3_bin" ]; then
  # S15: cutting the tail leaves an intact chain, but not the signed checkpoint.
  "$sqlite3_bin" "$TMP/cli.sqlite" "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)"
  expect "a cut tail passes the chain alone" 0 "audit chain intact" -- "$BIN" audit verify
  expect "a cut tail fails the checkpoint" 1 "before signed checkpoint #[0-9]+: entries were removed from its tail" -- "$BIN" audit verify --checkpoints "$TMP/checkpoints.jsonl" --key-file "$TMP/audit.key"
  "$sqlite3_bin" "$TMP/cli.sqlite" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3"
  expect "tampering is found" 1 "audit chain BROKEN at entry 3" -- "$BIN" audit verify
fi
AIS="$(cd "$(dirname "$0")/../CorridorAISTests/Resources" && pwd)"
expect "ais decode writes gpsd JSON" 0 '"class":"AIS","type":4,"repeat":0,"mmsi":3669702,"channel":"A","year":2007' -- "$BIN" ais decode "$AIS/gpsd/sample.aivdm"
expect "ais decode summarises" 0 "lines 1121, sentences 118, messages 102" -- bash -c "$BIN ais decode $AIS/gpsd/sample.aivdm 2>&1 >/dev/null"
expect "ais ingest stores positions and static reports" 0 "positions stored 4, already stored 0, without a fix 1; static reports 3; bad checksums 1" -- "$BIN" ais ingest "$FIX/ais_gwadar_sample.nmea"
expect "ais ingest again stores nothing twice" 0 "positions stored 0, already stored 4" -- "$BIN" ais ingest "$FIX/ais_gwadar_sample.nmea"
expect "ais ingest reads standard input" 0 "^-: lines 1, sentences 1" -- bash -c "echo '!AIVDM,1,1,,A,15M67FC000G?ufbE\`FepT@3n00Sa,0*5F' | $BIN ais ingest -"
expect "ais ingest is audited" 0 "ais.ingest" -- "$BIN" audit log --action ais.ingest
expect "ais ingest names a missing file" 64 "nowhere.nmea: no such file" -- "$BIN" ais ingest nowhere.nmea
expect "ais ingest rejects a bad port" 64 "udp://:70000: expected FILE" -- "$BIN" ais ingest --udp 70000
expect "ais prune applies retention" 0 "deleted 4 positions older than 1 days" -- "$BIN" ais prune --older-than-days 1
expect "ais simulate writes a labelled scenario" 0 "SYNTHETIC scenario: [0-9]+ vessels, [0-9]+ positions, [0-9]+ static reports, 14 labelled behaviours" -- "$BIN" ais simulate --hours 24 --interval 120 --behaviours 2 --output "$TMP/sim.nmea" --labels "$TMP/labels.jsonl"
expect "ais detect finds every injected behaviour" 0 "\| zone_entry \| 2 \| 2 \| 2 \| 2 \| 1.000 \| 1.000 \|" -- bash -c "$BIN ais detect $TMP/sim.nmea --labels $TMP/labels.jsonl 2>&1 >$TMP/detections.jsonl"
checks=$((checks + 1))
if [ "$(grep -c '"kind":"encounter"' "$TMP/detections.jsonl")" != 2 ]; then echo "FAIL ais detect JSON lines: wanted 2 encounters"; failures=$((failures + 1)); fi
expect "ais detect writes GeoJSON with track excerpts" 0 "" -- bash -c "$BIN ais detect --format geojson -o $TMP/detections.geojson $TMP/sim.nmea && python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))[\"features\"]; assert len(f) >= 14 and any(x[\"geometry\"][\"type\"] == \"LineString\" for x in f)' $TMP/detections.geojson"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":null}]}' > "$TMP/zones.geojson"
expect "ais detect names a bad zone file" 64 "zones.geojson \(1\): feature 1 has no .id. property" -- "$BIN" ais detect --zones "$TMP/zones.geojson" "$TMP/sim.nmea"

# The server runs feeds itself: a file and a UDP listener, then the API shows both.
if command -v curl >/dev/null 2>&1; then
  UDP_PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export CORRIDORWATCH_DATABASE_URL="sqlite:$TMP/feeds.sqlite"
  "$BIN" demo --no-serve >"$TMP/demo.log" 2>&1
  printf 'correct horse battery staple 42\n' | "$BIN" users create --username feeder --agency balochistan-police --role admin >/dev/null 2>&1
  "$BIN" serve --port 0 --ais-feed "$FIX/ais_gwadar_sample.nmea" --ais-feed "$TMP/sim.nmea" --ais-feed "udp://127.0.0.1:$UDP_PORT" >"$TMP/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
  URL=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
  curl -s -c "$TMP/jar" -H 'content-type: application/json' -d '{"username":"feeder","password":"correct horse battery staple 42"}' "$URL/api/v1/session" >/dev/null
  # A class A report of MMSI 636012345 (Liberia) at 25.05 N 62.40 E, encoded by pyais, with a tag-block time.
  for _ in $(seq 1 50); do
    printf '\\s:udp-rx,c:1780001000*75\\!AIVDO,1,1,,A,19NS7>@P1O4Ma@0>EFt7l6BEP000,0*7D\n' >/dev/udp/127.0.0.1/"$UDP_PORT"
    curl -s -b "$TMP/jar" "$URL/api/v1/vessels/636012345" | grep -q '"mmsi":636012345' && break
    sleep 0.1
  done
  expect "server feed from a file" 0 '"name":"GWADAR STAR"' -- curl -s -b "$TMP/jar" "$URL/api/v1/vessels/463012345"
  expect "server feed from UDP" 0 '"flag":"LR"' -- curl -s -b "$TMP/jar" "$URL/api/v1/vessels/636012345"
  expect "feed metrics" 0 'corridorwatch_ais_positions_stored_total' -- curl -s -b "$TMP/jar" "$URL/metrics"
  # The simulated file (14 injected behaviours) runs through the server's detectors into events.
  for _ in $(seq 1 100); do
    [ "$(curl -s -b "$TMP/jar" "$URL/api/v1/events?source=ais-detector&type=encounter&limit=100" | grep -o '"type":"encounter"' | wc -l)" -ge 2 ] && break
    sleep 0.2
  done
  expect "server feeds run the maritime detectors" 0 '"type":"encounter".*"type":"encounter"' -- curl -s -b "$TMP/jar" "$URL/api/v1/events?source=ais-detector&type=encounter&limit=100"
  EVENT=$(curl -s -b "$TMP/jar" "$URL/api/v1/events?source=ais-detector&type=encounter&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  expect "a detection's evidence is served as GeoJSON" 0 '"type":"LineString"' -- curl -s -b "$TMP/jar" "$URL/api/v1/events/$EVENT/evidence"
  expect "the demo loads real history as history" 0 "UCDP GED 1989–2019 \(real, history\): imported 60[0-9][0-9], " -- cat "$TMP/demo.log"
  expect "the demo names the UCDP rows it leaves out" 0 "UCDP rows left out: [1-9][0-9]* located only at the country's centroid" -- cat "$TMP/demo.log"
  # No case for the historical incidents; only those the server's detectors opened for security-zone entries.
  expect "cases via the API: security-zone entries, none for history" 0 '^0 [1-9]' -- bash -c "curl -s -b $TMP/jar '$URL/api/v1/cases' | python3 -c 'import json,sys; t=[c[\"title\"] for c in json.load(sys.stdin)[\"items\"]]; z=sum(x.startswith(\"Zone entry\") for x in t); print(len(t)-z, z)'"
  expect "detection metrics" 0 'corridorwatch_maritime_detections_total' -- curl -s -b "$TMP/jar" "$URL/metrics"
  expect "the demo raises no public warning for past incidents" 0 "public warnings \(CAP 1.2\): +0 " -- cat "$TMP/demo.log"
  expect "the CAP feed is served without sign-in, with no history in it" 0 "^0$" -- bash -c "curl -s '$URL/api/v1/cap/alerts.xml' | grep -c '<entry>' || true"
  kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null
  expect "server feeds are audited when they end" 0 "system:ais-feed.*ais.ingest" -- bash -c "$BIN audit log --action ais.ingest | tr '\n' ' '"
  expect "the demo stores its mandates, gaps included" 1 "GAP crime / Khyber Pakhtunkhwa: away from sites, sez" -- "$BIN" mandates check
  expect "mandates list prints the import format" 0 '"id" : "maritime-balochistan"' -- "$BIN" mandates list
  expect "the demo's AIS load is audited" 0 "system:demo-seed.*ais.ingest|ais.ingest.*system:demo-seed" -- bash -c "$BIN audit log --action ais.ingest --limit 10 | tr '\n' ' '"
  unset CORRIDORWATCH_DATABASE_URL
fi
# Two servers on one PostgreSQL: an event reported through server A reaches alert streams on
# A and B, each alert once, and the agency's webhook once although both servers deliver.
if [ -n "${CORRIDORWATCH_TEST_POSTGRES_URL:-}" ] && command -v curl >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; then
  PGDB="cw_cli_$$"
  PGURL="${CORRIDORWATCH_TEST_POSTGRES_URL%/*}/$PGDB"
  psql -q "$CORRIDORWATCH_TEST_POSTGRES_URL" -c "CREATE DATABASE $PGDB" >/dev/null
  export CORRIDORWATCH_DATABASE_URL="$PGURL"
  "$BIN" demo --no-serve >"$TMP/pgdemo.log" 2>&1
  ADMIN_PW=$(awk '$1 == "admin" && /password:/ {print $NF}' "$TMP/pgdemo.log")
  ANALYST_PW=$(awk '$1 == "analyst" && /password:/ {print $NF}' "$TMP/pgdemo.log")
  python3 "$(dirname "$0")/webhook_receiver.py" "$TMP/hooks.jsonl" >"$TMP/receiver.port" &
  RECEIVER=$!
  for _ in $(seq 1 50); do [ -s "$TMP/receiver.port" ] && break; sleep 0.1; done
  for name in a b; do
    "$BIN" serve --port 0 --alert-poll-ms 100 --webhook-interval-ms 100 --webhook-allow-private-destinations >"$TMP/serve-$name.log" 2>&1 &
    eval "SERVER_$name=\$!"
  done
  for name in a b; do for _ in $(seq 1 100); do grep -q "serving on" "$TMP/serve-$name.log" && break; sleep 0.1; done; done
  URL_A=$(grep -o 'http://[0-9.:]*' "$TMP/serve-a.log" | head -1)
  URL_B=$(grep -o 'http://[0-9.:]*' "$TMP/serve-b.log" | head -1)
  # Sessions live in the database: one sign-in works on both servers.
  CSRF_ADMIN=$(curl -s -c "$TMP/admin" -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" \
    "$URL_A/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  CSRF_ANALYST=$(curl -s -c "$TMP/analyst" -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$ANALYST_PW\"}" \
    "$URL_B/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  SECRET=$(curl -s -b "$TMP/admin" -H "X-CSRF-Token: $CSRF_ADMIN" -H 'content-type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$(cat "$TMP/receiver.port")/hook\"}" "$URL_A/api/v1/webhooks" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  AFTER=$(curl -s -b "$TMP/analyst" "$URL_B/api/v1/alerts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_after"])')
  # Two severe events near Gwadar: each raises "severe near a site" and "case opened".
  curl -s -N -b "$TMP/analyst" "$URL_B/api/v1/alerts/stream?after=$AFTER&max=4&timeout=30" >"$TMP/stream-b.txt" &
  STREAM_B=$!
  curl -s -N -b "$TMP/analyst" "$URL_A/api/v1/alerts/stream?after=$AFTER&max=4&timeout=30" >"$TMP/stream-a.txt" &
  STREAM_A=$!
  for n in 1 2; do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$TMP/analyst" -H "X-CSRF-Token: $CSRF_ANALYST" -H 'content-type: application/json' \
      -d "{\"occurred_at\":\"2026-11-28T06:0$n:00Z\",\"location\":{\"lat\":25.13,\"lon\":62.33},\"domain\":\"terrorism_insurgency\",\"type\":\"armed_assault\",\"severity\":4,\"tlp\":\"GREEN\",\"title\":\"Cross-instance test attack $n\",\"source\":\"cli-test\",\"source_ref\":\"xi-$n\"}" \
      "$URL_A/api/v1/events" >>"$TMP/created.txt"
  done
  wait "$STREAM_A" "$STREAM_B"
  EXPECTED=$(curl -s -b "$TMP/analyst" "$URL_A/api/v1/alerts?after=$AFTER" | python3 -c 'import json,sys; print(" ".join(str(a["seq"]) for a in json.load(sys.stdin)["items"]))')
  ALERT_IDS=$(curl -s -b "$TMP/analyst" "$URL_A/api/v1/alerts?after=$AFTER" | python3 -c 'import json,sys; print(" ".join(a["id"] for a in json.load(sys.stdin)["items"]))')
  expect "events created through server A" 0 "^201 201$" -- bash -c "tr '\n' ' ' <'$TMP/created.txt' | sed 's/ $//'"
  expect "four alerts raised" 0 "^[0-9]+ [0-9]+ [0-9]+ [0-9]+$" -- echo "$EXPECTED"
  expect "server B streams every alert from server A once, in order" 0 "^$EXPECTED$" -- bash -c "grep '^id: ' '$TMP/stream-b.txt' | cut -c5- | tr '\n' ' ' | sed 's/ $//'"
  expect "server A streams the same alerts" 0 "^$EXPECTED$" -- bash -c "grep '^id: ' '$TMP/stream-a.txt' | cut -c5- | tr '\n' ' ' | sed 's/ $//'"
  # Both servers run the webhook dispatcher: wait until all four arrived, then a little longer for any duplicate.
  for _ in $(seq 1 100); do [ "$(wc -l <"$TMP/hooks.jsonl" 2>/dev/null || echo 0)" -ge 4 ] && break; sleep 0.1; done
  sleep 1
  # shellcheck disable=SC2086
  expect "the webhook gets each alert once, signed, from two servers" 0 "4 deliveries, each alert once, all signatures valid" -- python3 "$(dirname "$0")/check_webhooks.py" "$TMP/hooks.jsonl" "$SECRET" $ALERT_IDS
  expect "the public CAP feed is served without sign-in" 0 "<feed xmlns=\"http://www.w3.org/2005/Atom\">" -- curl -s "$URL_B/api/v1/cap/alerts.xml"
  expect "webhook metrics" 0 'corridorwatch_webhook_attempts_total\{outcome="delivered"\}' -- curl -s -b "$TMP/admin" "$URL_A/metrics" "$URL_B/metrics"
  kill -TERM "$SERVER_a" "$SERVER_b" "$RECEIVER"; wait "$SERVER_a" "$SERVER_b" 2>/dev/null
  unset CORRIDORWATCH_DATABASE_URL
  psql -q "$CORRIDORWATCH_TEST_POSTGRES_URL" -c "DROP DATABASE $PGDB" >/dev/null 2>&1
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL cross-instance alert test: CI needs CORRIDORWATCH_TEST_POSTGRES_URL, curl and psql"
  failures=$((failures + 1))
fi
MANDATES="$(cd "$(dirname "$0")/../../Sources/CorridorDemo/Seed" && pwd)/mandates_demo.json"
expect "mandates check names gaps" 1 "GAP governance / Punjab: everywhere" -- "$BIN" mandates check --file "$MANDATES"
expect "mandates check names overlaps" 1 "crime / Sindh / port: OVERLAP pmsa \(crime-ports\) / ctd-sindh \(crime-sindh\)" -- "$BIN" mandates check --file "$MANDATES"
printf '[{"id": "x", "domain": "cyber", "lead": "nobody"}]' > "$TMP/mandates.json"
expect "mandates import names the rule and the problem" 2 "rule 1 \(x\): lead: no agency \"nobody\"" -- env CORRIDORWATCH_DATABASE_URL="sqlite:$TMP/cli.sqlite" "$BIN" mandates import "$TMP/mandates.json"
printf '[{"id": "x", "domain": "cyber", "province": "Atlantis", "lead": "nobody"}]' > "$TMP/mandates.json"
expect "mandates check names a bad province" 2 "rule 1 \(x\): province: \"Atlantis\" is not a province" -- "$BIN" mandates check --file "$TMP/mandates.json"
printf '{"opening": {"minimum_severty": 3}}' > "$TMP/policy.json"
expect "serve names a misspelt case policy setting" 64 "policy.json: opening.minimum_severty: unknown setting" -- "$BIN" serve --port 0 --case-policy "$TMP/policy.json"
expect "a valid STIX pattern" 0 "^valid: \[ipv4-addr" -- "$BIN" intel pattern "[ipv4-addr:value = '198.51.100.7'] WITHIN 60 SECONDS"
expect "a STIX pattern error names the column" 1 "line 1, column 30: expected ']' but found the end of the pattern" -- "$BIN" intel pattern "[ipv4-addr:value = '10.0.0.1'"
printf '%s\n' '{"pattern": "[x-scada:port = 502]"}' 'not json' > "$TMP/patterns.jsonl"
expect "a bad JSON line is named" 64 "patterns.jsonl:2: not a JSON object" -- "$BIN" intel pattern --jsonl "$TMP/patterns.jsonl"
expect "help names the commands" 0 "serve.*demo.*migrate.*import.*export.*risk.*audit.*users.*ais.*intel" -- bash -c "$BIN --help | tr '\n' ' '"

if [ "$failures" -gt 0 ]; then
  echo "cli test: $failures of $checks checks failed"
  exit 1
fi
echo "cli test: $checks checks passed"
