"""``pixdesk pack build | lint | verify | import | list | remove``. Layer: entry point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pixdesk.cli.context import settings_for
from pixdesk.cli.progress import ProgressBar

__all__ = ["build", "import_", "lint", "list_", "remove", "verify"]


def _title(title: dict[str, str], language: str) -> str:
    return title.get(language) or next(iter(title.values()))


def build(args: argparse.Namespace) -> int:
    from content_packs.builder import build_pack
    from pixdesk.signing import load_private_key

    settings_for(args)
    key = load_private_key(args.key)
    result = build_pack(args.source, args.out, key)
    print(result.summary())
    return 0


def lint(args: argparse.Namespace) -> int:
    """Lint a pack source: every finding, the coverage tables, a summary; 2 when any error."""
    import shlex

    from content_packs.lint import lint_source
    from content_packs.lint_report import coverage_markdown, report_lines
    from pixdesk.fsio import write_atomic

    report = lint_source(args.source, args.against)
    if args.coverage_md is not None:
        words = ["pixdesk", "pack", "lint", str(args.source)]
        words += ["--against", str(args.against)] if args.against is not None else []
        words += ["--coverage-md", str(args.coverage_md)]
        command = " ".join(shlex.quote(word) for word in words)
        write_atomic(args.coverage_md, coverage_markdown(report, command).encode("utf-8"))
    for line in report_lines(report):
        print(line)
    return 2 if report.errors else 0


def verify(args: argparse.Namespace) -> int:
    from pixdesk.services.packs import PackService

    settings = settings_for(args)
    bar = ProgressBar(f"verifying {args.file.name}")
    verified = PackService(settings).verify_file(args.file, bar)
    bar.done()
    m = verified.manifest
    print(
        f"{args.file}: OK — pack {m.pack_id} version {m.version} ({m.kind}),"
        f" signed by {verified.publisher.name} [{verified.publisher.key_id}],"
        f" expires {m.expires:%Y-%m-%d}, {m.total_size} bytes"
    )
    return 0


def import_(args: argparse.Namespace) -> int:
    from pixdesk.services.packs import PackService

    settings = settings_for(args)
    bars: dict[Path, ProgressBar] = {}

    def progress(file: Path, done: int, total: int) -> None:
        bars.setdefault(file, ProgressBar(f"importing {file.name}"))(done, total)

    results = PackService(settings).import_path(args.path, progress, args.if_newer)
    for bar in bars.values():
        bar.done()
    failed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            print(f"pixdesk: error: {result.error}", file=sys.stderr)
            continue
        assert result.outcome is not None
        pack = result.outcome.pack
        if result.outcome.action == "skipped":
            print(f"{result.path}: skipped, pack {pack.pack_id} version {pack.version} already installed")
        else:
            print(f"{result.path}: installed pack {pack.pack_id} version {pack.version} ({pack.kind})")
    return 2 if failed else 0


def list_(args: argparse.Namespace) -> int:
    from pixdesk.services.packs import PackService

    settings = settings_for(args)
    packs = PackService(settings).installed(include_superseded=args.all)
    if not packs:
        print("no pack installed")
        return 0
    print(f"{'ID':<16} {'VERSION':>7}  {'KIND':<13} {'STATUS':<10} {'EXPIRES':<10}  TITLE")
    for p in packs:
        print(
            f"{p.pack_id:<16} {p.version:>7}  {p.kind:<13} {p.status:<10} {p.expires[:10]:<10}"
            f"  {_title(p.title, settings['language'])}"
        )
    return 0


def remove(args: argparse.Namespace) -> int:
    from pixdesk.services.packs import PackService

    settings = settings_for(args)
    removed = PackService(settings).remove(args.pack_id)
    versions = ", ".join(str(p.version) for p in removed)
    print(f"removed pack {args.pack_id} (version {versions})")
    return 0
