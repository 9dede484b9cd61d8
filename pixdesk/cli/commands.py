"""The command tree: which sub-command calls which handler. Layer: entry point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pixdesk.cli import cmd_attempts, cmd_bench, cmd_packs, cmd_system, cmd_trust

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add every sub-command to the ``sub`` parsers of the root parser."""
    p = sub.add_parser("app", help="start the desktop application")
    p.add_argument("--packs", action="store_true", help="open the content-pack window (IT staff)")
    p.set_defaults(handler=cmd_system.app)

    p = sub.add_parser("doctor", help="check data dir, database, trust and installed packs")
    p.set_defaults(handler=cmd_system.doctor)

    config = sub.add_parser("config", help="configuration").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = config.add_parser("show", help="each effective setting and where it came from")
    p.set_defaults(handler=cmd_system.config_show)

    keys = sub.add_parser("keys", help="signing keys").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = keys.add_parser("new", help="generate an Ed25519 key (file mode 0600)")
    p.add_argument("--out", type=Path, required=True, help="private key file to create")
    p.set_defaults(handler=cmd_system.keys_new)

    trust = sub.add_parser("trust", help="trust roots").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = trust.add_parser("show", help="roots and publisher keys in force")
    p.set_defaults(handler=cmd_trust.show)
    p = trust.add_parser("update", help="accept a newer trust root signed by the root keys in force")
    p.add_argument("root", type=Path)
    p.set_defaults(handler=cmd_trust.update)
    p = trust.add_parser("sign-root", help="(publishers) sign a root draft with root keys")
    p.add_argument("draft", type=Path, help="JSON of the 'signed' part")
    p.add_argument("--key", type=Path, action="append", required=True, help="root private key (repeat)")
    p.add_argument("-o", "--out", type=Path, required=True)
    p.set_defaults(handler=cmd_trust.sign_root_cmd)

    pack = sub.add_parser("pack", help="content packs").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = pack.add_parser("build", help="build a signed pack from a source folder")
    p.add_argument("source", type=Path)
    p.add_argument("-o", "--out", type=Path, required=True)
    p.add_argument("--key", type=Path, required=True, help="publisher private key")
    p.set_defaults(handler=cmd_packs.build)
    p = pack.add_parser("lint", help="check a source folder: every problem, and its coverage table")
    p.add_argument("source", type=Path, metavar="SOURCE_DIR")
    p.add_argument(
        "--against", type=Path, metavar="DIR", help="practice pack to compare a certification pack with"
    )
    p.add_argument("--coverage-md", type=Path, metavar="FILE", help="also write the coverage as Markdown")
    p.set_defaults(handler=cmd_packs.lint)
    p = pack.add_parser("verify", help="verify a pack file without installing it")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_packs.verify)
    p = pack.add_parser("import", help="verify and install a pack file, or every pack of a folder")
    p.add_argument("path", type=Path)
    p.add_argument("--if-newer", action="store_true", help="skip, without error, packs already installed")
    p.set_defaults(handler=cmd_packs.import_)
    p = pack.add_parser("list", help="installed packs")
    p.add_argument("--all", action="store_true", help="include superseded versions")
    p.set_defaults(handler=cmd_packs.list_)
    p = pack.add_parser("remove", help="remove every version of an installed pack")
    p.add_argument("pack_id")
    p.set_defaults(handler=cmd_packs.remove)

    attempt = sub.add_parser("attempt", help="tests taken on this machine").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = attempt.add_parser("verify", help="replay an attempt: chain, signatures, decisions, result")
    p.add_argument("attempt_id")
    p.add_argument("--key", type=Path, help="pack key file, for a certification attempt")
    p.set_defaults(handler=cmd_attempts.verify)
    p = attempt.add_parser("list", help="every attempt on this machine")
    p.set_defaults(handler=cmd_attempts.list_)

    from pixdesk.cli import cmd_sync  # argparse only: it imports sync inside its handlers

    cmd_sync.register(sub)

    p = sub.add_parser("bench", help="run a benchmark and print its figures beside a baseline")
    p.add_argument("name", choices=sorted(cmd_bench.BENCHES))
    p.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    p.add_argument("--n", type=int, help="number of examinees (cat: default 1,000; 200 with --quick)")
    p.add_argument("--vs", choices=["catsim"], help="cat: also run this engine on the same work")
    p.set_defaults(handler=cmd_bench.run)

    from pixdesk.cli import cmd_server  # argparse only: it imports sync.server inside its handlers

    cmd_server.register(sub)


def describe(parser: argparse.ArgumentParser) -> str:
    return parser.format_help()
