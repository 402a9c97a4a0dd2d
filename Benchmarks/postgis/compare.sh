#!/usr/bin/env bash
# Computes the same hazard & exposure sums in PostgreSQL + PostGIS as risk-bench, on the
# same generated data, and compares them site by site.
#
#   .build/release/risk-bench --export /tmp/riskdata
#   Benchmarks/postgis/compare.sh /tmp/riskdata
#
# Needs Debian's postgresql-15 and postgresql-15-postgis-3. Starts a throwaway cluster on
# 127.0.0.1:54331 and removes it afterwards. Distances: ST_DWithin / ST_Distance on
# geography with use_spheroid => false (PostGIS's sphere, radius 6371008.8 m, as ours).
set -euo pipefail
DATA=$(cd "${1:?usage: compare.sh DATA_DIR}" && pwd)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
D=$(mktemp -d)
PORT=54331
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D" && chmod a+rx "$DATA" && chmod a+r "$DATA"/*.csv
run_pg "$PGBIN/initdb -D $D/data -U postgres -A trust --no-sync -E UTF8" >/dev/null
run_pg "$PGBIN/pg_ctl -D $D/data -l $D/log -w -o '-p $PORT -k $D -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=0' start" >/dev/null
trap 'run_pg "$PGBIN/pg_ctl -D $D/data -m fast stop" >/dev/null 2>&1 || true; rm -rf "$D"' EXIT
PSQL="psql -X -q -h 127.0.0.1 -p $PORT -U postgres -d postgres -v ON_ERROR_STOP=1"

$PSQL <<SQL
CREATE EXTENSION postgis;
CREATE TABLE sites (id text PRIMARY KEY, lat float8, lon float8);
CREATE TABLE events (id text PRIMARY KEY, lat float8, lon float8, domain int, decayed float8);
CREATE TABLE radii (domain int PRIMARY KEY, radius_km float8);
\copy sites FROM '$DATA/sites.csv' CSV HEADER
\copy events FROM '$DATA/events.csv' CSV HEADER
\copy radii FROM '$DATA/radii.csv' CSV HEADER
ALTER TABLE sites ADD COLUMN g geography(Point, 4326);
UPDATE sites SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
ALTER TABLE events ADD COLUMN g geography(Point, 4326);
UPDATE events SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
CREATE INDEX events_g ON events USING gist (g);
CREATE INDEX events_domain ON events (domain);
ANALYZE;
SQL

echo "PostGIS: computing sums for every site (single backend, no parallel workers)"
start=$(date +%s.%N)
$PSQL <<SQL
CREATE TABLE theirs AS
SELECT s.id AS site_id, e.domain,
       SUM(e.decayed * (1 - ST_Distance(s.g, e.g, false) / (r.radius_km * 1000))) AS sum
FROM sites s
JOIN radii r ON true
JOIN events e ON e.domain = r.domain AND ST_DWithin(s.g, e.g, r.radius_km * 1000, false)
GROUP BY s.id, e.domain;
SQL
end=$(date +%s.%N)
echo "PostGIS time: $(python3 -c "print(f'{$end - $start:.2f}')") s"
$PSQL -c "\copy theirs TO '$D/theirs.csv' CSV HEADER"
cp "$D/theirs.csv" "$DATA/theirs.csv"

python3 - "$DATA/ours.csv" "$DATA/theirs.csv" <<'PY'
import csv, sys
from collections import defaultdict
ours = {(r["site_id"], r["domain"]): float(r["sum"]) for r in csv.DictReader(open(sys.argv[1]))}
theirs = {(r["site_id"], r["domain"]): float(r["sum"]) for r in csv.DictReader(open(sys.argv[2]))}
keys = set(ours) | set(theirs)
def rel(a, b):
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale
# Per site: the hazard & exposure weight summed over domains.
site_ours, site_theirs = defaultdict(float), defaultdict(float)
for (s, d) in keys:
    site_ours[s] += ours.get((s, d), 0.0)
    site_theirs[s] += theirs.get((s, d), 0.0)
site_worst = max(((rel(site_ours[s], site_theirs[s]), s) for s in site_ours), default=(0.0, None))
pair_worst = max(((rel(ours.get(k, 0.0), theirs.get(k, 0.0)), k) for k in keys), default=(0.0, None))
abs_worst = max(((abs(ours.get(k, 0.0) - theirs.get(k, 0.0)), k) for k in keys), default=(0.0, None))
print(f"sites compared: {len(site_ours)}; max relative difference of a site's sum: {site_worst[0]:.2e} at {site_worst[1]}")
print(f"(site, domain) sums compared: {len(keys)}; max relative difference {pair_worst[0]:.2e} at {pair_worst[1]} "
      f"(ours {ours.get(pair_worst[1], 0.0):.6g}, PostGIS {theirs.get(pair_worst[1], 0.0):.6g}); max absolute difference {abs_worst[0]:.2e}")
print("agreement per site OK (<= 1e-6)" if site_worst[0] <= 1e-6 else "agreement per site FAILED (> 1e-6)")
PY
