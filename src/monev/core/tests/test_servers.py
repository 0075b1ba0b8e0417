"""The built-in server (`monev demo`'s runserver, the browser tests' live server) sends each
response at once: every accepted connection has TCP_NODELAY (monev.core.servers). Without it a
kept-alive connection waited ~40 ms per response (bench/keepalive.py prints both)."""

from __future__ import annotations

import socket

from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

from monev.core.servers import NoDelayWSGIServer


def _accepted(server_cls: type[WSGIServer]) -> int:
    """TCP_NODELAY of the server side of one accepted connection."""
    server = server_cls(("127.0.0.1", 0), WSGIRequestHandler)
    try:
        with socket.create_connection(server.server_address[:2], timeout=5):
            connection, _address = server.get_request()
            try:
                return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            finally:
                connection.close()
    finally:
        server.server_close()


def test_each_accepted_connection_sends_its_writes_at_once() -> None:
    assert _accepted(NoDelayWSGIServer) != 0
    assert _accepted(WSGIServer) == 0  # Django's own: what the mixin changes


def test_the_demo_serves_with_it() -> None:
    from django.contrib.staticfiles.management.commands.runserver import Command

    from monev.demo.management.commands.demo import NoDelayRunserver

    assert NoDelayRunserver.server_cls is NoDelayWSGIServer
    # staticfiles' runserver: the static files are still served under DEBUG
    assert issubclass(NoDelayRunserver, Command)
