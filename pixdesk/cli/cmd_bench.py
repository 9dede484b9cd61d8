"""``pixdesk bench NAME``: figures beside a baseline measured in the same run.

Layer: entry point. Each benchmark module exposes ``run(quick: bool) -> BenchReport``;
this command prints its table and, with ``--json``, one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import importlib

__all__ = ["BENCHES", "run"]

BENCHES = {"packs": "pixdesk.bench.packs", "answer": "pixdesk.bench.answer"}


def run(args: argparse.Namespace) -> int:
    from pixdesk.bench.report import print_report

    module = importlib.import_module(BENCHES[args.name])
    report = module.run(quick=args.quick)
    print_report(report, as_json=args.json)
    return 0 if report.targets_met else 1
