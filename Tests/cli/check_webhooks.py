#!/usr/bin/env python3
"""Checks what webhook_receiver.py recorded: every expected alert exactly once, each with a
valid HMAC-SHA256 signature.  Usage: check_webhooks.py RECORD_FILE SECRET ALERT_ID..."""
import hashlib
import hmac
import json
import sys
from collections import Counter

record, secret, expected = sys.argv[1], sys.argv[2].encode(), set(sys.argv[3:])
lines = [json.loads(l) for l in open(record)] if expected else []
problems = []
for r in lines:
    fields = dict(p.split("=", 1) for p in (r["signature"] or "").split(","))
    mac = hmac.new(secret, f"{fields.get('t')}.{r['body']}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, fields.get("v1", "")):
        problems.append(f"bad signature on {r['key']}")
ids = Counter(json.loads(r["body"])["id"] for r in lines)
for alert, n in ids.items():
    if n != 1:
        problems.append(f"{alert} delivered {n} times")
if set(ids) != expected:
    problems.append(f"delivered {sorted(ids)}, expected {sorted(expected)}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(lines)} deliveries, each alert once, all signatures valid")
