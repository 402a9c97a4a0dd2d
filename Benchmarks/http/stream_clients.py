#!/usr/bin/env python3
"""Opens N alert streams on one server and measures what a subscriber sees (issue 14, "Load").

Usage: stream_clients.py URL TOKEN STREAMS EVENTS SERVER_PID

Every stream is GET /api/v1/alerts/stream with the analyst's API token, read by asyncio on one
connection each (127.0.0.1 only). Once all are open, the server's resident memory is read from
/proc; then EVENTS severe events near Gwadar Port are posted one by one, each raising the
"severe event near a site" alert, and every stream records when that alert's frame arrived.
The time from just before the POST to the frame's arrival is one sample per stream per event.
Prints one JSON object: streams opened, refused, memory before and after, and delivery
latency p50/p90/p99/max in milliseconds over all samples."""
import asyncio
import json
import sys
import time
import urllib.request
from urllib.parse import urlparse

url, token, streams, events, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
host, port = urlparse(url).hostname, urlparse(url).port
assert host == "127.0.0.1", "load goes to 127.0.0.1 only"
posted = {}  # event id -> monotonic time just before its POST
arrivals = []  # (alert id, monotonic arrival time), from every stream


def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def latest_seq():
    request = urllib.request.Request(f"{url}/api/v1/alerts?limit=1", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request))["next_after"]


async def stream(after, opened, done):
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
    writer.write(
        f"GET /api/v1/alerts/stream?after={after}&kind=event.severe_near_site&max={events}&timeout=600 HTTP/1.1\r\n"
        f"Host: {host}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    status = (await reader.readline()).decode()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    ok = " 200 " in status
    opened.append(ok)
    seen = 0
    if ok:
        while seen < events:
            line = await reader.readline()
            if not line:
                break
            if line.startswith(b"data: "):
                arrivals.append((json.loads(line[6:])["id"], time.monotonic()))
                seen += 1
    writer.close()
    done.append(seen)


def post(ref):
    body = json.dumps({
        "occurred_at": "2026-11-28T06:00:00Z", "location": {"lat": 25.13, "lon": 62.33}, "domain": "terrorism_insurgency",
        "type": "armed_assault", "severity": 5, "tlp": "GREEN", "title": f"SYNTHETIC stream benchmark {ref}",
        "source": "stream-bench", "source_ref": ref}).encode()
    request = urllib.request.Request(
        f"{url}/api/v1/events", data=body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    started = time.monotonic()
    posted[json.load(urllib.request.urlopen(request))["id"]] = started


async def main():
    after = latest_seq()
    before = rss_kib()
    opened, done = [], []
    tasks = [asyncio.create_task(stream(after, opened, done)) for _ in range(streams)]
    while len(opened) < streams:
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # let the server settle before reading its memory
    during = rss_kib()
    loop = asyncio.get_running_loop()
    for i in range(events):
        await loop.run_in_executor(None, post, f"sb-{i:04d}-{time.time_ns()}")
        await asyncio.sleep(1.5)  # longer than the poll interval, so events do not share a poll
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
    samples = sorted((at - posted[alert.split("-", 1)[1]]) * 1000 for alert, at in arrivals if alert.split("-", 1)[1] in posted)

    def pct(p):
        return round(samples[min(len(samples) - 1, int(p * len(samples)))], 1) if samples else None

    print(json.dumps({
        "streams": streams, "opened": sum(opened), "refused": len(opened) - sum(opened), "events": events,
        "samples": len(samples), "expected_samples": sum(opened) * events,
        "rss_before_kib": before, "rss_with_streams_kib": during,
        "kib_per_stream": round((during - before) / max(1, sum(opened)), 1),
        "latency_ms": {"p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99), "max": round(samples[-1], 1) if samples else None},
    }))


asyncio.run(main())
