"""A hostile network on loopback: an HTTP proxy that drops, resets, delays, fails, duplicates and reorders.

The sync client talks to the proxy as if it were the server. For each request a seeded
generator picks what happens:

* ``pass``: forwarded, the answer returned;
* ``drop_before`` / ``drop_after``: the connection is closed without an answer, before
  forwarding or — the nasty one — after the server processed the request;
* ``reset``: the connection is reset (RST) after forwarding;
* ``delay``: forwarded after a pause;
* ``error_500`` / ``error_502`` / ``error_503``: an error answer without forwarding;
  ``error_after``: forwarded, then a 502 instead of the server's answer;
* ``duplicate``: forwarded twice, the second answer returned;
* ``reorder``: forwarded now, and a copy is forwarded again later, after another request
  (a stale request arriving late; its answer is thrown away).

Counts of each fault are kept so a test can check the faults really happened. Given several
upstreams, it forwards to each in turn (a round-robin load balancer in front of several app
processes).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

__all__ = ["FAULTS", "FaultProxy"]

FAULTS = (
    "drop_before",
    "drop_after",
    "reset",
    "delay",
    "error_500",
    "error_502",
    "error_503",
    "error_after",
    "duplicate",
    "reorder",
)
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class FaultProxy:
    """Forwards ``http://127.0.0.1:<port>`` to ``upstream`` (or to each of several in turn) with
    faults at rate ``fault_rate``."""

    def __init__(
        self, upstream: str | list[str], seed: int = 7, fault_rate: float = 0.3, max_delay: float = 0.05
    ) -> None:
        self.upstreams = [url.rstrip("/") for url in ([upstream] if isinstance(upstream, str) else upstream)]
        self._turn = 0
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.max_delay = max_delay
        self.counts: Counter[str] = Counter()
        self.forced: str | None = None  # a test may force one fault for every request
        self.lock = threading.Lock()
        self._stale: list[tuple[str, str, dict[str, str], bytes]] = []
        self._client = httpx.Client(timeout=30)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                proxy._handle(self)

            def do_POST(self) -> None:
                proxy._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()

    # -- one request -------------------------------------------------------------------------------
    def _pick(self) -> str:
        with self.lock:
            fault = self.forced or (
                self.rng.choice(FAULTS) if self.rng.random() < self.fault_rate else "pass"
            )
            self.counts[fault] += 1
            stale = self._stale.pop(0) if self._stale and fault != "reorder" else None
        if stale is not None:
            self._forward(*stale)  # the late copy of an earlier request; its answer is lost
            with self.lock:
                self.counts["stale_delivered"] += 1
        return fault

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> httpx.Response:
        with self.lock:
            index, self._turn = self._turn, (self._turn + 1) % len(self.upstreams)
            self.counts[f"upstream {index}"] += 1
        return self._client.request(method, self.upstreams[index] + path, headers=headers, content=body)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_BY_HOP}
        request = (handler.command, handler.path, headers, body)
        fault = self._pick()
        if fault == "drop_before":
            self._close(handler)
            return
        if fault in ("error_500", "error_502", "error_503"):
            self._answer(handler, int(fault[-3:]), b'{"error": {"code": "proxy", "message": "injected"}}')
            return
        if fault == "delay":
            time.sleep(self.rng.uniform(0, self.max_delay))
        try:
            response = self._forward(*request)
            if fault == "duplicate":
                response = self._forward(*request)
        except httpx.HTTPError:
            self._answer(handler, 502, b'{"error": {"code": "proxy", "message": "upstream unreachable"}}')
            return
        if fault == "reorder":
            with self.lock:
                self._stale.append(request)
        if fault == "drop_after":
            self._close(handler)
        elif fault == "reset":
            self._reset(handler)
        elif fault == "error_after":
            self._answer(handler, 502, b'{"error": {"code": "proxy", "message": "injected after"}}')
        else:
            self._answer(handler, response.status_code, response.content, dict(response.headers))

    # -- ways to answer ----------------------------------------------------------------------------
    @staticmethod
    def _answer(
        handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        handler.send_response(status)
        for key, value in (headers or {"content-type": "application/json"}).items():
            if key.lower() not in _HOP_BY_HOP and key.lower() not in ("date", "server"):
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    @staticmethod
    def _close(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    @staticmethod
    def _reset(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
