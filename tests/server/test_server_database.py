"""Migrations on both engines, readiness, one key per database, and app processes racing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic import command
from server_world import Server, World, make_server
from sqlalchemy import inspect, text

from sync.server.app import create_app
from sync.server.config import load_config
from sync.server.database import ServerError, _alembic_config, head_revision, is_ready, make_engine, migrate
from sync.server.intake import receive_bundle
from sync.server.registry import get_device
from sync.server.schema import metadata


def test_migrations_build_the_schema_and_run_again_and_back(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert not is_ready(engine)
        migrate(engine)
        migrate(engine)  # idempotent: every app process runs it at start
        assert is_ready(engine)
        tables = set(inspect(engine).get_table_names())
        assert tables == set(metadata.tables) | {"alembic_version"}
        with engine.connect() as connection:
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == head_revision()
            )
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate(engine)
        assert is_ready(engine)
    finally:
        engine.dispose()


def test_bundles_scored_at_intake_before_revision_0003_stay_scored(database_url: str) -> None:
    engine = make_engine(database_url)
    config = _alembic_config()
    now = "2026-11-26T10:00:00Z"
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0002")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO centres (id, name, created_at) VALUES ('c1', 'C', :t)"), {"t": now}
            )
            connection.execute(
                text(
                    "INSERT INTO devices (key_id, public_key, centre_id, name, enrolled_at)"
                    " VALUES ('0123456789abcdef', 'AAAA', 'c1', 'PC', :t)"
                ),
                {"t": now},
            )
            connection.execute(
                text(
                    "INSERT INTO bundles (bundle_id, device_key_id, device_seq, payload, signature,"
                    " payload_sha256, centre_id, centre_seq, learner_id, attempt_id, attempt_kind, pack_id,"
                    " pack_version, finished_at, received_at, relay_key_id, client_result, server_result,"
                    " result_mismatch) VALUES ('b1', '0123456789abcdef', 1, :p, :p, 'h', 'c1', 1, 'ada',"
                    " 'a1', 'competence', 'demo', 1, :t, :t, '0123456789abcdef', '{}', '{}', :f)"
                ),
                {"p": b"x", "t": now, "f": False},
            )
        migrate(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT scoring FROM bundles")).scalar_one() == "scored"
        with engine.begin() as connection:
            connection.execute(text("UPDATE bundles SET scoring = 'pending', server_result = NULL"))
        with pytest.raises(RuntimeError, match="cannot go back"), engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM bundles")).scalar_one() == 1, "nothing lost"
    finally:
        engine.dispose()


def test_ready_and_health(server: Server) -> None:
    assert server.client.get("/health").json() == {"status": "ok"}
    assert server.client.get("/ready").json() == {"status": "ready"}
    with server.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    response = server.client.get("/ready")
    assert response.status_code == 503 and response.json()["error"]["code"] == "server.not_ready"


def test_a_second_process_with_another_server_key_is_refused(database_url: str, tmp_path: Path) -> None:
    first = create_app(load_config(tmp_path / "one", database_url))
    twin = create_app(load_config(tmp_path / "one", database_url))  # same key file: fine
    with pytest.raises(ServerError) as other:
        create_app(load_config(tmp_path / "two", database_url))
    assert other.value.code == "server.key_mismatch"
    for app in (first, twin):
        app.state.server.close()


def test_two_app_processes_racing_on_one_bundle_give_one_accepted_and_one_duplicate(
    world: World, database_url: str, tmp_path: Path
) -> None:
    server = make_server(world, database_url, tmp_path / "one")
    twin_app = create_app(load_config(tmp_path / "one", database_url, world.settings))
    states = [server.state, twin_app.state.server]
    a = world.machines["A"]
    with server.engine.connect() as connection:
        relay = get_device(connection, a.device.key_id)
    assert relay is not None
    for state in states:  # open the pack first: the race is then on the database only
        state.packs.content("demo", 1)
    verdicts: list[str] = []
    barrier = threading.Barrier(2)

    def send(index: int) -> None:
        barrier.wait()
        verdicts.append(receive_bundle(states[index], a.envelopes[0].to_json(), relay).verdict)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(verdicts) == ["accepted", "duplicate"]
        assert server.count("bundles") == 1
    finally:
        server.client.close()
        for state in states:
            state.close()
