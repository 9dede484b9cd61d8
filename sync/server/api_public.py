"""Public endpoints: liveness, readiness, pack catalogue and files, trust root.

Layer: sync.server (HTTP). No authentication: packs are signed by their publisher (and
certification bodies sealed), the root is self-signed; a machine verifies both itself.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from sync.server.database import is_ready
from sync.server.errors import ApiError, error_body
from sync.server.models import PackEntry
from sync.server.packstore import catalogue, pack_file
from sync.server.state import ServerState, get_state
from sync.server.trustroots import current_root

__all__ = ["router"]

router = APIRouter(tags=["public"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers (the database is not consulted)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "`server.not_ready`"}})
def ready(state: Annotated[ServerState, Depends(get_state)]) -> Any:
    """Readiness: the database answers and its schema is migrated."""
    if is_ready(state.engine):
        return {"status": "ready"}
    return JSONResponse(
        error_body("server.not_ready", "the database is unreachable or not migrated"), status_code=503
    )


@router.get("/v1/packs", response_model=list[PackEntry])
def packs(state: Annotated[ServerState, Depends(get_state)]) -> list[dict[str, Any]]:
    """The pack catalogue: every stored version with the SHA-256 and size of its file."""
    with state.engine.connect() as connection:
        return [row.to_json() for row in catalogue(connection)]


@router.get(
    "/v1/packs/{pack_id}/{version}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "the signed .pixpack file"},
        404: {"description": "`pack.not_found`"},
    },
)
def pack_bytes(
    pack_id: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,64}$")],
    version: Annotated[int, Path(ge=1, le=2**31 - 1)],
    state: Annotated[ServerState, Depends(get_state)],
) -> Response:
    """The signed ``.pixpack`` bytes of one pack version."""
    with state.engine.connect() as connection:
        found = pack_file(connection, pack_id, version)
    if found is None:
        raise ApiError(404, "pack.not_found", f"no pack {pack_id} version {version} on this server")
    data, sha256 = found
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"ETag": f'"{sha256}"', "Content-Disposition": f'attachment; filename="{pack_id}.pixpack"'},
    )


@router.get(
    "/v1/trust/root",
    response_class=Response,
    responses={
        200: {"content": {"application/json": {}}, "description": "the trust root file, byte for byte"},
        404: {"description": "`trust.no_root`"},
    },
)
def trust_root(state: Annotated[ServerState, Depends(get_state)]) -> Response:
    """The trust root in force, exactly as signed."""
    with state.engine.connect() as connection:
        root = current_root(connection, state.config.settings)
    if root is None:
        raise ApiError(404, "trust.no_root", "this server has no trust root")
    return Response(root.document, media_type="application/json")
