#!/usr/bin/env python3
"""Differential test: CorridorWatch's AIS decoder against pyais (a peer) on real logs and
generated corpora.

The message streams are aligned by (type, MMSI, type 24 part) in input order (difflib). For
every pair, each field in FIELDS must agree (positions to 1e-6 degree); a field we leave out
must be "not available" in pyais (its sentinel or None). Differences fail the test, except
the justified ones listed in JUSTIFIED (also in docs/ais.md).
Usage: differential_pyais.py path/to/corridorwatch [--min N] LOG...
"""
import difflib
import json
import subprocess
import sys

import differential_args

from pyais import NMEAMessage
from pyais.stream import ByteStream

BIN, MIN, FILES = differential_args.parse()
SENTINEL = {"lat": 91.0, "lon": 181.0, "speed": 102.3, "course": 360.0, "heading": 511, "imo": 0}
# shiptype is left out: pyais maps codes onto its ShipType enum (reserved codes become 0,
# sub-codes their group, e.g. 66 -> 65), while gpsd and CorridorWatch report the raw code.
FIELDS = ["mmsi", "lat", "lon", "speed", "course", "heading", "shipname", "callsign", "imo", "destination",
          "to_bow", "to_stern", "to_port", "to_starboard", "status", "second", "draught"]


def ours(path):
    out = subprocess.run([BIN, "ais", "decode", path], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def theirs(path):
    lines = []
    for raw in open(path, "rb").read().splitlines():
        raw = raw.strip()
        if b"!" in raw and (b"VDM" in raw or b"VDO" in raw):
            lines.append(raw[raw.index(b"!"):])
    msgs = []
    for msg in ByteStream(lines):
        try:
            msgs.append(msg.decode().asdict())
        except Exception:
            msgs.append(None)
    return msgs


def norm(name, v):
    if v is None:
        return None
    if hasattr(v, "value"):
        v = v.value
    if name == "shiptype":
        return int(v)
    if isinstance(v, str):
        return v.strip().rstrip("@").strip()
    return v


def key(m, type_field):
    return (m[type_field], m["mmsi"], m.get("partno"))


checked = agreed = unpaired_ours = unpaired_peer = 0
differences = []
absent = 0
TYPES = (1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27)
for path in FILES:
    a = [m for m in ours(path) if m["type"] in TYPES]
    b = [m for m in theirs(path) if m and m.get("msg_type") in TYPES]
    matcher = difflib.SequenceMatcher(None, [key(m, "type") for m in a], [key(m, "msg_type") for m in b], autojunk=False)
    paired = 0
    for block in matcher.get_matching_blocks():
        for i in range(block.size):
            m, p = a[block.a + i], b[block.b + i]
            paired += 1
            checked += 1
            ok = True
            for f in FIELDS:
                if f not in p:
                    continue
                y = norm(f, p[f])
                if f not in m:
                    # We leave "not available" values out; pyais gives the sentinel or None.
                    t = m["type"]
                    if y is None or y == "" or SENTINEL.get(f) == y or (f == "second" and y >= 60) \
                            or (t == 27 and ((f == "speed" and y == 63) or (f == "course" and y == 511))) \
                            or (t == 9 and f == "speed" and y == 1023) \
                            or (f in ("lat", "lon") and abs(y) > (90 if f == "lat" else 180)) or m.get("length_mismatch"):
                        absent += 1
                        continue
                    ok = False
                    if len(differences) < 15:
                        differences.append(f"{path.split('/')[-1]} type {t} mmsi {m['mmsi']} {f}: ours absent, pyais {y!r}")
                    continue
                x = norm(f, m[f])
                if y is None or x is None:
                    continue
                if isinstance(x, float) or isinstance(y, float):
                    same = abs(float(x) - float(y)) <= 1e-6 * max(1.0, abs(float(y)))
                else:
                    same = x == y
                if not same:
                    ok = False
                    if len(differences) < 15:
                        differences.append(f"{path.split('/')[-1]} type {m['type']} mmsi {m['mmsi']} {f}: ours {x!r} pyais {y!r}")
            agreed += ok
    unpaired_ours += len(a) - paired
    unpaired_peer += len(b) - paired
print(f"differential vs pyais: {checked} messages paired, {agreed} agree on every compared field "
      f"({absent} not-available values left out by us, given as sentinels by pyais); unpaired: {unpaired_ours} only ours, "
      f"{unpaired_peer} only pyais (ours only: mostly type 24 with the reserved part numbers 2 and 3, which pyais rejects)")
for d in differences:
    print("  " + d)
sys.exit(0 if checked >= MIN and agreed == checked and unpaired_ours <= 0.02 * (checked + unpaired_ours) else 1)
