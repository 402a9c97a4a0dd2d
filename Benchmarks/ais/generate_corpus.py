#!/usr/bin/env python3
"""Generates a synthetic AIS corpus with pyais's encoder: a realistic mix of position reports
(types 1/2/3 and 18), base stations (4), and static/voyage data (5, two sentences each, so about
7 % of sentences are multi-part), with random field values. Seeded: the same file every run.

With --fleet N the MMSIs come from a fleet of N vessels (the realistic case for ingest: a
receiver hears the same ships again and again); without it every message has a random MMSI.

Usage: generate_corpus.py OUT [SENTENCES] [--fleet N]
"""
import random
import sys

from pyais.encode import encode_dict

args = [a for a in sys.argv[1:] if not a.startswith("--")]
fleet_size = int(sys.argv[sys.argv.index("--fleet") + 1]) if "--fleet" in sys.argv else 0
if fleet_size:
    args = [a for a in args if a != str(fleet_size)] if len(args) > 2 else args
out, total = args[0], int(args[1]) if len(args) > 1 else 1_000_000
rng = random.Random(2026)
fleet = [rng.randint(200_000_000, 775_999_999) for _ in range(fleet_size)]
names = ["SEA ENTERPRISE", "GWADAR STAR", "INDUS TRADER", "MAKRAN PEARL", "KARACHI EXPRESS", "ARABIAN DAWN"]
written = 0
with open(out, "w") as f:
    while written < total:
        r = rng.random()
        mmsi = rng.choice(fleet) if fleet else rng.randint(200_000_000, 775_999_999)
        if r < 0.035:
            msg = {"type": 5, "mmsi": mmsi, "imo": rng.randint(1_000_000, 9_999_999), "callsign": "AP%04d" % rng.randint(0, 9999),
                   "shipname": rng.choice(names), "ship_type": rng.choice([30, 52, 60, 70, 80, 90]), "to_bow": rng.randint(5, 200),
                   "to_stern": rng.randint(5, 200), "to_port": rng.randint(1, 30), "to_starboard": rng.randint(1, 30),
                   "epfd": 1, "month": rng.randint(1, 12), "day": rng.randint(1, 28), "hour": rng.randint(0, 23),
                   "minute": rng.randint(0, 59), "draught": rng.randint(10, 150) / 10, "destination": "GWADAR"}
        elif r < 0.08:
            msg = {"type": 4, "mmsi": rng.randint(2_000_000, 9_999_999), "year": 2026, "month": 11, "day": 28, "hour": 12,
                   "minute": 0, "second": 0, "lon": 62.3 + rng.random(), "lat": 25.1 + rng.random(), "epfd": 1}
        elif r < 0.25:
            msg = {"type": 18, "mmsi": mmsi, "speed": rng.randint(0, 300) / 10, "lon": 61 + rng.random() * 6,
                   "lat": 23 + rng.random() * 3, "course": rng.randint(0, 3599) / 10, "heading": rng.randint(0, 359),
                   "second": rng.randint(0, 59)}
        else:
            msg = {"type": rng.choice([1, 1, 1, 2, 3]), "mmsi": mmsi, "status": rng.randint(0, 8), "speed": rng.randint(0, 300) / 10,
                   "lon": 61 + rng.random() * 6, "lat": 23 + rng.random() * 3, "course": rng.randint(0, 3599) / 10,
                   "heading": rng.randint(0, 359), "second": rng.randint(0, 59)}
        for s in encode_dict(msg, radio_channel=rng.choice("AB"), talker_id="AI", seq_id=rng.randint(0, 9)):
            f.write(s + "\n")
            written += 1
print(f"wrote {written} sentences to {out}")
