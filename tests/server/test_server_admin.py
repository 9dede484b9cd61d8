"""``pixdesk server admin …`` on both engines, and ``pixdesk server run`` as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from factories import publisher_entry, root_signed
from server_world import World, enroll_body

from pixdesk.cli.main import main
from sync.server.app import create_app
from sync.server.config import load_config

with __import__("warnings").catch_warnings():
    __import__("warnings").simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def as_server_host(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """The command line sees the world's PixDesk home (its settings trust the test root)."""
    monkeypatch.setenv("PIXDESK_HOME", str(world.settings.data_dir))
    monkeypatch.setenv("PIXDESK_CONFIG", str(world.settings.machine_config))
    return world


def admin(capsys: pytest.CaptureFixture[str], data: Path, url: str, *args: str) -> tuple[int, str, str]:
    code = main(["server", "admin", args[0], "--data", str(data), "--database", url, *args[1:]])
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_every_admin_command(
    as_server_host: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world, data = as_server_host, tmp_path / "srv"
    code, centre, _ = admin(capsys, data, database_url, "centre-add", "Lycée Jean Moulin")
    assert code == 0 and len(centre) == 12
    code, token, err = admin(capsys, data, database_url, "token-add", centre)
    assert code == 0 and token.startswith("pxa_") and "shown once" in err
    code, enrollment, err = admin(capsys, data, database_url, "code-add", centre, "--hours", "2")
    assert code == 0 and len(enrollment) == 19 and "expires" in err
    assert admin(capsys, data, database_url, "code-add", "nope")[0] == 2

    assert admin(capsys, data, database_url, "pack-add", str(world.packs["demo"]))[1].startswith(
        "added pack demo"
    )
    code, _out, err = admin(capsys, data, database_url, "pack-add", str(world.packs["demo-cert"]))
    assert code == 2 and "pack key" in err
    code, out, _err = admin(
        capsys, data, database_url, "pack-add", str(world.packs["demo-cert"]), "--key", str(world.cert_key)
    )
    assert code == 0 and out.startswith("added pack demo-cert version 1 (certification")
    assert admin(capsys, data, database_url, "pack-add", str(world.packs["demo"]))[1].startswith("unchanged")

    app = create_app(load_config(data, database_url, world.settings))
    a = world.machines["A"]
    with TestClient(app) as client:
        assert client.post("/v1/enroll", json=enroll_body(a.device, enrollment, "PC A")).status_code == 200
        assert client.get(
            f"/v1/centres/{centre}/results", headers={"Authorization": f"Bearer {token}"}
        ).is_success
        assert len(client.get("/v1/packs").json()) == 2
    code, listing, _ = admin(capsys, data, database_url, "device-list")
    assert a.device.key_id in listing and "active" in listing and "PC A" in listing
    code, out, _ = admin(capsys, data, database_url, "device-revoke", a.device.key_id)
    assert code == 0 and "revoked" in out
    assert "revoked" in admin(capsys, data, database_url, "device-list")[1]
    assert admin(capsys, data, database_url, "device-revoke", "0" * 16)[0] == 2

    trust = world.trust
    rotated = trust.write_root(
        root_signed([trust.root_key], [publisher_entry(trust.practice, ["practice"])], version=2),
        [trust.root_key],
        "root-v2.json",
    )
    assert admin(capsys, data, database_url, "root-set", str(trust.root_path))[1].endswith(
        "version 1 in force"
    )
    assert admin(capsys, data, database_url, "root-set", str(rotated))[1].endswith("version 2 in force")
    code, _out, err = admin(capsys, data, database_url, "root-set", str(trust.root_path))
    assert code == 2 and "not newer" in err
    code, _out, err = admin(
        capsys, data, database_url, "pack-add", str(world.packs["demo-cert"]), "--key", str(world.cert_key)
    )
    assert code == 2 and "demo-cert" in err, "the new root no longer trusts its publisher: refused"


def test_the_server_runs_as_a_real_process(as_server_host: World, tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    command = [sys.executable, "-m", "pixdesk", "server", "run", "--data", str(tmp_path / "srv")]
    command += ["--fd", str(listener.fileno())]
    process = subprocess.Popen(
        command, pass_fds=[listener.fileno()], stderr=subprocess.PIPE, env=dict(os.environ), text=True
    )
    listener.close()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert response.json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/ready").json() == {"status": "ready"}
        key = tmp_path / "srv" / "server.key"
        assert key.stat().st_mode & 0o777 == 0o600
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    lines = [line for line in err.splitlines() if line.startswith("{")]
    assert any('"event": "request"' in line and '"/health"' in line for line in lines), err
    assert all("Authorization" not in line for line in lines)
