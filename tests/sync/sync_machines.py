"""Machines for the sync client's tests: real PixDesk homes sharing one trust root.

Each machine is a real PixDesk home (database, device key, trust root, packs); the
server is sync_fake_server.FakeServer behind httpx.MockTransport. Time is a fake clock
that the injected ``sleep`` moves forward: nothing here ever really sleeps. (Helpers
live here, not in conftest.py: test modules cannot import a conftest reliably.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from answering import right_answer
from factories import TrustFixture
from sync_fake_server import FakeServer

from pixdesk.config import Settings, load_settings
from pixdesk.device import load_or_create_device_key
from pixdesk.services.attempts import AttemptService, Step
from pixdesk.services.outbox import put_result_bundle
from pixdesk.services.packs import PackService
from pixdesk.services.profiles import ProfileService
from pixdesk.signing import SigningKey
from pixdesk.storage.database import open_store
from pixdesk.timeutil import format_utc, utc_now
from sync.backoff import Backoff
from sync.client import SyncClient


class FakeClock:
    """Now, moved forward only by ``sleep``."""

    def __init__(self) -> None:
        self.now = utc_now()
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


@dataclass
class Machine:
    """One PixDesk home with its settings; clients and services are made on demand."""

    name: str
    settings: Settings
    clock: FakeClock
    services: list[AttemptService] = field(default_factory=list)

    @property
    def device(self) -> SigningKey:
        return load_or_create_device_key(self.settings.keys_dir)

    def client(self, server: FakeServer, **kwargs: object) -> SyncClient:
        options: dict[str, object] = {
            "transport": server.transport(),
            "clock": self.clock,
            "sleep": self.clock.sleep,
            "rand": lambda: 0.5,
            "backoff": Backoff(),
        }
        options.update(kwargs)
        return SyncClient(self.settings, **options)  # type: ignore[arg-type]

    def attempts(self) -> AttemptService:
        service = AttemptService(self.settings, clock=self.clock)
        self.services.append(service)
        return service

    def enroll(self, server: FakeServer, code: str = "GOOD-CODE") -> None:
        server.codes.setdefault(code, "c1")
        client = self.client(server)
        try:
            client.enroll("https://cert.example.org", code, self.name)
        finally:
            client.close()

    def sync(self, server: FakeServer, **kwargs: object):  # type: ignore[no-untyped-def]
        client = self.client(server, **kwargs)
        try:
            return client.sync()
        finally:
            client.close()

    def outbox(self) -> list[dict[str, object]]:
        with open_store(self.settings.db_path) as store:
            return store.query("SELECT * FROM outbox ORDER BY device_seq")

    def fill_outbox(self, count: int) -> None:
        """``count`` finished attempts' bundles, chained as the service chains them (no pack needed)."""
        key = self.device
        with open_store(self.settings.db_path) as store, store.transaction():
            store.conn.execute(
                "INSERT OR IGNORE INTO learners (id, display_name, created_at) VALUES ('ada', 'Ada', ?)",
                (format_utc(self.clock()),),
            )
            for _ in range(count):
                attempt = f"att{store.query('SELECT count(*) AS n FROM attempts')[0]['n']:05d}"
                store.conn.execute(
                    "INSERT INTO attempts (id, learner_id, kind, pack_id, pack_version, pack_sha256,"
                    " language, settings, status, started_at, last_seq, last_hash, result)"
                    " VALUES (?, 'ada', 'competence', 'demo', 1, ?, 'fr', '{}', 'finished', ?, 0, ?, '{}')",
                    (attempt, "0" * 64, format_utc(self.clock()), "0" * 64),
                )
                put_result_bundle(store, key, attempt, self.clock())


@dataclass
class World:
    """Trust shared by every machine of a test, the demo packs, the server and the clock."""

    root: Path
    trust: TrustFixture
    packs: dict[str, Path]
    clock: FakeClock
    server: FakeServer
    machines: list[Machine] = field(default_factory=list)

    def machine(self, name: str) -> Machine:
        home = self.root / name
        home.mkdir()
        (home / "config.toml").write_text(
            f"trusted_roots = [{json.dumps(str(self.trust.root_path))}]\ntrust_demo_publisher = false\n"
        )
        settings = load_settings(
            {"PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(self.root / "machine.toml")}
        )
        machine = Machine(name, settings, self.clock)
        self.machines.append(machine)
        return machine


def run_to_end(service: AttemptService, step: Step) -> Step:
    while not step.finished:
        assert step.challenge is not None
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    return step


def evaluation_on(machine: Machine, world: World, competence: str = "4.1") -> tuple[str, Step]:
    """Machine with the demo pack; learner Ada (PIN 2468) finishes an evaluation of ``competence``."""
    assert PackService(machine.settings).import_path(world.packs["demo"])[0].outcome is not None
    service = machine.attempts()
    ada = ProfileService(service).create("Ada Lovelace", "2468", "pin", "fr")
    final = run_to_end(service, service.start_competence(ada.id, "demo", competence, "fr"))
    return ada.id, final
