"""The device endpoints: enroll, upload bundles and profiles, sync. Layer: sync.server (HTTP).

Thin: each route checks who is asking (sync.server.auth), hands the work to the module
that owns it, and turns the answer into JSON. The work runs in the thread pool (plain
``def`` routes): replaying attempts is CPU work and the database calls are blocking.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from sync.batch_codec import decode_batch
from sync.protocol import Envelope
from sync.server.auth import Caller, signed_device
from sync.server.enrollment import enroll
from sync.server.intake import receive_bundles
from sync.server.models import BundlesIn, BundlesOut, EnrollIn, EnrollOut, ProfilesIn, ProfilesOut, SyncOut
from sync.server.profiles import upsert_profiles
from sync.server.state import ServerState, get_state
from sync.server.syncfeed import sync_feed

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["devices"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "invalid request (`request.invalid`, `protocol.version`)"},
    401: {"description": "not signed, bad signature, or timestamp outside the replay window"},
    403: {"description": "unknown or revoked device"},
    409: {"description": "request replayed (nonce already seen)"},
    413: {"description": "body over the size limit"},
    429: {"description": "rate limit: see Retry-After"},
}


@router.post(
    "/enroll",
    response_model=EnrollOut,
    responses={
        400: {"description": "`enroll.bad_key`, `enroll.bad_proof`, `request.invalid`"},
        403: {"description": "`enroll.revoked`"},
        404: {"description": "`enroll.unknown_code`"},
        409: {"description": "`enroll.used_code`, `enroll.already_enrolled`"},
        410: {"description": "`enroll.expired_code`"},
    },
)
def enroll_device(body: EnrollIn, state: Annotated[ServerState, Depends(get_state)]) -> dict[str, Any]:
    """Bind a device key to the centre of a single-use enrollment code (unsigned request)."""
    return enroll(
        state.engine,
        state.config.server_key,
        body.code,
        body.public_key,
        body.name,
        body.proof,
        state.now(),
    )


# The batch is read from the very bytes the device signed (sync.batch_codec: one pass of C
# code), not by FastAPI; its schema is declared here for the OpenAPI description.
_BUNDLES_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": BundlesIn.model_json_schema()}},
    }
}


def _batch(body: bytes) -> tuple[list[Envelope] | list[dict[str, Any]], str]:
    """The batch's envelopes (or raw bundles, each judged on its own) and the receipt proof asked."""
    fast = decode_batch(body)
    if fast is not None:
        return fast
    try:  # the slow way, which says what is wrong
        batch = BundlesIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None
    return batch.bundles, batch.receipt_proof


@router.post("/bundles", response_model=BundlesOut, responses=ERRORS, openapi_extra=_BUNDLES_BODY)
def upload_bundles(
    caller: Annotated[Caller, Depends(signed_device)],
    state: Annotated[ServerState, Depends(get_state)],
) -> Response:
    """Judge each bundle of the batch in order: accepted and duplicate ones come with a receipt."""
    bundles, receipt_proof = _batch(caller.body)
    with state.intake_running():  # background scoring waits while bundles come in
        verdicts = receive_bundles(state, list(bundles), caller.device, receipt_proof)
    state.scoring_wanted()
    # Encoded here: the verdicts are ours, already in their protocol form (no model round trip).
    answer = {"verdicts": [verdict.to_json() for verdict in verdicts]}
    return Response(msgspec.json.encode(answer), media_type="application/json")


@router.post("/profiles", response_model=ProfilesOut, responses=ERRORS)
def upload_profiles(
    body: ProfilesIn,
    caller: Annotated[Caller, Depends(signed_device)],
    state: Annotated[ServerState, Depends(get_state)],
) -> dict[str, Any]:
    """Store learner profiles of the caller's centre (last writer wins by version)."""
    uploaded = [profile.model_dump() for profile in body.profiles]
    return {"profiles": upsert_profiles(state.engine, caller.device, uploaded, state.now())}


@router.get("/sync", response_model=SyncOut, responses=ERRORS)
def pull_sync(
    caller: Annotated[Caller, Depends(signed_device)],
    state: Annotated[ServerState, Depends(get_state)],
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> dict[str, Any]:
    """Revoked devices, the centre's profiles and other devices' bundles since ``cursor``, packs, root."""
    return sync_feed(state, caller.device, cursor)
