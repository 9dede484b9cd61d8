"""``pixdesk bench NAME``: figures beside a baseline measured in the same run.

Layer: entry point. Each benchmark module exposes ``run(quick: bool) -> BenchReport``;
this command prints its table and, with ``--json``, one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import importlib
import inspect

__all__ = ["BENCHES", "run"]

BENCHES = {
    "packs": "pixdesk.bench.packs",
    "answer": "pixdesk.bench.answer",
    "cat": "pixdesk.bench.cat",
    "startup": "pixdesk.bench.startup",
    "sync": "sync.bench",
}


def run(args: argparse.Namespace) -> int:
    from pixdesk.bench.report import print_report
    from pixdesk.errors import PixdeskError

    module = importlib.import_module(BENCHES[args.name])
    accepted = inspect.signature(module.run).parameters
    options = {"n": getattr(args, "n", None), "vs": getattr(args, "vs", None)}
    for option, value in options.items():
        if value is not None and option not in accepted:
            raise PixdeskError("bench.bad_option", f"bench {args.name} takes no --{option}", f"--{option}")
    report = module.run(quick=args.quick, **{k: v for k, v in options.items() if v is not None})
    print_report(report, as_json=args.json)
    return 0 if report.targets_met else 1
