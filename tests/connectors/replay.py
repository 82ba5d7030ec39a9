"""A tiny HTTP server on 127.0.0.1 that answers API routes with the files in recorded/: Mastodon's by default;
Meta's Graph API with the routes and folder test_meta_recorded.py gives (tests/connectors/recorded/meta/)."""

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
    """routes: (pattern, file name) pairs, the first that matches answering. A pattern matches the path; one
    that starts with a method ("POST /v26.0/...") matches only that method; one with a literal "\\?" in it
    matches the path and the query string as sent ("/v26.0/1/media\\?.*after=QVFI.*"). Every request is kept
    in `requests` (the path with its query) and in `calls` ((method, path with query, body))."""

    def __init__(self, routes=None, root: Path = RECORDED):
        self.requests: list[str] = []
        self.calls: list[tuple[str, str, str]] = []
        self.overrides: dict[str, str] = {}  # route pattern (or "*") → file name
        routes = ROUTES if routes is None else routes
        server = self

        def matches(pattern: str, method: str, target: str) -> bool:
            wanted, _, rest = pattern.partition(" ")
            if rest and wanted.isupper():
                if wanted != method:
                    return False
                pattern = rest
            elif method != "GET":
                return False  # a route without a method answers GET only
            subject = target if "\\?" in pattern else target.split("?", 1)[0]
            return re.fullmatch(pattern, subject) is not None

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.answer("GET")

            def do_POST(self):
                self.answer("POST")

            def do_DELETE(self):
                self.answer("DELETE")

            def answer(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                server.requests.append(self.path)
                server.calls.append((method, self.path, body))
                name = server.overrides.get("*")
                for pattern, default in routes:
                    if name is None and matches(pattern, method, self.path):
                        name = server.overrides.get(pattern, default)
                if name is None:
                    self.send_response(404)
                    self.end_headers()
                    self.wfile.write(b'{"error":"Record not found"}')
                    return
                recorded = json.loads((root / name).read_text())
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
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
