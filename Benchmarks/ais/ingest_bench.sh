#!/usr/bin/env bash
# AIS ingest into SQLite (docs/benchmarks.md): `corridorwatch ais ingest` on a corpus, then the
# same positions inserted by Python's sqlite3 executemany into the same schema as a peer
# (a C loop over one prepared statement: the SQLite floor for this table).
#   python3 Benchmarks/ais/generate_corpus.py /tmp/ais-fleet.nmea 1000000 --fleet 2000
#   swift build -c release --product corridorwatch && Benchmarks/ais/ingest_bench.sh /tmp/ais-fleet.nmea
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS=${1:?usage: ingest_bench.sh CORPUS}
BIN=${BIN:-.build/release/corridorwatch}
DB=$(mktemp -d)/ingest.sqlite
"$BIN" migrate --database "sqlite:$DB" --log-level error >/dev/null
start=$(date +%s.%N)
summary=$("$BIN" ais ingest --database "sqlite:$DB" --log-level error "$CORPUS" 2>&1)
end=$(date +%s.%N)
stored=$(grep -o "positions stored [0-9]*" <<<"$summary" | grep -o "[0-9]*")
busy=$(grep -o "store busy [0-9.]*" <<<"$summary" | grep -o "[0-9.]*$")
python3 - "$stored" "$start" "$end" "$busy" <<'PY'
import sys
n, start, end, busy = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"corridorwatch ais ingest: {n} positions in {end - start:.2f} s = {n / (end - start):,.0f} positions/s "
      f"(whole run: read, decode, store; store busy {busy:.2f} s)")
PY
python3 Benchmarks/ais/ingest_sqlite_peer.py "$DB"
rm -rf "$(dirname "$DB")"
