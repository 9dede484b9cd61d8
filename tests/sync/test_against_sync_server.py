"""The sync client against the real certification server app (sync/server), in-process.

The fake server of the other tests follows the protocol as the client reads it; this
test checks that the real server speaks the same: enroll, drain, profiles, pull with a
pack download, another machine's evaluation applied. Through FastAPI's TestClient
transport: no socket, no thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sync_machines import World, evaluation_on

from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.timeutil import utc_now
from pixdesk.trust_store import load_trust

pytest.importorskip("fastapi")

URL = "http://testserver"


@pytest.fixture
def real_server(world: World) -> Iterator[tuple[Any, Any, World]]:
    from fastapi.testclient import TestClient

    from sync.server import packstore, registry
    from sync.server.app import create_app
    from sync.server.config import load_config

    settings = world.machine("server-host").settings
    config = load_config(world.root / "server", settings=settings)
    app = create_app(config)
    with TestClient(app, base_url=URL) as client:
        engine = app.state.server.engine
        centre = registry.add_centre(engine, "Collège Jean Moulin", utc_now())
        packstore.add_pack(
            engine, config.packs_dir, world.packs["demo"], load_trust(settings), utc_now(), None
        )
        yield client._transport, (engine, centre.id), world


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_two_machines_share_a_learner_through_the_real_server(real_server: tuple[Any, Any, World]) -> None:
    from sync.server import registry

    transport, (engine, centre_id), world = real_server
    a, b = world.machine("a"), world.machine("b")
    for machine in (a, b):
        code, _expires = registry.add_code(engine, centre_id, utc_now())
        client = machine.client(world.server, transport=transport)
        client.enroll(URL, code, machine.name)
        client.close()
    ada, final = evaluation_on(a, world)

    sent = a.sync(world.server, transport=transport)
    pulled = b.sync(world.server, transport=transport)

    assert (sent.drain.sent, sent.profiles_uploaded) == (1, 1)
    assert pulled.pull.packs == ["demo v1"]
    assert (pulled.pull.applied.profiles, pulled.pull.applied.applied) == (1, 1)
    service_b = b.attempts()
    assert ProfileService(service_b).sign_in(ada, "2468").display_name == "Ada Lovelace"
    now = world.clock()
    assert ProgressService(service_b).scorecard(ada, "demo", now) == ProgressService(a.services[0]).scorecard(
        ada, "demo", now
    )
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert final.finished
