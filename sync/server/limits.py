"""Limits: request body size and a per-device rate. Layer: sync.server.

* :class:`BodyLimitMiddleware` answers 413 as soon as a body is known to be too large —
  from its ``Content-Length`` before reading anything, or while it streams in — so a
  client cannot make the server hold more than the limit in memory.
* :func:`take_token` counts signed requests per device in fixed windows stored in the
  database (``rate_windows``), so every app process behind a load balancer applies the
  same limit; over it, the request is refused with 429 and ``Retry-After``.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sync.server.errors import error_body
from sync.server.logs import ASGIApp, Receive, Scope, Send
from sync.server.schema import nonces, rate_windows

__all__ = ["BodyLimitMiddleware", "purge_expired", "take_token"]


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413; hand the rest to the app unchanged."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _too_large(self, send: Send) -> None:
        body = json.dumps(
            error_body("request.too_large", f"the request body is over {self.max_bytes} bytes")
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._too_large(send)
                    return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away: let the app see an empty body
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> MutableMapping[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _upsert(connection: Connection) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql.insert(rate_windows)
    return sqlite.insert(rate_windows)


def take_token(connection: Connection, device: str, now: int, limit: int, window: int) -> int | None:
    """Count one request of ``device`` at epoch second ``now``.

    Returns:
        None when allowed; otherwise the seconds until the window ends (``Retry-After``).
    """
    start = now - now % window
    statement = (
        _upsert(connection)
        .values(device_key_id=device, window_start=start, count=1)
        .on_conflict_do_update(
            index_elements=[rate_windows.c.device_key_id, rate_windows.c.window_start],
            set_={"count": rate_windows.c.count + 1},
        )
        .returning(rate_windows.c.count)
    )
    count = int(connection.execute(statement).scalar_one())
    if count > limit:
        return max(1, start + window - now)
    return None


def purge_expired(connection: Connection, now: int, window: int) -> None:
    """Forget nonces past their expiry and rate windows that are over."""
    connection.execute(delete(nonces).where(nonces.c.expires < now))
    connection.execute(delete(rate_windows).where(rate_windows.c.window_start < now - window))
