"""The fault proxy really misbehaves: each fault does to a request what it says."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fault_proxy import FaultProxy


class Upstream:
    """A server that counts what reaches it and answers with the count."""

    def __init__(self) -> None:
        self.hits = 0
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                upstream.hits += 1
                body = json.dumps({"hits": upstream.hits}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def proxied() -> Iterator[tuple[Upstream, FaultProxy, httpx.Client]]:
    upstream = Upstream()
    with (
        FaultProxy(upstream.url, fault_rate=0.0) as proxy,
        httpx.Client(base_url=proxy.url, timeout=5) as client,
    ):
        yield upstream, proxy, client
    upstream.server.shutdown()


def test_pass_and_delay_forward_once(proxied) -> None:
    _upstream, proxy, client = proxied
    assert client.post("/x", content=b"a").json() == {"hits": 1}
    proxy.forced = "delay"
    assert client.post("/x", content=b"a").json() == {"hits": 2}


@pytest.mark.parametrize(("fault", "reached"), [("drop_before", 0), ("drop_after", 1), ("reset", 1)])
def test_broken_connections_lose_the_answer(proxied, fault: str, reached: int) -> None:
    upstream, proxy, client = proxied
    proxy.forced = fault
    with pytest.raises(httpx.TransportError):
        client.post("/x", content=b"a")
    assert upstream.hits == reached


@pytest.mark.parametrize(("fault", "status", "reached"), [("error_503", 503, 0), ("error_after", 502, 1)])
def test_errors_with_or_without_the_server_having_worked(
    proxied, fault: str, status: int, reached: int
) -> None:
    upstream, proxy, client = proxied
    proxy.forced = fault
    assert client.post("/x", content=b"a").status_code == status
    assert upstream.hits == reached


def test_duplicate_and_reorder_deliver_copies(proxied) -> None:
    upstream, proxy, client = proxied
    proxy.forced = "duplicate"
    assert client.post("/x", content=b"a").json() == {"hits": 2}
    proxy.forced = "reorder"
    client.post("/x", content=b"a")
    assert upstream.hits == 3
    proxy.forced = None
    client.post("/x", content=b"b")  # the stale copy arrives first, then this one
    assert upstream.hits == 5 and proxy.counts["stale_delivered"] == 1
