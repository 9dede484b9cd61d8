"""A real certification server process and real PixDesk machines, for end-to-end tests.

The server is ``python -m pixdesk server run --fd N`` on a socket bound to 127.0.0.1:0
by the test (never another interface), with its own PixDesk home trusting the test root;
it can be stopped and started again on the same port and data ("pull the network").
Machines are PixDesk homes sharing that root; commands run as the real ``pixdesk`` CLI.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from factories import TrustFixture, build_demo_packs, make_trust

from pixdesk.bench.bundle_factory import fill_outbox
from pixdesk.config import Settings, load_settings

__all__ = ["LiveServer", "Machine", "ServerAndLab", "machine_home", "server_and_lab"]


@dataclass
class Machine:
    name: str
    env: dict[str, str]
    settings: Settings

    def pixdesk(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        run = subprocess.run(
            [sys.executable, "-m", "pixdesk", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and run.returncode != 0:
            raise AssertionError(f"pixdesk {' '.join(args)} → {run.returncode}\n{run.stdout}\n{run.stderr}")
        return run


def machine_home(root: Path, name: str, trust: TrustFixture) -> Machine:
    """A PixDesk home trusting only the test root (no machine-wide config leaks in)."""
    home = root / name
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(trust.root_path))}]\ntrust_demo_publisher = false\n"
        "sync_interval_seconds = 0\n"
    )
    machine_config = root / "machine.toml"
    machine_config.touch()
    env = {**os.environ, "PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(machine_config)}
    env.pop("PIXDESK_DATA_DIR", None)
    return Machine(name, env, load_settings(env))


class LiveServer:
    """``pixdesk server run`` in a child process, stoppable and restartable on one port."""

    def __init__(self, host: Machine, data: Path) -> None:
        self.host, self.data = host, data
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.process: subprocess.Popen[str] | None = None
        self.log = data.parent / f"{data.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def admin(self, action: str, *args: str) -> str:
        """``pixdesk server admin ACTION …`` on this server's data; its standard output."""
        return self.host.pixdesk("server", "admin", action, "--data", str(self.data), *args).stdout.strip()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        command = [sys.executable, "-m", "pixdesk", "server", "run", "--data", str(self.data)]
        command += ["--fd", str(listener.fileno()), "--rate-limit", "100000"]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, pass_fds=[listener.fileno()], stdout=log, stderr=log, env=self.host.env, text=True
            )
        listener.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/ready", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@dataclass
class ServerAndLab:
    """A server (not started: a centre, the demo pack, one enrollment code) and a lab machine
    whose outbox holds real signed results."""

    server: LiveServer
    lab: Machine
    code: str


def server_and_lab(tmp_path: Path, home: Path, lab_dir: Path, bundles: int) -> ServerAndLab:
    """The lab machine lives in ``lab_dir`` (a RAM disk: ``bundles`` real evaluations are made)."""
    trust, _settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    host = machine_home(tmp_path, "server-host", trust)
    lab = machine_home(lab_dir, "lab", trust)
    lab.pixdesk("pack", "import", str(packs["demo"]))
    assert fill_outbox(lab.settings, "demo", bundles) == bundles
    server = LiveServer(host, tmp_path / "server-data")
    centre = server.admin("centre-add", "Lycée du Parc").split()[-1]
    server.admin("pack-add", str(packs["demo"]))
    return ServerAndLab(server, lab, server.admin("code-add", centre).split()[-1])
