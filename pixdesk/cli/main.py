"""``pixdesk``: argument parsing and dispatch. Layer: entry point (composition root).

Exit codes: 0 success; 1 a check failed (doctor, a benchmark target); 2 bad input
(one line on stderr naming the file or key and the reason; nothing was changed).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from pixdesk import __version__

__all__ = ["main"]

BENCH_CHILD = "pixdesk.bench.packs_child"
Handler = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    from pixdesk.cli import commands

    parser = argparse.ArgumentParser(
        prog="pixdesk", description="PixDesk: offline assessment and certification of digital skills."
    )
    parser.add_argument("--version", action="version", version=f"pixdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:  # fast path: no parser, no imports
        print(f"pixdesk {__version__}")
        return 0
    if getattr(sys, "frozen", False) and args_list[:2] == ["-m", BENCH_CHILD]:
        # In the desktop bundle sys.executable is this program: benchmarks start their
        # measuring children as `pixdesk -m pixdesk.bench.packs_child …` (that module only).
        import runpy

        sys.argv = [BENCH_CHILD, *args_list[2:]]
        runpy.run_module(BENCH_CHILD, run_name="__main__")
        return 0
    parser = _parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    from pixdesk.errors import PixdeskError

    # Until setup_logging runs (it may be the config that fails), records go nowhere rather
    # than to logging's last-resort handler, which would print every error twice on stderr.
    logging.getLogger("pixdesk").addHandler(logging.NullHandler())
    try:
        return int(args.handler(args))
    except PixdeskError as exc:
        logging.getLogger("pixdesk.cli").error("%s (%s)", exc, exc.code)
        print(f"pixdesk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pixdesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
