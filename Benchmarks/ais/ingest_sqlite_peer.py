#!/usr/bin/env python3
"""Peer for the ingest benchmark: re-inserts the positions CorridorWatch stored into a fresh
table of the same schema and settings (WAL, synchronous=FULL, 64 KiB pages) with Python's
sqlite3 executemany, 100,000 rows per transaction like the ingest's default batch, each batch
sorted by key as the ingest sorts it.
Usage: ingest_sqlite_peer.py DB"""
import os
import sqlite3
import sys
import time

src = sqlite3.connect(sys.argv[1])
rows = src.execute("SELECT mmsi, at_ms, lat, lon, speed, course, heading, status, type, source FROM vessel_positions").fetchall()
path = sys.argv[1] + ".peer"
db = sqlite3.connect(path, isolation_level=None)
for pragma in ["page_size=65536", "journal_mode=WAL", "synchronous=FULL", "cache_size=-65536", "temp_store=MEMORY"]:
    db.execute("PRAGMA " + pragma)
db.execute("""CREATE TABLE vessel_positions (mmsi INTEGER NOT NULL, at_ms INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
  speed REAL, course REAL, heading INTEGER, status INTEGER, type INTEGER NOT NULL, source TEXT, PRIMARY KEY (mmsi, at_ms)) WITHOUT ROWID""")
# Rows in the order they arrived (by time), as a feed delivers them; each batch sorted by key.
rows.sort(key=lambda r: r[1])
start = time.perf_counter()
for i in range(0, len(rows), 100_000):
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR IGNORE INTO vessel_positions VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(rows[i:i + 100_000]))
    db.execute("COMMIT")
elapsed = time.perf_counter() - start
print(f"peer, Python sqlite3 executemany (insert only, rows already decoded): {len(rows)} rows in {elapsed:.2f} s = {len(rows) / elapsed:,.0f} rows/s")
os.remove(path)
