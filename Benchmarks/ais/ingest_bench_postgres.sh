#!/usr/bin/env bash
# AIS ingest into PostgreSQL (docs/benchmarks.md): `corridorwatch ais ingest` on a corpus into
# a throwaway PostgreSQL cluster, then, as the peer, psql's COPY of the very rows it stored
# into a table of the same definition (COPY is PostgreSQL's fastest way in).
#   python3 Benchmarks/ais/generate_corpus.py /tmp/ais-fleet.nmea 1000000 --fleet 2000
#   swift build -c release --product corridorwatch && Benchmarks/ais/ingest_bench_postgres.sh /tmp/ais-fleet.nmea
#
# Needs Debian's postgresql-15. The cluster listens on 127.0.0.1:54332 with the durable
# defaults (fsync, synchronous_commit on) and is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS=$(realpath "${1:?usage: ingest_bench_postgres.sh CORPUS}")
BIN=${BIN:-.build/release/corridorwatch}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PORT=${PORT:-54332}
D=$(mktemp -d)
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
run_pg "$PGBIN/initdb -D $D/data -U postgres -A trust -E UTF8" >/dev/null
run_pg "$PGBIN/pg_ctl -D $D/data -l $D/log -w -o '-p $PORT -k $D -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB' start" >/dev/null
trap 'run_pg "$PGBIN/pg_ctl -D $D/data -m fast stop" >/dev/null 2>&1 || true; rm -rf "$D"' EXIT
URL="postgres://postgres@127.0.0.1:$PORT/postgres"
PSQL="psql -X -q -h 127.0.0.1 -p $PORT -U postgres -d postgres -v ON_ERROR_STOP=1"

"$BIN" migrate --database "$URL" --log-level error >/dev/null
start=$(date +%s.%N)
summary=$(${PERF:-} "$BIN" ais ingest --database "$URL" --log-level error "$CORPUS" 2>&1)
end=$(date +%s.%N)
stored=$(grep -o "positions stored [0-9]*" <<<"$summary" | grep -o "[0-9]*")
busy=$(grep -o "store busy [0-9.]*" <<<"$summary" | grep -o "[0-9.]*$")
python3 - "$stored" "$start" "$end" "$busy" <<'PY'
import sys
n, start, end, busy = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"corridorwatch ais ingest (PostgreSQL): {n} positions in {end - start:.2f} s = {n / (end - start):,.0f} positions/s "
      f"(whole run: read, decode, store; store busy {busy:.2f} s)")
PY

# The peer: the same rows, in the order they were stored, copied into a fresh table alike.
$PSQL -c "\\copy (SELECT mmsi, at_ms, lat, lon, speed, course, heading, status, type, source FROM vessel_positions) TO '$D/rows.csv' CSV"
$PSQL -c "CREATE TABLE peer_positions (LIKE vessel_positions INCLUDING ALL)"
start=$(date +%s.%N)
$PSQL -c "\\copy peer_positions (mmsi, at_ms, lat, lon, speed, course, heading, status, type, source) FROM '$D/rows.csv' CSV"
end=$(date +%s.%N)
python3 - "$stored" "$start" "$end" <<'PY'
import sys
n, start, end = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"peer: psql COPY of the same rows: {n} rows in {end - start:.2f} s = {n / (end - start):,.0f} rows/s")
PY
