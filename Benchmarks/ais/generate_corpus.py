#!/usr/bin/env python3
"""Generates a synthetic AIS corpus with pyais's encoder: a realistic mix of position reports
(types 1/2/3 and 18), base stations (4), and static/voyage data (5, two sentences each, so about
7 % of sentences are multi-part), with random field values. Seeded: the same file every run.

With --fleet N the MMSIs come from a fleet of N vessels (the realistic case for ingest: a
receiver hears the same ships again and again); without it every message has a random MMSI.

With --mix real the message types follow the shares measured in the real receiver logs the
project ships (Tests/CorridorAISTests/Resources: AisLib's stream_example.txt from the Danish
Maritime Authority, gpsd's ais-nmea.log and AisLib's replay_dump.txt; 4,272 messages decoded
by `corridorwatch ais decode`), in per cent of messages:
  1: 62.50, 5: 10.23, 3: 9.15, 20: 4.47, 4: 3.07, 18: 2.55, 24: 1.99, 8: 1.62, 15: 1.54,
  6: 0.87, 21: 0.87, 16: 0.54, 7: 0.21, 2: 0.16, 17: 0.12, 23: 0.09, 9: 0.02.
Types 5 and 21 with long names take two sentences.

Usage: generate_corpus.py OUT [SENTENCES] [--fleet N] [--mix real]
"""
import random
import sys

from pyais.encode import encode_dict

REAL_SHARES = [(1, 62.50), (5, 10.23), (3, 9.15), (20, 4.47), (4, 3.07), (18, 2.55), (24, 1.99), (8, 1.62), (15, 1.54),
               (6, 0.87), (21, 0.87), (16, 0.54), (7, 0.21), (2, 0.16), (17, 0.12), (23, 0.09), (9, 0.02)]
real_mix = "--mix" in sys.argv and sys.argv[sys.argv.index("--mix") + 1] == "real"
args = [a for a in sys.argv[1:] if not a.startswith("--") and a != "real"]
fleet_size = int(sys.argv[sys.argv.index("--fleet") + 1]) if "--fleet" in sys.argv else 0
if fleet_size:
    args = [a for a in args if a != str(fleet_size)] if len(args) > 2 else args
out, total = args[0], int(args[1]) if len(args) > 1 else 1_000_000
rng = random.Random(2026)
fleet = [rng.randint(200_000_000, 775_999_999) for _ in range(fleet_size)]
names = ["SEA ENTERPRISE", "GWADAR STAR", "INDUS TRADER", "MAKRAN PEARL", "KARACHI EXPRESS", "ARABIAN DAWN"]

def real_message(kind, mmsi):
    """A message of type `kind` with plausible random values, for the real mix."""
    other = rng.randint(200_000_000, 775_999_999)
    station = rng.randint(2_000_000, 9_999_999)
    lon, lat = 61 + rng.random() * 6, 23 + rng.random() * 3
    if kind in (1, 2, 3):
        return {"type": kind, "mmsi": mmsi, "status": rng.randint(0, 8), "turn": rng.randint(-127, 127),
                "speed": rng.randint(0, 300) / 10, "lon": lon, "lat": lat, "course": rng.randint(0, 3599) / 10,
                "heading": rng.randint(0, 359), "second": rng.randint(0, 59)}
    if kind == 4:
        return {"type": 4, "mmsi": station, "year": 2026, "month": 11, "day": 28, "hour": rng.randint(0, 23),
                "minute": rng.randint(0, 59), "second": rng.randint(0, 59), "lon": lon, "lat": lat, "epfd": 1}
    if kind == 5:
        return {"type": 5, "mmsi": mmsi, "imo": rng.randint(1_000_000, 9_999_999), "callsign": "AP%04d" % rng.randint(0, 9999),
                "shipname": rng.choice(names), "ship_type": rng.choice([30, 52, 60, 70, 80, 90]), "to_bow": rng.randint(5, 200),
                "to_stern": rng.randint(5, 200), "to_port": rng.randint(1, 30), "to_starboard": rng.randint(1, 30),
                "epfd": 1, "month": rng.randint(1, 12), "day": rng.randint(1, 28), "hour": rng.randint(0, 23),
                "minute": rng.randint(0, 59), "draught": rng.randint(10, 150) / 10, "destination": "GWADAR"}
    if kind == 18:
        return {"type": 18, "mmsi": mmsi, "speed": rng.randint(0, 300) / 10, "lon": lon, "lat": lat,
                "course": rng.randint(0, 3599) / 10, "heading": rng.randint(0, 359), "second": rng.randint(0, 59)}
    if kind == 24:
        if rng.random() < 0.5:
            return {"type": 24, "mmsi": mmsi, "partno": 0, "shipname": rng.choice(names)}
        return {"type": 24, "mmsi": mmsi, "partno": 1, "ship_type": rng.choice([36, 37, 52]), "callsign": "AP%04d" % rng.randint(0, 9999),
                "to_bow": rng.randint(2, 20), "to_stern": rng.randint(2, 20), "to_port": rng.randint(1, 5), "to_starboard": rng.randint(1, 5)}
    if kind == 20:
        return {"type": 20, "mmsi": station, "offset1": rng.randint(0, 2249), "number1": rng.randint(1, 5), "timeout1": 7,
                "increment1": rng.randint(0, 1125)}
    if kind == 8:
        return {"type": 8, "mmsi": station, "dac": 1, "fid": 31, "data": bytes(rng.randint(0, 255) for _ in range(rng.randint(8, 30)))}
    if kind == 6:
        return {"type": 6, "mmsi": station, "dest_mmsi": other, "dac": 235, "fid": 10,
                "data": bytes(rng.randint(0, 255) for _ in range(rng.randint(4, 12)))}
    if kind == 15:
        return {"type": 15, "mmsi": station, "mmsi1": other, "type1_1": 5}
    if kind == 16:
        return {"type": 16, "mmsi": station, "mmsi1": other, "offset1": rng.randint(0, 4095), "increment1": rng.randint(0, 1023)}
    if kind == 7:
        return {"type": 7, "mmsi": mmsi, "mmsi1": other}
    if kind == 21:
        return {"type": 21, "mmsi": rng.randint(992_000_000, 992_999_999), "aid_type": rng.randint(1, 30),
                "name": rng.choice(["GWADAR FAIRWAY BUOY", "PASNI LIGHT", "ORMARA ENTRANCE"]), "lon": lon, "lat": lat}
    if kind == 17:
        return {"type": 17, "mmsi": station, "lon": lon, "lat": lat, "data": bytes(rng.randint(0, 255) for _ in range(6))}
    if kind == 23:
        return {"type": 23, "mmsi": station, "ne_lon": lon + 1, "ne_lat": lat + 1, "sw_lon": lon, "sw_lat": lat}
    return {"type": 9, "mmsi": rng.randint(111_000_000, 111_999_999), "alt": rng.randint(100, 3000), "speed": rng.randint(80, 300),
            "lon": lon, "lat": lat, "course": rng.randint(0, 3599) / 10}


kinds = [k for k, _ in REAL_SHARES]
weights = [w for _, w in REAL_SHARES]
written = 0
with open(out, "w") as f:
    while written < total:
        r = rng.random()
        mmsi = rng.choice(fleet) if fleet else rng.randint(200_000_000, 775_999_999)
        if real_mix:
            msg = real_message(rng.choices(kinds, weights)[0], mmsi)
        elif r < 0.035:
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
