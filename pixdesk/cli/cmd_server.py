"""``pixdesk server run | admin …``: the certification server. Layer: entry point.

Every handler imports sync.server inside itself, so the rest of the command line (and
a desktop bundle built without the server extra) never loads FastAPI or SQLAlchemy.
``--data`` is the server's folder (default: ``server/`` under the PixDesk data dir);
``--database`` a URL (default: the embedded SQLite file in that folder), so every
command works on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pixdesk.cli.context import settings_for

__all__ = ["register"]


def _data_dir(args: argparse.Namespace) -> tuple[Path, Any]:
    from sync.server.config import default_data_dir

    settings = settings_for(args)
    return (args.data or default_data_dir(settings)), settings


def run(args: argparse.Namespace) -> int:
    from sync.server.config import load_config
    from sync.server.runner import serve

    data_dir, settings = _data_dir(args)
    overrides: dict[str, object] = {}
    if args.rate_limit is not None:
        overrides["rate_limit"] = args.rate_limit
    config = load_config(data_dir, args.database, settings, **overrides)
    print(
        f"pixdesk server: data {config.data_dir}, server key {config.server_key.key_id},"
        f" {'socket fd ' + str(args.fd) if args.fd is not None else f'http://{args.host}:{args.port}'}",
        file=sys.stderr,
    )
    serve(config, args.host, args.port, args.fd, args.log_level)
    return 0


def admin(args: argparse.Namespace) -> int:
    from pixdesk.timeutil import utc_now
    from sync.server import registry
    from sync.server.runner import admin_engine

    data_dir, settings = _data_dir(args)
    now = utc_now()
    with admin_engine(data_dir, args.database) as engine:
        if args.action == "centre-add":
            print(registry.add_centre(engine, args.name, now).id)
        elif args.action == "token-add":
            print(registry.add_token(engine, args.centre, now))
            print("(shown once: only its hash is stored)", file=sys.stderr)
        elif args.action == "code-add":
            code, expires = registry.add_code(engine, args.centre, now, args.hours)
            print(code)
            print(f"(single use, expires {expires})", file=sys.stderr)
        elif args.action == "device-list":
            for device in registry.list_devices(engine):
                state = f"revoked {device.revoked_at}" if device.revoked else "active"
                print(f"{device.key_id}  {device.centre_id}  {device.enrolled_at}  {state}  {device.name}")
        elif args.action == "device-revoke":
            device = registry.revoke_device(engine, args.key_id, now)
            print(f"device {device.key_id} revoked at {device.revoked_at}")
        elif args.action == "pack-add":
            from sync.server.packstore import add_pack, read_pack_key_file
            from sync.server.trustroots import server_trust

            key = read_pack_key_file(args.key) if args.key else None
            trust = server_trust(engine, settings)
            row, action = add_pack(engine, data_dir.resolve() / "packs", args.file, trust, now, key)
            print(f"{action} pack {row.pack_id} version {row.version} ({row.kind}, sha256 {row.sha256})")
        elif args.action == "scoring":
            _scoring(engine, data_dir, args.database, settings, args.now)
        elif args.action == "root-set":
            from sync.server.trustroots import set_root

            root = set_root(engine, args.root, now)
            print(f"trust root {root.root_id} version {root.version} in force")
    return 0


def _scoring(engine: Any, data_dir: Path, database: str | None, settings: Any, now: bool) -> None:
    """Print the scoring backlog and what a person should look at; ``now``: score the backlog first."""
    from sync.server.scoring import score_pending, scoring_report

    if now:
        from sync.server.config import load_config
        from sync.server.packstore import PackCache
        from sync.server.state import ServerState

        state = ServerState(
            load_config(data_dir, database, settings),
            engine,
            PackCache(engine, data_dir.resolve() / "packs"),
        )
        try:
            done = score_pending(state)
        finally:
            state.crypto.shutdown()
            state.packs.close()
        print(f"scored {done.scored}, refused {done.refused}, still waiting for a pack {done.waiting}")
    with engine.connect() as connection:
        report = scoring_report(connection)
    print(f"pending: {report.pending} (waiting for a pack: {report.waiting_for_pack})")
    print(f"refused at scoring: {len(report.refused)}")
    for row in report.refused:
        print(
            f"  {row['bundle_id']}  centre {row['centre_id']}  learner {row['learner_id']}"
            f"  {row['received_at']}  {row['scoring_code']}: {row['scoring_reason']}"
        )
    print(f"client results that differ from the server's: {len(report.mismatched)}")
    for row in report.mismatched:
        print(
            f"  {row['bundle_id']}  centre {row['centre_id']}  learner {row['learner_id']}"
            f"  {row['received_at']}"
        )


def register(sub: Any) -> None:
    """Add ``server run`` and ``server admin …`` to the root parser's sub-commands."""
    server = sub.add_parser("server", help="the certification server").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--data", type=Path, metavar="DIR", help="server folder (default: DATA_DIR/server)")
    where.add_argument("--database", metavar="URL", help="default: sqlite:///DIR/server.db")

    p = server.add_parser("run", parents=[where], help="serve the API (uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--fd", type=int, help="serve on this already bound socket instead")
    p.add_argument("--rate-limit", type=int, help="signed requests per device per minute (default 120)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(handler=run)

    actions = server.add_parser("admin", help="centres, tokens, codes, devices, packs, trust").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    p = actions.add_parser("centre-add", parents=[where], help="create a centre; prints its id")
    p.add_argument("name")
    p = actions.add_parser("token-add", parents=[where], help="a centre-admin API token (printed once)")
    p.add_argument("centre", metavar="CENTRE")
    p = actions.add_parser("code-add", parents=[where], help="a single-use device enrollment code")
    p.add_argument("centre", metavar="CENTRE")
    p.add_argument("--hours", type=float, default=24, help="validity (default 24)")
    actions.add_parser("device-list", parents=[where], help="enrolled devices")
    p = actions.add_parser("device-revoke", parents=[where], help="revoke a device key")
    p.add_argument("key_id", metavar="KEY_ID")
    p = actions.add_parser("pack-add", parents=[where], help="verify and store a pack for replay")
    p.add_argument("file", type=Path, metavar="FILE.pixpack")
    p.add_argument("--key", type=Path, metavar="PACKKEY", help="pack key file of a certification pack")
    p = actions.add_parser(
        "scoring", parents=[where], help="scoring backlog, bundles refused at scoring, results that differ"
    )
    p.add_argument("--now", action="store_true", help="score the pending bundles first (in this process)")
    p = actions.add_parser("root-set", parents=[where], help="put a trust root in force (rotation)")
    p.add_argument("root", type=Path, metavar="ROOT.json")
    for parser in actions.choices.values():
        parser.set_defaults(handler=admin)
