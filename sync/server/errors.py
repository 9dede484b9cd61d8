"""Errors as the server answers them: ``{"error": {"code": …, "message": …}}``. Layer: sync.server.

Every refusal is a 4xx with a stable code (sync/PROTOCOL.md lists them); a 500 means a bug
and says nothing about the request. Bad input never reaches the database unchecked, and
a database error caused by input all the same (a value PostgreSQL refuses) is a 400.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import ProtocolError

__all__ = ["PROTOCOL_STATUS", "ApiError", "error_body", "install_error_handlers"]

log = logging.getLogger("sync.server.errors")

# HTTP status of each request-level protocol refusal (sync.request_signing.verify_request).
PROTOCOL_STATUS = {
    "protocol.version": 400,
    "protocol.unsigned": 401,
    "protocol.bad_field": 401,
    "protocol.clock": 401,
    "protocol.bad_signature": 401,
    "protocol.replayed": 409,
    "unknown_device": 403,
    "revoked_device": 403,
}


class ApiError(Exception):
    """A refusal: HTTP status, stable code, English message, optional headers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    @classmethod
    def from_protocol(cls, exc: ProtocolError) -> ApiError:
        return cls(PROTOCOL_STATUS.get(exc.code, 400), exc.code, exc.message)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _describe(errors: Any) -> str:
    parts = []
    for error in list(errors)[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure in the error format, never with a 500 for bad input."""

    async def api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        log.info(
            "refused",
            extra={"event": "refused", "path": request.url.path, "code": exc.code, "status": exc.status},
        )
        return _response(exc.status, exc.code, exc.message, exc.headers)

    async def protocol_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProtocolError)
        return await api_error(request, ApiError.from_protocol(exc))

    async def invalid(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _response(400, "request.invalid", _describe(exc.errors()))

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        codes = {404: "request.not_found", 405: "request.method_not_allowed", 413: "request.too_large"}
        code = codes.get(exc.status_code, f"http.{exc.status_code}")
        return _response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    async def data_error(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database refused a value", extra={"event": "data_error", "path": request.url.path})
        return _response(400, "request.invalid", "a value is not acceptable to the database")

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unexpected error",
            extra={"event": "server_error", "path": request.url.path, "error": type(exc).__name__},
            exc_info=exc,
        )
        return _response(500, "server.error", "internal error; the request may be retried")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(ProtocolError, protocol_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DataError, data_error)
    app.add_exception_handler(Exception, unexpected)
