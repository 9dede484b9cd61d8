"""The sync commands of the real command line (no server needed for these)."""

from __future__ import annotations

import os
from pathlib import Path

from factories import run_pixdesk
from sync_machines import Machine, World


def env_of(machine: Machine, world: World) -> dict[str, str]:
    return {
        **os.environ,
        "PIXDESK_HOME": str(machine.settings.data_dir),
        "PIXDESK_CONFIG": str(world.root / "machine.toml"),
    }


def test_outbox_list_and_export(world: World, tmp_path: Path) -> None:
    a = world.machine("a")
    env = env_of(a, world)
    empty = run_pixdesk("outbox", "list", env=env)
    assert empty.returncode == 0, empty.stderr
    assert "the outbox is empty" in empty.stdout

    a.fill_outbox(2)
    listed = run_pixdesk("outbox", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:5] == ["SEQ", "BUNDLE", "ATTEMPT", "CREATED", "STATUS"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2"]
    assert all("pending" in line for line in lines[1:])

    stick = tmp_path / "stick"
    stick.mkdir()
    exported = run_pixdesk("outbox", "export", str(stick), env=env)
    again = run_pixdesk("outbox", "export", str(stick), env=env)
    assert exported.returncode == 0 and again.returncode == 0, exported.stderr + again.stderr
    assert exported.stdout.startswith("2 bundle(s) written to")
    assert "0 bundle(s) written" in again.stdout and "2 already there" in again.stdout
    assert len(list((stick / "pixdesk-outbox").rglob("*.json"))) == 2


def test_sync_before_enrollment_and_enroll_against_no_server_say_what_to_do(world: World) -> None:
    a = world.machine("a")
    env = env_of(a, world)

    not_enrolled = run_pixdesk("sync", env=env)
    assert not_enrolled.returncode == 2
    assert "not enrolled" in not_enrolled.stderr and "pixdesk enroll" in not_enrolled.stderr

    no_server = run_pixdesk("enroll", "--code", "ABCD", env=env)
    assert no_server.returncode == 2 and "--server" in no_server.stderr

    down = run_pixdesk("enroll", "--server", "http://127.0.0.1:9", "--code", "ABCD", env=env)
    assert down.returncode == 1, down.stderr
    assert "cannot reach the server" in down.stderr
