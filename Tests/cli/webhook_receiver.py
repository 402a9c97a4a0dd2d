#!/usr/bin/env python3
"""A webhook receiver for the command-line test: listens on 127.0.0.1 (a free port, printed
first), appends one JSON line per request to RECORD_FILE (idempotency key, signature header,
body) and answers 204.  Usage: webhook_receiver.py RECORD_FILE"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

record = sys.argv[1]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with open(record, "a") as f:
            f.write(json.dumps({
                "key": self.headers.get("Idempotency-Key"),
                "signature": self.headers.get("X-CorridorWatch-Signature"),
                "body": body.decode("utf-8"),
            }) + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
