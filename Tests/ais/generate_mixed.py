#!/usr/bin/env python3
"""Generates a seeded corpus for the differential tests with pyais's encoder: every type the
decoder types (1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24 A and B, 27) with random field values
across their whole ranges, "not available" values included, two-part type 5 and 19/21 with
long names. Usage: generate_mixed.py OUT [MESSAGES]
"""
import random
import sys

from pyais.encode import encode_dict

out, total = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30_000
rng = random.Random(11)
CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -./"


def text(n):
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(1, n))).strip() or "X"


def maybe(value, unavailable, p=0.05):
    return unavailable if rng.random() < p else value


def position():
    return {"lon": maybe(round(rng.uniform(-180, 180), 6), 181), "lat": maybe(round(rng.uniform(-90, 90), 6), 91)}


def mmsi():
    return rng.randint(200_000_000, 775_999_999)


def message():
    t = rng.choice([1, 1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 24, 27])
    m = {"type": t, "mmsi": mmsi(), "repeat": rng.randint(0, 3)}
    if t in (1, 2, 3):
        m.update(position(), status=rng.randint(0, 15), turn=maybe(rng.randint(-127, 127), -128), speed=maybe(rng.randint(0, 1022) / 10, 102.3),
                 accuracy=rng.random() < 0.5, course=maybe(rng.randint(0, 3599) / 10, 360), heading=maybe(rng.randint(0, 359), 511),
                 second=rng.randint(0, 63), maneuver=rng.randint(0, 2), raim=rng.random() < 0.5, radio=rng.randint(0, 2**19 - 1))
    elif t in (4, 11):
        m.update(position(), year=rng.randint(1, 9999), month=rng.randint(1, 12), day=rng.randint(1, 31), hour=rng.randint(0, 23),
                 minute=rng.randint(0, 59), second=rng.randint(0, 59), accuracy=rng.random() < 0.5, epfd=rng.randint(0, 8),
                 raim=rng.random() < 0.5, radio=rng.randint(0, 2**19 - 1))
    elif t == 5:
        m.update(ais_version=rng.randint(0, 2), imo=rng.randint(1_000_000, 9_999_999), callsign=text(7), shipname=text(20),
                 ship_type=rng.randint(1, 99), to_bow=rng.randint(0, 511), to_stern=rng.randint(0, 511), to_port=rng.randint(0, 63),
                 to_starboard=rng.randint(0, 63), epfd=rng.randint(0, 8), month=rng.randint(1, 12), day=rng.randint(1, 31),
                 hour=rng.randint(0, 23), minute=rng.randint(0, 59), draught=rng.randint(0, 255) / 10, destination=text(20),
                 dte=rng.random() < 0.5)
    elif t == 9:
        m.update(position(), alt=rng.randint(0, 4094), speed=rng.randint(0, 1022), accuracy=rng.random() < 0.5,
                 course=rng.randint(0, 3599) / 10, second=rng.randint(0, 59), dte=rng.random() < 0.5, assigned=rng.random() < 0.5,
                 raim=rng.random() < 0.5, radio=rng.randint(0, 2**20 - 1))
    elif t == 18:
        m.update(position(), speed=maybe(rng.randint(0, 1022) / 10, 102.3), accuracy=rng.random() < 0.5,
                 course=maybe(rng.randint(0, 3599) / 10, 360), heading=maybe(rng.randint(0, 359), 511), second=rng.randint(0, 59),
                 cs=rng.random() < 0.5, display=rng.random() < 0.5, dsc=rng.random() < 0.5, band=rng.random() < 0.5,
                 msg22=rng.random() < 0.5, assigned=rng.random() < 0.5, raim=rng.random() < 0.5, radio=rng.randint(0, 2**19 - 1))
    elif t == 19:
        m.update(position(), speed=rng.randint(0, 1022) / 10, accuracy=rng.random() < 0.5, course=rng.randint(0, 3599) / 10,
                 heading=rng.randint(0, 359), second=rng.randint(0, 59), shipname=text(20), ship_type=rng.randint(1, 99),
                 to_bow=rng.randint(0, 511), to_stern=rng.randint(0, 511), to_port=rng.randint(0, 63), to_starboard=rng.randint(0, 63),
                 epfd=rng.randint(0, 8), raim=rng.random() < 0.5, dte=rng.random() < 0.5, assigned=rng.random() < 0.5)
    elif t == 21:
        m.update(position(), aid_type=rng.randint(0, 31), name=text(20), accuracy=rng.random() < 0.5, to_bow=rng.randint(0, 511),
                 to_stern=rng.randint(0, 511), to_port=rng.randint(0, 63), to_starboard=rng.randint(0, 63), epfd=rng.randint(0, 8),
                 second=rng.randint(0, 59), off_position=rng.random() < 0.5, raim=rng.random() < 0.5, virtual_aid=rng.random() < 0.5,
                 assigned=rng.random() < 0.5)
    elif t == 24:
        if rng.random() < 0.5:
            m.update(partno=0, shipname=text(20))
        else:
            m.update(partno=1, ship_type=rng.randint(1, 99), vendorid=text(3).ljust(3, "A")[:3], model=rng.randint(0, 15),
                     serial=rng.randint(0, 2**20 - 1), callsign=text(7), to_bow=rng.randint(0, 511), to_stern=rng.randint(0, 511),
                     to_port=rng.randint(0, 63), to_starboard=rng.randint(0, 63))
    else:  # 27
        m.update(accuracy=rng.random() < 0.5, raim=rng.random() < 0.5, status=rng.randint(0, 15),
                 lon=round(rng.uniform(-180, 180), 1), lat=round(rng.uniform(-90, 90), 1), speed=maybe(rng.randint(0, 62), 63),
                 course=maybe(rng.randint(0, 359), 511), gnss=rng.random() < 0.5)
    return m


written = 0
with open(out, "w") as f:
    while written < total:
        m = message()
        for s in encode_dict(m, radio_channel=rng.choice("AB"), talker_id=rng.choice(["AI", "AB", "BS"]), seq_id=rng.randint(0, 9)):
            f.write(s + "\n")
        written += 1
print(f"wrote {written} messages to {out}")
