#!/usr/bin/env python3
"""Times pyais decoding a corpus file (the peer for the AIS benchmark). Usage: decode_pyais.py FILE"""
import sys
import time

from pyais.stream import FileReaderStream

start = time.perf_counter()
n = 0
for msg in FileReaderStream(sys.argv[1]):
    msg.decode()
    n += 1
elapsed = time.perf_counter() - start
print(f"pyais: {n} messages in {elapsed:.2f} s = {n / elapsed:,.0f} messages/s")
