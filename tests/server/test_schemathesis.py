"""The OpenAPI schema, fuzzed with schemathesis against the ASGI app: no input gives a 5xx.

Two passes: every operation as generated (unsigned: the signed ones must refuse cleanly),
and the signed operations with generated bodies and queries that a really enrolled
device signs, so the handlers behind the signature check see the generated data too.
The app is built when the module is imported (schemathesis' fixture-based loader does
not work with pytest 9), on SQLite in a temporary folder removed at the end.
"""

from __future__ import annotations

import atexit
import base64
import json
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from pixdesk.signing import generate_key
from sync.protocol import ENROLL_CONTEXT
from sync.request_signing import sign_request
from sync.server import registry
from sync.server.app import create_app
from sync.server.config import load_config
from sync.server.enrollment import proof_message
from sync.server.state import ServerState

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FOLDER = Path(tempfile.mkdtemp(prefix="pixdesk-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, True)  # also when the module is only collected
APP = create_app(load_config(FOLDER / "data", rate_limit=1_000_000))
STATE: ServerState = APP.state.server
CLIENT = TestClient(APP)
DEVICE = generate_key()

_centre = registry.add_centre(STATE.engine, "Fuzz centre", STATE.now()).id
_code, _expires = registry.add_code(STATE.engine, _centre, STATE.now())
_proof = DEVICE.sign(ENROLL_CONTEXT, proof_message(_code, DEVICE.public.b64, "fuzz"))
assert (
    CLIENT.post(
        "/v1/enroll",
        json={
            "code": _code,
            "public_key": DEVICE.public.b64,
            "name": "fuzz",
            "proof": base64.b64encode(_proof).decode(),
        },
    ).status_code
    == 200
)

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    CLIENT.close()
    STATE.close()
    shutil.rmtree(FOLDER, ignore_errors=True)


@schema.parametrize()
@EXAMPLES
def test_no_generated_request_gives_a_server_error(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.include(path_regex=r"^/v1/(bundles|profiles|sync)$").parametrize()
@EXAMPLES
def test_signed_generated_requests_give_no_server_error(case: Any) -> None:
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    path = case.formatted_path + (f"?{urlencode(query, doseq=True)}" if query else "")
    body = b"" if not isinstance(case.body, (dict, list)) else json.dumps(case.body).encode()
    headers = {
        **sign_request(DEVICE, case.method, path, body, STATE.now()),
        "Content-Type": "application/json",
    }
    response = CLIENT.request(case.method, path, content=body, headers=headers)
    assert response.status_code < 500, response.text
    assert response.status_code == 200 or "error" in response.json()


def test_the_schema_describes_every_endpoint() -> None:
    paths = CLIENT.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/health",
        "/ready",
        "/v1/enroll",
        "/v1/bundles",
        "/v1/profiles",
        "/v1/sync",
        "/v1/packs",
        "/v1/packs/{pack_id}/{version}",
        "/v1/trust/root",
        "/v1/centres/{centre}/results",
    }
    bundles = paths["/v1/bundles"]["post"]
    assert {p["name"] for p in bundles["parameters"]} >= {"X-PixDesk-Signature", "X-PixDesk-Nonce"}
    assert "requestBody" in bundles
    body = bundles["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["bundles"] and body["properties"]["bundles"]["maxItems"] == 200
    assert body["properties"]["receipt_proof"]["enum"] == ["signature", "batch"]
