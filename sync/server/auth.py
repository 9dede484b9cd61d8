"""Who is asking: a device's signed request, or a centre's admin token. Layer: sync.server.

:func:`signed_device` is the FastAPI dependency of every device endpoint after
enrollment. It checks the request with :func:`sync.request_signing.verify_request` — enrolled
and not revoked device, timestamp within the replay window, signature over method,
path and query, body hash, timestamp and nonce — records the nonce in the database
(a primary key, so two app processes cannot both accept the same request) and counts
the request against the device's rate limit. :func:`centre_admin` checks a bearer token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError

from pixdesk.signing import PublicKey
from sync.protocol import (
    HEADER_DEVICE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    HEADER_VERSION,
    ProtocolError,
)
from sync.request_signing import verify_request
from sync.server.errors import ApiError
from sync.server.limits import purge_expired, take_token
from sync.server.registry import DeviceRecord, centre_for_token, get_device
from sync.server.schema import nonces
from sync.server.state import ServerState, get_state

__all__ = ["CENTRE_ID", "Caller", "centre_admin", "request_target", "signed_device"]

KEY_ID = re.compile(r"[0-9a-f]{16}")
NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
CENTRE_ID = r"^[A-Za-z0-9_-]{1,32}$"


@dataclass(frozen=True)
class Caller:
    """The enrolled device that signed the request, and the exact body bytes it signed."""

    device: DeviceRecord
    body: bytes


def request_target(request: Request) -> str:
    """The path and query exactly as sent: what the device signed."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = raw.decode("latin-1")
    return f"{target}?{query.decode('latin-1')}" if query else target


def _verify(state: ServerState, request: Request, body: bytes) -> DeviceRecord:
    engine, now = state.engine, state.now()
    found: dict[str, DeviceRecord] = {}

    def device_key(key_id: str) -> PublicKey:
        device = None
        if KEY_ID.fullmatch(key_id):
            with engine.connect() as connection:
                device = get_device(connection, key_id)
        if device is None:
            raise ProtocolError("unknown_device", "no enrolled device has this key id", key_id[:16])
        if device.revoked:
            raise ProtocolError("revoked_device", f"this device was revoked at {device.revoked_at}", key_id)
        found["device"] = device
        return device.public_key

    epoch = int(now.timestamp())
    retry: list[int | None] = [None]

    def nonce_fresh(device: str, nonce: str, until: datetime) -> bool:
        """Record the nonce and take a rate token, in one transaction (one commit per request)."""
        if not NONCE.fullmatch(nonce):
            raise ProtocolError("protocol.bad_field", "the nonce must be 8 to 64 URL-safe characters")
        config = state.config
        try:
            with engine.begin() as connection:
                connection.execute(
                    nonces.insert().values(device_key_id=device, nonce=nonce, expires=int(until.timestamp()))
                )
                retry[0] = take_token(
                    connection, device, epoch, config.rate_limit, config.rate_window_seconds
                )
                if state.purge_due():
                    purge_expired(connection, epoch, config.rate_window_seconds)
        except IntegrityError:  # seen already: nothing recorded, no token taken
            return False
        return True

    verify_request(
        dict(request.headers), request.method, request_target(request), body, now, device_key, nonce_fresh
    )
    device = found["device"]
    if retry[0] is not None:
        raise ApiError(
            429,
            "rate_limited",
            f"more than {state.config.rate_limit} requests in {state.config.rate_window_seconds} s;"
            f" retry in {retry[0]} s",
            {"Retry-After": str(retry[0])},
        )
    return device


async def signed_device(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    _version: Annotated[str | None, Header(alias=HEADER_VERSION, description="protocol version")] = None,
    _device: Annotated[str | None, Header(alias=HEADER_DEVICE, description="device key id")] = None,
    _timestamp: Annotated[str | None, Header(alias=HEADER_TIMESTAMP, description="UTC")] = None,
    _nonce: Annotated[str | None, Header(alias=HEADER_NONCE, description="single use")] = None,
    _signature: Annotated[str | None, Header(alias=HEADER_SIGNATURE, description="base64")] = None,
) -> Caller:
    """The device that signed this request (the headers are read raw; declared for OpenAPI)."""
    body = await request.body()
    device = await run_in_threadpool(_verify, state, request, body)
    return Caller(device, body)


_bearer = HTTPBearer(auto_error=False, description="centre-admin API token")


def centre_admin(
    centre: Annotated[str, Path(pattern=CENTRE_ID)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    state: Annotated[ServerState, Depends(get_state)],
) -> str:
    """The centre id in the path, once the bearer token proved to be this centre's."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "auth.missing_token", "a centre-admin bearer token is required", challenge)
    with state.engine.connect() as connection:
        owner = centre_for_token(connection, credentials.credentials)
    if owner is None:
        raise ApiError(401, "auth.bad_token", "this token is not valid", challenge)
    if owner != centre:
        raise ApiError(403, "auth.wrong_centre", "this token belongs to another centre")
    return centre
