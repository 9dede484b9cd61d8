"""One machine's HTTP connection to the certification server. Layer: sync.

Builds each request, signs it with the device key (sync.request_signing.sign_request over the
path with its query string, exactly as sent), and turns every failure into a
:class:`SyncError` with a stable code. Failures that are not the request's fault
(network, 5xx, 429) are retried here with :class:`sync.backoff.Backoff`; each try is
signed afresh (new timestamp and nonce). The httpx transport is swappable: tests pass
an ``httpx.MockTransport`` serving a fake server in-process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import msgspec

from pixdesk import __version__
from pixdesk.errors import PixdeskError
from pixdesk.signing import SigningKey
from pixdesk.timeutil import utc_now
from sync.backoff import Backoff, parse_retry_after
from sync.request_signing import sign_request

__all__ = ["ServerConnection", "SyncError", "json_body"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class SyncError(PixdeskError):
    """A sync step that failed. Codes: ``sync.bad_url``, ``sync.unreachable``,
    ``sync.server_error``, ``sync.rate_limited``, ``sync.too_large``, ``sync.refused``
    (``server_code`` says the server's reason), ``sync.bad_answer``, ``sync.bad_receipt``,
    ``sync.revoked``, ``sync.not_enrolled``.

    Attributes:
        retryable: Not the request's fault: the same request may succeed later.
        retry_after: Seconds the server asked to wait, if it did.
        server_code: The ``error.code`` of the server's answer, if any.
    """

    def __init__(
        self,
        code: str,
        message: str,
        path: str | None = None,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        server_code: str | None = None,
    ) -> None:
        super().__init__(code, message, path)
        self.retryable = retryable
        self.retry_after = retry_after
        self.server_code = server_code
        self.exit_code = 1 if retryable else 2


def json_body(value: Any) -> bytes:
    """A request body: ``value`` as compact UTF-8 JSON."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _then(data: bytes, done: Callable[[], None]) -> Iterator[bytes]:
    yield data
    done()


class ServerConnection:
    """Requests to one server, signed by one device key (None: only unsigned requests)."""

    def __init__(
        self,
        server_url: str,
        device: SigningKey | None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        backoff: Backoff | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not server_url.startswith(("http://", "https://")):
            raise SyncError(
                "sync.bad_url", "the server URL must start with https:// (or http://)", server_url
            )
        self.server_url = server_url.rstrip("/")
        self.device = device
        self.clock, self.sleep, self.rand = clock, sleep, rand
        self.backoff = backoff or Backoff()
        self.reached = False  # the server answered at least once (even with an error)
        self.client = httpx.Client(
            base_url=self.server_url + "/",
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": f"pixdesk/{__version__}"},
        )

    def close(self) -> None:
        self.client.close()

    # -- requests --------------------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        signed: bool = True,
        on_sent: Callable[[], None] | None = None,
    ) -> Any:
        """Send a JSON request (retrying as the backoff allows) and return the JSON answer.

        ``body``: a JSON value, or :class:`bytes` already encoded (:func:`json_body`, sync.batch_codec).
        ``on_sent``: called once the whole body has been written to the connection (each try).
        """
        data = body if isinstance(body, bytes) else b"" if body is None else json_body(body)

        def once() -> Any:
            response = self._send(method, path, data, signed, stream=False, on_sent=on_sent)
            try:
                return msgspec.json.decode(response.content)  # a batch's receipts: ~150 KB
            except ValueError:
                raise SyncError("sync.bad_answer", "the server's answer is not JSON", path) from None

        return self._retrying(once)

    def download(self, path: str, dest: Path, max_bytes: int) -> str:
        """Stream a file to ``dest`` (fsync'd); returns its SHA-256 (hex)."""

        def once() -> str:
            response = self._send("GET", path, b"", True, stream=True)
            digest, size = hashlib.sha256(), 0
            try:
                with dest.open("wb") as handle:
                    for chunk in response.iter_bytes(1 << 16):
                        size += len(chunk)
                        if size > max_bytes:
                            raise SyncError(
                                "sync.bad_answer", f"larger than the {max_bytes} bytes announced", path
                            )
                        digest.update(chunk)
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
            except httpx.TransportError as exc:
                raise SyncError("sync.unreachable", f"download cut: {exc}", path, retryable=True) from None
            finally:
                response.close()
            return digest.hexdigest()

        return self._retrying(once)

    def _retrying(self, once: Callable[[], T]) -> T:
        failed = 0
        while True:
            try:
                return once()
            except SyncError as exc:
                if not exc.retryable:
                    raise
                failed += 1
                if self.backoff.gives_up(failed, exc.retry_after):
                    raise
                wait = self.backoff.delay(failed, exc.retry_after, self.rand)
                log.info("%s; try %d again in %.1f s", exc, failed + 1, wait)
                self.sleep(wait)

    def _send(
        self,
        method: str,
        path: str,
        data: bytes,
        signed: bool,
        stream: bool,
        on_sent: Callable[[], None] | None = None,
    ) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if data else {}
        content: bytes | Iterator[bytes] = data
        if on_sent is not None:  # a body httpx pulls: its end is when the last byte was written
            headers["Content-Length"] = str(len(data))
            content = _then(data, on_sent)
        request = self.client.build_request(method, path.lstrip("/"), content=content, headers=headers)
        if signed:
            if self.device is None:
                raise SyncError("sync.not_enrolled", "no device key to sign with", path)
            target = request.url.raw_path.decode("ascii")
            request.headers.update(sign_request(self.device, method, target, data, self.clock()))
        try:
            response = self.client.send(request, stream=stream)
        except httpx.TransportError as exc:
            raise SyncError(
                "sync.unreachable",
                f"cannot reach the server: {exc or type(exc).__name__}",
                self.server_url,
                retryable=True,
            ) from None
        self.reached = True
        if response.is_success:
            return response
        if stream:
            response.read()
            response.close()
        raise self._error(response, path)

    def _error(self, response: httpx.Response, path: str) -> SyncError:
        code, message = None, response.reason_phrase
        try:
            error = response.json().get("error", {})
            code, message = error.get("code"), error.get("message") or message
        except (ValueError, AttributeError):
            pass
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock())
        if status == 429:
            return SyncError(
                "sync.rate_limited",
                f"the server is busy: {message}",
                path,
                retryable=True,
                retry_after=retry_after,
                server_code=code,
            )
        if status >= 500:
            return SyncError(
                "sync.server_error",
                f"server error {status}: {message}",
                path,
                retryable=True,
                retry_after=retry_after,
                server_code=code,
            )
        if status == 413:
            return SyncError(
                "sync.too_large", "the request is too large for the server", path, server_code=code
            )
        hint = {
            "protocol.clock": " (check this computer's date and time)",
            "unknown_device": " (this machine is not enrolled with this server: run `pixdesk enroll`)",
            "revoked_device": " (this machine was revoked: IT staff must enroll it again)",
        }.get(code or "", "")
        return SyncError(
            "sync.refused", f"the server refused ({code or status}): {message}{hint}", path, server_code=code
        )
