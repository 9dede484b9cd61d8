"""The measured side of ``pixdesk bench packs``: one timed job per process. Layer: bench.

Run as ``python -m pixdesk.bench.packs_child JOB ...``; prints one JSON line with the
job's wall time (measured around the work only, not the interpreter's start-up) and
the process's peak RSS, so the figures cover that job and nothing the parent did.

Jobs:
    ``bare``                           import pixdesk.services.packs, nothing else (memory floor)
    ``hash PACK``                      SHA-256 of the file's bytes read in 1 MiB chunks (baseline)
    ``copy PACK DEST``                 the same reads written to a new file DEST, fsynced (baseline)
    ``import PACK HOME MACHINE_TOML``  ``PackService.import_path`` into a fresh PIXDESK_HOME

Module-level imports are the standard library only, so the ``bare`` and ``hash`` jobs
carry no more than they need.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter

from pixdesk.bench.rss import peak_rss_mib

__all__ = ["CHUNK", "main"]

CHUNK = 1 << 20


def _emit(seconds: float) -> int:
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mib()}))
    return 0


def _bare() -> int:
    import pixdesk.services.packs  # noqa: F401 (the import is the job)

    return _emit(0.0)


def _hash(pack: Path) -> int:
    start = perf_counter()
    digest = hashlib.sha256()
    with pack.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    digest.hexdigest()
    return _emit(perf_counter() - start)


def _copy(pack: Path, dest: Path) -> int:
    start = perf_counter()
    with pack.open("rb") as handle, dest.open("xb") as out:
        while chunk := handle.read(CHUNK):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return _emit(perf_counter() - start)


def _import(pack: Path, home: Path, machine: Path, profile: Path | None) -> int:
    from pixdesk.config import load_settings
    from pixdesk.services.packs import PackService

    service = PackService(load_settings({"PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(machine)}))
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = perf_counter()
    results = service.import_path(pack)
    seconds = perf_counter() - start
    if profiler is not None and profile is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    outcome = results[0].outcome if len(results) == 1 else None
    if outcome is None or outcome.action != "installed":
        print(f"import did not install the pack: {[(r.outcome, r.error) for r in results]}", file=sys.stderr)
        return 1
    return _emit(seconds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pixdesk.bench.packs_child")
    jobs = parser.add_subparsers(dest="job", required=True)
    jobs.add_parser("bare")
    p = jobs.add_parser("hash")
    p.add_argument("pack", type=Path)
    p = jobs.add_parser("copy")
    p.add_argument("pack", type=Path)
    p.add_argument("dest", type=Path)
    p = jobs.add_parser("import")
    p.add_argument("pack", type=Path)
    p.add_argument("home", type=Path)
    p.add_argument("machine_config", type=Path)
    p.add_argument("--profile", type=Path, help="write cProfile stats of the import here")
    args = parser.parse_args(argv)
    if args.job == "bare":
        return _bare()
    if args.job == "hash":
        return _hash(args.pack)
    if args.job == "copy":
        return _copy(args.pack, args.dest)
    return _import(args.pack, args.home, args.machine_config, args.profile)


if __name__ == "__main__":
    sys.exit(main())
