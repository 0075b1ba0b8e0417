"""Django's own HTTP server, as `monev demo` (runserver) and the browser tests' live server use
it, without a 40 ms stall on every response of a kept-alive connection.

The server writes a response's headers and its body in separate sends. On a connection the
browser keeps alive, Nagle's algorithm holds the body back until the headers are acknowledged,
and the browser delays that acknowledgement by ~40 ms: every page, style sheet, script and
htmx request waited so (measured: 45 ms a request kept alive against 4 ms on a new
connection). TCP_NODELAY sends each write at once. gunicorn, which serves production, sets it
itself.
"""

from __future__ import annotations

import socket
from typing import Any

from django.core.servers.basehttp import WSGIServer


class NoDelay:
    """A socketserver mixin: every accepted connection sends its writes at once."""

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()  # type: ignore[misc]
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class NoDelayWSGIServer(NoDelay, WSGIServer):
    """runserver's server (it adds threads itself) with TCP_NODELAY."""
