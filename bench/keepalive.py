"""Per-request time of Django's built-in server on a kept-alive connection, with and without
TCP_NODELAY (monev.core.servers). Prints milliseconds per request; run with the project's venv:
    .venv/bin/python bench/keepalive.py
"""

from __future__ import annotations

import http.client
import threading
import time
from socketserver import ThreadingMixIn

from django.conf import settings

settings.configure()  # the server needs none of the project's settings

from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer  # noqa: E402

from monev.core.servers import NoDelayWSGIServer  # noqa: E402

BODY = b"x" * 2_000  # a small page or an htmx fragment


class Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def app(environ: dict, start_response: object) -> list[bytes]:
    headers = [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))]
    start_response("200 OK", headers)  # type: ignore[operator]
    return [BODY]


def per_request(server_cls: type[WSGIServer], n: int = 50) -> float:
    # threaded, as runserver and the tests' live server are
    threaded = type("Threaded", (ThreadingMixIn, server_cls), {"daemon_threads": True})
    server = threaded(("127.0.0.1", 0), Quiet)
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection(*server.server_address[:2])
        connection.request("GET", "/")
        connection.getresponse().read()
        start = time.perf_counter()
        for _ in range(n):
            connection.request("GET", "/")
            connection.getresponse().read()
        return (time.perf_counter() - start) / n * 1000
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    print(f"Django's WSGIServer, kept alive:  {per_request(WSGIServer):6.1f} ms a request")
    print(f"with TCP_NODELAY, kept alive:     {per_request(NoDelayWSGIServer):6.1f} ms a request")
