#!/usr/bin/env python3
"""Posts events to a CorridorWatch server from several threads until the server goes away,
and records every reference the server acknowledged (201 or 200) in ACKED, one per line.

Usage: intake_client.py URL TOKEN ACKED PREFIX [THREADS]
"""
import http.client
import json
import sys
import threading
import urllib.parse

url, token, acked_path, prefix = sys.argv[1:5]
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8
target = urllib.parse.urlparse(url)
lock = threading.Lock()
acked = open(acked_path, "a", encoding="utf-8")
counts = {"acked": 0, "refused": 0}


def post(worker: int) -> None:
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    for i in range(100_000):
        ref = f"{prefix}-{worker}-{i}"
        body = json.dumps({
            "occurred_at": "2026-11-28T06:00:00Z", "location": {"lat": 25.13, "lon": 62.33},
            "domain": "crime", "type": "theft", "severity": 2, "tlp": "GREEN",
            "title": f"Durability test {ref}", "source": "durability-test", "source_ref": ref,
        })
        try:
            conn.request("POST", "/api/v1/events", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # the server was killed: what it acknowledged is recorded
        with lock:
            if response.status in (200, 201):
                acked.write(ref + "\n")
                acked.flush()
                counts["acked"] += 1
            else:
                counts["refused"] += 1
        if response.status >= 500:
            print(f"{ref}: {response.status}", file=sys.stderr)


workers = [threading.Thread(target=post, args=(n,)) for n in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(f"{prefix}: {counts['acked']} acknowledged, {counts['refused']} refused")
