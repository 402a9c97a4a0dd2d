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
expect "migrate again" 0 "schema is current \(version 5\)" -- "$BIN" migrate
expect "first import" 1 "imported 7, updated 0, unchanged 0, rejected 2" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "bad date named" 1 "line 7, column event_date: \"2024-13-45\"" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "bad latitude named" 1 "line 9, column latitude: latitude 123" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "second import changes nothing" 1 "imported 0, updated 0, unchanged 7, rejected 2" -- "$BIN" import events "$FIX/acled_sample.csv"
expect "province warning" 1 "warning: .*line 10, column admin1: province \"Punjab\" contradicts" -- "$BIN" import events "$FIX/acled_sample.csv"
printf 'name,colour\nx,red\n' > "$TMP/colours.csv"
expect "wrong format" 2 "is not an events file" -- "$BIN" import events "$TMP/colours.csv"
expect "missing file" 2 "no such file" -- "$BIN" import events "$TMP/nothing.csv"
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
expect "unknown domain" 64 "unknown domain" -- "$BIN" export events --domain weather
printf '{"domains":{"crime":{"radius_km":-1}}}' > "$TMP/bad-risk.json"
expect "risk table" 0 "risk as of 2026-01-01T00:00:00Z" -- "$BIN" risk --as-of 2026-01-01
expect "risk config errors name the key" 64 "domains.crime.radius_km must be in" -- "$BIN" risk --config "$TMP/bad-risk.json"
expect "risk backtest says when numbers are too small" 0 "WARNING: .*too few" -- "$BIN" risk backtest --cut 2024-06-01 --horizon 90d
expect "risk of an unknown site" 64 "no site with id" -- "$BIN" risk --site nowhere
expect "audit chain intact" 0 "audit chain intact: [0-9]+ entries" -- "$BIN" audit verify
expect "audit log names the importer" 0 "cli:.* create event" -- "$BIN" audit log --type event --limit 3
expect "exports are audited" 0 "export events" -- "$BIN" audit log --action export
sqlite3_bin=$(command -v sqlite3 || true)
if [ -n "$sqlite3_bin" ]; then
  "$sqlite3_bin" "$TMP/cli.sqlite" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3"
  expect "tampering is found" 1 "audit chain BROKEN at entry 3" -- "$BIN" audit verify
fi
AIS="$(cd "$(dirname "$0")/../CorridorAISTests/Resources" && pwd)"
expect "ais decode writes gpsd JSON" 0 '"class":"AIS","type":4,"repeat":0,"mmsi":3669702,"channel":"A","year":2007' -- "$BIN" ais decode "$AIS/gpsd/sample.aivdm"
expect "ais decode summarises" 0 "lines 1121, sentences 118, messages 102" -- bash -c "$BIN ais decode $AIS/gpsd/sample.aivdm 2>&1 >/dev/null"
expect "help names the commands" 0 "serve.*demo.*migrate.*import.*export.*risk.*audit.*users.*ais" -- bash -c "$BIN --help | tr '\n' ' '"

if [ "$failures" -gt 0 ]; then
  echo "cli test: $failures of $checks checks failed"
  exit 1
fi
echo "cli test: $checks checks passed"
