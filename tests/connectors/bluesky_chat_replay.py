"""A small HTTP server on 127.0.0.1 that answers as a Bluesky PDS with its chat proxy (or as the chat
service behind a real PDS), from the files in recorded/bluesky_chat/. See recorded/README.md."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RECORDED = Path(__file__).parent / "recorded" / "bluesky_chat"
ORG_DID = "did:plc:hrbrorg2yk3vq4m5n6p7a2bc"
ORG_HANDLE = "derbyyouth.bsky.social"
ROUTES = {  # XRPC method → the file that answers it
    "app.bsky.notification.listNotifications": "no_notifications.json",
    "app.bsky.feed.getPosts": "no_posts.json",
    "chat.bsky.convo.listConvos": "list_convos.json",
    "chat.bsky.convo.getLog": "get_log.json",  # {"pages": {cursor: answer}}; another cursor is InvalidCursor
    "chat.bsky.convo.getConvo": "get_convo.json",
}


def _jwt(payload: dict) -> str:
    """A token shaped like the PDS's (the SDK reads its expiry); nothing here checks the signature."""
    part = lambda data: base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(payload)}.c2lnbmF0dXJl"


def _session() -> dict:
    now = int(time.time())
    return {
        "did": ORG_DID,
        "handle": ORG_HANDLE,
        "active": True,
        "accessJwt": _jwt(
            {"scope": "com.atproto.appPassPrivileged", "sub": ORG_DID, "iat": now, "exp": now + 7200}
        ),
        "refreshJwt": _jwt({"scope": "com.atproto.refresh", "sub": ORG_DID, "iat": now, "exp": now + 86400}),
    }


class ChatReplay:
    """requests: (method, path, query, headers) of each call. overrides: XRPC method (or "*") → file."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict, dict]] = []
        self.overrides: dict[str, str] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((method, parts.path, query, headers))
                if parts.path == "/.well-known/did.json":  # when a real PDS resolves this as its chat service
                    return self._send(200, {}, server.did_document())
                nsid = parts.path.removeprefix("/xrpc/")
                if nsid == "com.atproto.server.createSession":
                    return self._send(200, {}, _session())
                name = server.overrides.get("*") or server.overrides.get(nsid) or ROUTES.get(nsid)
                if name is None:
                    return self._send(501, {}, {"error": "MethodNotImplemented", "message": nsid})
                recorded = json.loads((RECORDED / name).read_text())
                if "pages" in recorded:
                    recorded = recorded["pages"].get(
                        query.get("cursor", ""),
                        {
                            "status": 400,
                            "headers": {},
                            "body": {"error": "InvalidCursor", "message": "Invalid cursor"},
                        },
                    )
                self._send(recorded["status"], recorded["headers"], recorded["body"])

            def _send(self, status, headers, body):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                data = data.replace(b"__SERVER__", server.url.encode())  # media addresses on this server
                self.send_response(status)
                for key, value in ({"Content-Type": "application/json; charset=utf-8"} | headers).items():
                    if value == "__RESET_IN_120_SECONDS__":
                        value = str(int(time.time()) + 120)
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer("POST")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}"
        # A real PDS resolves did:web:localhost%3A<port> over http and forwards chat.bsky.* here.
        self.did = f"did:web:localhost%3A{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def did_document(self) -> dict:
        return {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": self.did,
            "service": [
                {
                    "id": "#bsky_chat",
                    "type": "BskyChatService",
                    "serviceEndpoint": self.url.replace("127.0.0.1", "localhost"),
                }
            ],
        }

    def calls(self, nsid: str) -> list[tuple[str, str, dict, dict]]:
        return [r for r in self.requests if r[1] == f"/xrpc/{nsid}"]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
