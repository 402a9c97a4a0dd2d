#!/usr/bin/env python3
"""A live AIS source for the PostgreSQL restart test: listens on 127.0.0.1 (a free port,
written to PORT_FILE), and to each client in turn sends one class A position report per line,
RATE lines a second, each with its own receive time (an NMEA 4.10 tag block), so every line is
a distinct position. After each line that was handed to the kernel whole it writes the number
sent so far to COUNT_FILE. Runs until SIGTERM.  Usage: ais_source.py PORT_FILE COUNT_FILE RATE

The report is the labelled SYNTHETIC vessel of Tests/fixtures (MMSI 463012345)."""
import signal
import socket
import sys
import time

port_file, count_file, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
SENTENCE = "!AIVDO,1,1,,A,16qT1v@P1a4M;u0>G<83Q2n1P000,0*14"


def tagged(seconds):
    tag = f"s:ais-source,c:{seconds}"
    checksum = 0
    for ch in tag:
        checksum ^= ord(ch)
    return f"\\{tag}*{checksum:02X}\\{SENTENCE}\r\n".encode()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(1)
with open(port_file, "w") as f:
    f.write(str(server.getsockname()[1]))
# SIGTERM ends the loop between lines, so COUNT_FILE always holds what was sent in full.
# Waiting for a client, it just exits.
stopping = False
sending = False


def stop(*_):
    global stopping
    if not sending:
        sys.exit(0)
    stopping = True


signal.signal(signal.SIGTERM, stop)
sent = 0
while not stopping:
    conn, _ = server.accept()
    # A reader stalled this long is taken for gone, so SIGTERM is never stuck behind a send.
    conn.settimeout(10)
    sending = True
    try:
        while not stopping:
            conn.sendall(tagged(1_780_000_000 + sent))
            sent += 1
            with open(count_file, "w") as f:
                f.write(str(sent))
            time.sleep(1 / rate)
    except OSError:
        # The server went away (killed): the next one connects again, and numbering goes on.
        conn.close()
    sending = False
