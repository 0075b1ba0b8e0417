"""A tiny local HTTP server playing the Telegram Bot API and a WhatsApp gateway in tests: it
records every request and can fail on demand."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeChannels:
    requests: list[Request] = field(default_factory=list)
    fail: bool = False  # answer every send with HTTP 500
    updates: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    base: str = ""
    wa_answer: dict[str, Any] | None = None  # the gateway's answer when not failing

    def telegram(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [r.body for r in self.requests if r.path.endswith(f"/{method}")]

    def whatsapp(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith("/wa/")]


def start(fake: FakeChannels) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(Request(self.path, body, dict(self.headers.items())))
            if self.path.endswith("/getUpdates"):
                offset = body.get("offset")
                if offset is not None:
                    fake.updates = [u for u in fake.updates if u["update_id"] >= offset]
                answer: Any = {"ok": True, "result": list(fake.updates)}
                status = 200
            elif fake.fail:
                answer, status = {"ok": False, "description": "Service down"}, 500
            elif self.path.startswith("/wa/") and fake.wa_answer is not None:
                answer, status = fake.wa_answer, 200
            else:
                answer, status = {"ok": True, "result": {"message_id": 1}}, 200
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
