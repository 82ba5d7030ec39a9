"""A tiny HTTP server on 127.0.0.1 that answers Mastodon API routes with the files in recorded/."""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"
ROUTES = [
    (r"/api/v1/accounts/verify_credentials", "verify_credentials.json"),
    (r"/api/v1/notifications", "notifications.json"),
    (r"/api/v1/conversations/?", "conversations.json"),
    (r"/api/v1/statuses/\d+/context", "status_context.json"),
]


class ReplayServer:
    def __init__(self):
        self.requests: list[str] = []
        self.overrides: dict[str, str] = {}  # route pattern (or "*") → file name
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                path = self.path.split("?", 1)[0]
                name = server.overrides.get("*")
                for pattern, default in ROUTES:
                    if name is None and re.fullmatch(pattern, path):
                        name = server.overrides.get(pattern, default)
                if name is None:
                    self.send_response(404)
                    self.end_headers()
                    self.wfile.write(b'{"error":"Record not found"}')
                    return
                recorded = json.loads((RECORDED / name).read_text())
                body = recorded["body"]
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                data = data.replace(b"__SERVER__", server.url.encode())  # media addresses on this server
                self.send_response(recorded["status"])
                headers = {"Content-Type": "application/json; charset=utf-8"} | recorded["headers"]
                for key, value in headers.items():
                    if value == "__RESET_IN_120_SECONDS__":
                        value = (datetime.now(UTC) + timedelta(seconds=120)).isoformat(
                            timespec="milliseconds"
                        )
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
