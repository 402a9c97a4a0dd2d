#!/usr/bin/env bash
# API fuzzing, the full run of issue 14: schemathesis (PyPI) with every check, the examples,
# coverage, fuzzing and stateful phases, against every operation of the served OpenAPI
# document, once per role (anonymous, viewer, analyst, responder, coordinator, administrator,
# each with its own API token), on SQLite or PostgreSQL.
#
# Usage: schemathesis_full.sh [path/to/corridorwatch] [sqlite|postgres://…] [examples per operation]
#
# SCHEMATHESIS_LOGS=DIR keeps each role's whole report there.
# It fails on any failed check, a 5xx, or a server that stops answering. No request leaves
# the machine: the server listens on 127.0.0.1, and webhooks are never delivered during the
# run (--webhook-interval-ms 0), so a fuzzed webhook URL is stored and checked, never called.
set -uo pipefail
BIN=${1:-.build/debug/corridorwatch}
BACKEND=${2:-sqlite}
EXAMPLES=${3:-10}
TMP=$(mktemp -d)
SERVER=""
ST=$(command -v schemathesis || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis")
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

LABEL=postgres
[ "$BACKEND" = sqlite ] && LABEL=sqlite
if [ "$BACKEND" = sqlite ]; then
  export CORRIDORWATCH_DATABASE_URL="sqlite:$TMP/api.sqlite"
else
  # A database of its own on the given server, dropped afterwards.
  DB="cw_fuzz_$$"
  psql "$BACKEND" -qc "CREATE DATABASE $DB" >/dev/null || { echo "FAIL schemathesis: cannot create $DB on $BACKEND"; exit 1; }
  export CORRIDORWATCH_DATABASE_URL="${BACKEND%/*}/$DB"
  cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; psql "$BACKEND" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1; rm -rf "$TMP"; }
fi
"$BIN" demo --no-serve >"$TMP/demo.log" 2>&1 || { echo "FAIL schemathesis: demo seeding"; tail -20 "$TMP/demo.log"; exit 1; }
"$BIN" serve --port 0 --webhook-interval-ms 0 >"$TMP/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
[ -n "$URL" ] || { echo "FAIL schemathesis: the server did not start"; tail -20 "$TMP/serve.log"; exit 1; }

token() { # user password -> an API token with every role the user holds
  local csrf
  csrf=$(curl -s -c "$TMP/jar-$1" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$URL/api/v1/session" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  curl -s -b "$TMP/jar-$1" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d "{\"roles\":[\"$1\"]}" "$URL/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

failed=0
total=0
HERE=$(cd "$(dirname "$0")" && pwd)
for role in anonymous viewer analyst responder coordinator admin; do
  # The role's token goes in through the OpenAPI bearer scheme (schemathesis.toml), so the
  # authentication checks know which credentials they are replacing; the anonymous run drops it.
  if [ "$role" = anonymous ]; then
    sed '/^\[auth.openapi.bearer\]/,/^$/d' "$HERE/schemathesis.toml" >"$TMP/schemathesis.toml"
    export CW_TOKEN=""
  else
    cp "$HERE/schemathesis.toml" "$TMP/schemathesis.toml"
    pw=$(awk -v u="$role" '$1 == u && /password:/ {print $NF}' "$TMP/demo.log")
    CW_TOKEN=$(token "$role" "$pw")
    export CW_TOKEN
  fi
  # The alert stream answers for minutes by design (its own tests cover it); the session
  # routes would sign the run's own token out.
  (cd "$TMP" && "$ST" --config-file "$TMP/schemathesis.toml" run "$URL/openapi.yaml" --url "$URL" \
    --checks all --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" \
    --exclude-path-regex 'alerts/stream' --seed 20261201 --workers 1 --no-shrink \
    >"$TMP/$role.log" 2>&1)
  status=$?
  [ -n "${SCHEMATHESIS_LOGS:-}" ] && mkdir -p "$SCHEMATHESIS_LOGS" && cp "$TMP/$role.log" "$SCHEMATHESIS_LOGS/$LABEL-$role.log"
  cases=$(grep -oE '[0-9]+ generated' "$TMP/$role.log" | head -1 | grep -oE '[0-9]+')
  total=$((total + ${cases:-0}))
  if ! curl -sf "$URL/healthz" >/dev/null; then
    echo "FAIL schemathesis ($LABEL, $role): the server stopped answering"; tail -40 "$TMP/serve.log"; exit 1
  fi
  if [ $status -ne 0 ]; then
    echo "FAIL schemathesis ($LABEL, $role, status $status):"; sed -n '/FAILURES/,$p' "$TMP/$role.log" | head -150
    failed=1
  else
    echo "schemathesis ($LABEL, $role): ${cases:-0} cases, every check passed"
  fi
done
[ $failed -eq 0 ] || exit 1
echo "schemathesis ($LABEL): $total cases over six roles, every check passed, server still answering"
