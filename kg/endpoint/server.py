"""Running the endpoint under uvicorn: backlog, keep-alive and header timeouts, graceful SIGTERM.

uvicorn serves HTTP/1.1 with keep-alive over asyncio (uvloop where installed); both set TCP_NODELAY (no
Nagle delay on small replies); SIGTERM and Ctrl-C stop accepting, let running queries finish
(up to the query time limit), then stop the workers. A client that opens a connection and does not
send its request headers within HEADER_TIMEOUT seconds is disconnected with 408.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.endpoint.app import Endpoint, make_app

BACKLOG = 2048
HEADER_TIMEOUT = 10.0
KEEP_ALIVE_TIMEOUT = 5


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's line and headers."""

    header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._start_header_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_header_timer()

    def on_headers_complete(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None
        super().on_headers_complete()

    def connection_lost(self, exc) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
        super().connection_lost(exc)

    def _start_header_timer(self) -> None:
        if self.header_timer is None:
            self.header_timer = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing():
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            self.transport.close()


def make_config(endpoint: Endpoint, host: str, port: int, access_log: bool = True) -> uvicorn.Config:
    return uvicorn.Config(
        make_app(endpoint), host=host, port=port, http=GuardedHttpToolsProtocol, backlog=BACKLOG,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT, timeout_graceful_shutdown=int(endpoint.timeout) + 1,
        access_log=access_log, log_level="info" if access_log else "warning", server_header=False,
        proxy_headers=False, lifespan="on",
    )


def serve(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, access_log: bool = True,
          on_ready=None) -> None:
    """Serve until SIGTERM or Ctrl-C; `on_ready(url)` is called once the workers are up."""
    server = uvicorn.Server(make_config(endpoint, host, port, access_log))
    if on_ready is not None:
        original = server.startup

        async def startup(sockets=None):
            await original(sockets)
            bound = server.servers[0].sockets[0].getsockname()[:2]
            on_ready(f"http://{bound[0]}:{bound[1]}/sparql")
        server.startup = startup
    server.run()


class Background:
    """A server running in a daemon thread (for tests and benchmarks); shutdown() stops it."""

    def __init__(self, endpoint: Endpoint, host: str, port: int):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.server = uvicorn.Server(make_config(endpoint, host, port, access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the endpoint did not start")
            self.thread.join(0.05)
        bound_host, bound_port = self.socket.getsockname()[:2]
        self.url = f"http://{bound_host}:{bound_port}/sparql"

    def shutdown(self) -> None:
        self.server.should_exit = True
        self.thread.join(60)

    def server_close(self) -> None:
        self.socket.close()


def serve_in_background(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 0) -> tuple[Background, str]:
    """Start serving in a daemon thread; returns the server (call .shutdown()) and its /sparql URL."""
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    background = Background(endpoint, host, port)
    return background, background.url
