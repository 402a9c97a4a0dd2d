#!/usr/bin/env bash
# API fuzzing smoke test: schemathesis (PyPI) sends every operation of the served OpenAPI
# document its example and coverage cases, as an administrator with an API token, and fails on
# any 5xx or a server that stops answering. The fuller run (all checks, fuzzing and stateful
# phases) is issue 14's; see docs/security.md. Usage: schemathesis_smoke.sh [path/to/corridorwatch]
set -uo pipefail
BIN=${1:-.build/debug/corridorwatch}
TMP=$(mktemp -d)
SERVER=""
# pip puts the command beside the interpreter's scripts, which need not be on PATH.
ST=$(command -v schemathesis || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis")
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export CORRIDORWATCH_DATABASE_URL="sqlite:$TMP/api.sqlite"
"$BIN" demo --no-serve >"$TMP/demo.log" 2>&1 || { echo "FAIL schemathesis smoke: demo seeding"; cat "$TMP/demo.log"; exit 1; }
ADMIN_PW=$(awk '$1 == "admin" && /password:/ {print $NF}' "$TMP/demo.log")
# No webhook is ever sent during the run (--webhook-interval-ms 0): nothing leaves the machine.
"$BIN" serve --port 0 --webhook-interval-ms 0 >"$TMP/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$TMP/serve.log" | head -1)
[ -n "$URL" ] || { echo "FAIL schemathesis smoke: the server did not start"; cat "$TMP/serve.log"; exit 1; }
CSRF=$(curl -s -c "$TMP/jar" -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$URL/api/v1/session" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
TOKEN=$(curl -s -b "$TMP/jar" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' -d '{"roles":["admin"]}' "$URL/api/v1/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# The alert stream answers for minutes by design; it has its own tests.
(cd "$TMP" && "$ST" run "$URL/openapi.yaml" --url "$URL" -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error --phases examples,coverage --exclude-path-regex 'alerts/stream' --seed 20261130 \
  >"$TMP/schemathesis.log" 2>&1)
status=$?
if ! curl -sf "$URL/healthz" >/dev/null; then
  echo "FAIL schemathesis smoke: the server stopped answering"; tail -40 "$TMP/serve.log"; exit 1
fi
if [ $status -ne 0 ]; then
  echo "FAIL schemathesis smoke (status $status):"; tail -80 "$TMP/schemathesis.log"; exit 1
fi
echo "schemathesis smoke: $(grep -oE '[0-9]+ generated' "$TMP/schemathesis.log" | head -1) test cases over $(grep -oE 'Tested: [0-9]+' "$TMP/schemathesis.log" | head -1 | grep -oE '[0-9]+') operations, no 5xx, server still answering"
