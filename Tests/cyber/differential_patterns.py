#!/usr/bin/env python3
"""STIX patterning against the OASIS validator (stix2-patterns, PyPI): the same accept/reject
decision on every pattern of a generated corpus.

The corpus is seeded and reproducible: valid patterns built from the whole grammar (every
operator, literal kind, path step, qualifier and observation operator), and invalid ones made
by mutating them (a word dropped, doubled or swapped, a character changed or inserted) plus a
list of hand-written near misses. Patterns on which the peer itself raises an exception (the empty
pattern, a negative list index, a list index as a hash selector) are left out and counted; the
grammar accepts the last two, and so do we.

Usage: differential_patterns.py BIN [COUNT] [SEED]
"""
import json
import random
import subprocess
import sys

from stix2patterns.validator import run_validator

BIN = sys.argv[1]
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)

TYPES = ["ipv4-addr", "ipv6-addr", "domain-name", "url", "file", "email-addr", "network-traffic", "x509-certificate",
         "user-account", "process", "x-corridor-scada", "artifact"]
PROPS = ["value", "name", "size", "src_port", "dst_ref", "hashes", "extensions", "created", "pid", "subject", "_x", "a1"]
HASHES = [("MD5", 32), ("'SHA-1'", 40), ("'SHA-256'", 64), ("SHA256", 64), ("'SHA-512'", 128), ("SSDEEP", 0), ("MD6", 32),
          ("'SHA3-256'", 64), ("WHIRLPOOL", 128), ("'x-custom'", 10)]


def hexs(n):
    return "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(n))


def string_literal():
    body = rng.choice(["198.51.100.7", "tos.gwadar.example", "http://a/b?c=d", "it\\'s", "back\\\\slash", "%.exe", "a_b%",
                       "^evil[0-9]+$", "10.0.0.0/8", "", "ٹرمینل", "码头", " spaced ", "/*x*/", "line\nbreak"])
    return "'" + body + "'"


def timestamp():
    frac = rng.choice(["", ".5", ".123456"])
    return "t'%04d-%02d-%02dT%02d:%02d:%02d%sZ'" % (rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28),
                                                    rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), frac)


def literal(orderable=False):
    kinds = ["int", "negint", "float", "negfloat", "string", "string", "binary", "hex", "timestamp"]
    if not orderable:
        kinds.append("bool")
    k = rng.choice(kinds)
    if k == "int":
        return rng.choice(["0", "7", "443", "+12", "99999999999999999999"])
    if k == "negint":
        return rng.choice(["-1", "-0", "-65536"])
    if k == "float":
        return rng.choice(["0.5", ".25", "+3.0", "1234.5678"])
    if k == "negfloat":
        return rng.choice(["-0.5", "-.75"])
    if k == "string":
        return string_literal()
    if k == "binary":
        return rng.choice(["b'AAEC'", "b'aGVsbG8='", "b'aGk='", "b'QUJD'"])
    if k == "hex":
        return "h'" + hexs(2 * rng.randint(0, 6)) + "'"
    if k == "timestamp":
        return timestamp()
    return rng.choice(["true", "false"])


def path():
    t = rng.choice(TYPES)
    if rng.random() < 0.2:
        name, n = rng.choice(HASHES)
        value = "'" + (hexs(n) if n else "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C") + "'"
        if rng.random() < 0.15:
            value = "'" + hexs(rng.randint(1, 70)) + "'"
        return "%s:hashes.%s" % (t, name), value
    p = t + ":" + rng.choice(PROPS + ["'quoted-prop'"])
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        step = rng.random()
        if step < 0.5:
            p += "." + rng.choice(["value", "request_header", "'http-request-ext'", "Host", "x_y"])
        elif step < 0.75:
            p += "[*]"
        else:
            p += "[%d]" % rng.randint(0, 5)
    return p, None


def prop_test(depth):
    if depth < 2 and rng.random() < 0.15:
        return "(" + comparison(depth + 1) + ")"
    p, hash_value = path()
    neg = "NOT " if rng.random() < 0.2 else ""
    if hash_value is not None:
        return "%s %s%s %s" % (p, neg, rng.choice(["=", "!="]), hash_value)
    op = rng.choice(["=", "==", "!=", "<>", "<", "<=", ">", ">=", "IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "EXISTS"])
    if op == "EXISTS":
        return "%sEXISTS %s" % (neg, p)
    if op in ("=", "==", "!=", "<>"):
        return "%s %s%s %s" % (p, neg, op, literal())
    if op in ("<", "<=", ">", ">="):
        return "%s %s%s %s" % (p, neg, op, literal(orderable=True))
    if op == "IN":
        members = ", ".join(literal() for _ in range(rng.randint(0, 4)))
        return "%s %sIN (%s)" % (p, neg, members)
    return "%s %s%s %s" % (p, neg, op, string_literal())


def comparison(depth=0):
    parts = [prop_test(depth) for _ in range(rng.choice([1, 1, 2, 3]))]
    out = parts[0]
    for part in parts[1:]:
        out += rng.choice([" AND ", " OR "]) + part
    return out


def qualifiers():
    out = ""
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        q = rng.random()
        if q < 0.4:
            out += " WITHIN %s SECONDS" % rng.choice(["1", "300", "0.5", "86400"])
        elif q < 0.7:
            out += " REPEATS %d TIMES" % rng.randint(1, 9)
        else:
            out += " START %s STOP %s" % (timestamp(), timestamp())
    return out


def observation(depth=0):
    if depth < 2 and rng.random() < 0.2:
        return "(" + observations(depth + 1) + ")" + qualifiers()
    return "[" + comparison() + "]" + qualifiers()


def observations(depth=0):
    out = observation(depth)
    for _ in range(rng.choice([0, 0, 1, 2])):
        out += rng.choice([" AND ", " OR ", " FOLLOWEDBY "]) + observation(depth)
    return out


def tokens_of(pattern):
    return pattern.split(" ")


def mutate(pattern):
    kind = rng.random()
    if kind < 0.25:
        words = tokens_of(pattern)
        del words[rng.randrange(len(words))]
        return " ".join(words)
    if kind < 0.4:
        words = tokens_of(pattern)
        i = rng.randrange(len(words))
        words.insert(i, words[i])
        return " ".join(words)
    if kind < 0.5:
        words = tokens_of(pattern)
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
        return " ".join(words)
    i = rng.randrange(len(pattern) + 1)
    c = rng.choice("[]()':.,=<>!-+*/\\ \tabAZ09_\u00a0\u3000#\"tbhx")
    if kind < 0.75:
        return pattern[:i] + c + pattern[i:]
    return pattern[:i] + c + pattern[i + 1:]


NEAR_MISSES = [
    "", " ", "[]", "[a:b]", "[a:b =]", "[a:b = 1", "a:b = 1]", "[a:b = 1]]", "[a:b = 01]", "[a:b = 1.]", "[a:b = -]",
    "[a:b = h'abc']", "[a:b = b'']", "[a:b = b'A']", "[a:b = b'AA==']", "[a:b = b'AAA=']", "[a:b = b'AAAA']",
    "[a:b = t'2020-13-01T00:00:00Z']", "[a:b = t'2020-02-30T00:00:00Z']", "[a:b = t'2020-01-01T24:00:00Z']",
    "[a:b = t'2020-01-01T23:59:60Z']", "[a:b = t'2020-01-01T23:59:60.5Z']", "[a:b = t'2020-01-01 23:59:59Z']",
    "[a:b = 'x'] WITHIN 0 SECONDS", "[a:b = 'x'] WITHIN -1 SECONDS", "[a:b = 'x'] REPEATS 0 TIMES",
    "[a:b = 'x'] REPEATS 1.5 TIMES", "[a:b = 'x'] START '2020' STOP '2021'", "[a:b = true]", "[a:b < true]",
    "[a:b IN ()]", "[a:b IN (1,)]", "[a:b IN 1]", "[a:b LIKE 1]", "[NOT EXISTS a:b]", "[EXISTS a:b.c[*]]",
    "[a:b NOT = 1]", "[a:b = 1] AND NOT [a:b = 2]", "[AND:b = 1]", "[a:AND = 1]", "[a:'b' = 1]", "[a:b.'c-d' = 1]",
    "[a:b-c = 1]", "[a-:b = 1]", "[_a:_b = 1]", "[1a:b = 1]", "[a:b[-1] = 1]", "[a:b = 1] // c",
    "[a:b = 1] /* c", "/* c */ [a:b = 1]", "[a:b = 'x\\y']", "[a:b = 'x\\\\y']", "[a:b = 'x\\'y']", "[a:b = \"x\"]",
    "[a:b = 'x'] FOLLOWEDBY", "[a:b = 'x'] followedby [c:d = 1]", "[a:b = 'x'] and [c:d = 1]", "[a:b = TRUE]",
    "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427']",
    "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e\n']", "[file:hashes.md5 = 1]", "[file:hashes[*] = 'x']",
    "[file:hashes.MD6 = 'd41d8cd98f00b204e9800998ecf8427eZZ']", "[file:hashes.SSDEEP = '']", "[a:b = 1]\u00a0",
    "[a:b = 1] WITHIN 1 SECONDS WITHIN 2 SECONDS", "([a:b = 1]) WITHIN 1 SECONDS WITHIN 2 SECONDS",
    "([a:b = 1] WITHIN 1 SECONDS) WITHIN 2 SECONDS", "[a:b = 1] REPEATS 2 TIMES WITHIN 1 SECONDS REPEATS 3 TIMES",
    "[a:b = 1] START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z' START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'",
    "[a:b = 1] LAST 5 SECONDS", "[a:b = 1] WITHIN 5 SECONDS", "[a:b == 1]", "[a:b <> 1]", "[a:b ! = 1]", "[a:b =< 1]",
    "[a:b = 1] OR ([c:d = 2] AND [e:f = 3]) FOLLOWEDBY [g:h = 4]", "[(a:b = 1 OR c:d = 2) AND e:f = 3]", "[(a:b = 1]",
    "[a:b = 1e5]", "[a:b = 0x10]", "[a:b = +0]", "[a:b = -0.0]", "[a:b = ++1]", "[a:b.c.d.e[0][*].f = 1]", "[a:b[*][*] = 1]",
    "[a :b = 1]", "[a: b = 1]", "[a:b .c = 1]", "[a:b. c = 1]", "[a:b = 1]\x00", "[a:b = '\x00']", "[a:b = 1]\u200b",
]


def corpus():
    seen = set()
    out = []
    for p in NEAR_MISSES:
        if p not in seen:
            seen.add(p)
            out.append(p)
    while len(out) < COUNT:
        p = observations()
        if rng.random() < 0.5:
            for _ in range(rng.choice([1, 1, 2])):
                p = mutate(p)
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def peer(pattern):
    """True/False, or None when stix2-patterns itself fails on the pattern."""
    try:
        return len(run_validator(pattern, stix_version="2.1")) == 0
    except Exception:
        return None


patterns = corpus()
decisions = [peer(p) for p in patterns]
checked = [(p, d) for p, d in zip(patterns, decisions) if d is not None]
skipped = len(patterns) - len(checked)
lines = "".join(json.dumps({"pattern": p}) + "\n" for p, _ in checked)
run = subprocess.run([BIN, "intel", "pattern", "--jsonl", "-"], input=lines.encode(), capture_output=True)
ours = [json.loads(line) for line in run.stdout.decode().splitlines()]
if len(ours) != len(checked):
    sys.exit("FAIL patterns: %d results for %d patterns (exit %d): %s" % (len(ours), len(checked), run.returncode,
                                                                          run.stderr.decode()[-500:]))
disagree = [(p, d, o) for (p, d), o in zip(checked, ours) if d != o["valid"]]
for p, d, o in disagree[:15]:
    print("  disagree: %r stix2-patterns=%s ours=%s %s" % (p, "valid" if d else "invalid", "valid" if o["valid"] else "invalid",
                                                           o.get("error", "")))
valid = sum(1 for _, d in checked if d)
no_column = sum(1 for o in ours if not o["valid"] and not o.get("column"))
if disagree or no_column:
    sys.exit("FAIL patterns: %d of %d decisions differ from stix2-patterns; %d errors without a column" %
             (len(disagree), len(checked), no_column))
print("patterns: %d (%d valid, %d invalid) decided as stix2-patterns decides; every rejection names its column; "
      "%d left out where stix2-patterns itself fails" % (len(checked), valid, len(checked) - valid, skipped))
