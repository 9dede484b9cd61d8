"""``pixdesk enroll | sync | outbox list | outbox export | outbox import``. Layer: entry point.

The sync client (sync/) is imported inside each command, so ``pixdesk --version`` and
the commands that need no network never load httpx.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pixdesk.cli.context import settings_for

if TYPE_CHECKING:
    from sync.client import SyncSummary

__all__ = ["enroll", "outbox_export", "outbox_import", "outbox_list", "register", "sync"]


def register(sub: Any) -> None:
    """Add ``enroll``, ``sync`` and ``outbox`` to the root parser's sub-commands."""
    p = sub.add_parser("enroll", help="enroll this machine with a certification server")
    p.add_argument("--server", metavar="URL", help="server URL (default: server_url of the config)")
    p.add_argument("--code", required=True, help="one-time enrollment code from the centre")
    p.add_argument("--name", help="this machine's name on the server (default: the host name)")
    p.set_defaults(handler=enroll)

    p = sub.add_parser("sync", help="send the outbox, upload profiles, pull the centre's work and packs")
    p.set_defaults(handler=sync)

    outbox = sub.add_parser("outbox", help="results waiting for the server").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = outbox.add_parser("list", help="what waits and why (sequence, bundle, attempt, status, reason)")
    p.add_argument("--all", action="store_true", help="include bundles already sent")
    p.set_defaults(handler=outbox_list)
    p = outbox.add_parser("export", help="write pending bundles to a folder (a USB stick)")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.set_defaults(handler=outbox_export)
    p = outbox.add_parser(
        "import", help="relay other machines' bundles from a folder; read this machine's receipts"
    )
    p.add_argument("folder", type=Path, metavar="DIR")
    p.set_defaults(handler=outbox_import)


def enroll(args: argparse.Namespace) -> int:
    from pixdesk.errors import ConfigError
    from sync.client import SyncClient

    settings = settings_for(args)
    server = args.server or settings["server_url"]
    if not server:
        raise ConfigError("config.no_server", "give --server URL (or set server_url in the machine config)")
    client = SyncClient(settings)
    try:
        state = client.enroll(server, args.code, args.name)
        device = client.device.key_id
    finally:
        client.close()
    print(f"enrolled device {device} ({state.device_name}) in centre {state.centre_name} [{state.centre_id}]")
    print(f"server {state.server_url}, server key {state.server_key_id}")
    return 0


def _print_summary(summary: SyncSummary) -> None:
    drain, pulled = summary.drain, summary.pull
    print(
        f"outbox: {drain.sent} sent, {drain.duplicates} already on the server, {drain.rejected} rejected,"
        f" {drain.kept} kept for retry"
    )
    if drain.stopped:
        print(f"  stopped: {drain.stopped}")
    print(f"profiles: {summary.profiles_uploaded} uploaded, {pulled.applied.profiles} received")
    applied = pulled.applied
    print(
        f"other machines' results: {applied.applied} applied, {applied.waiting} waiting,"
        f" {applied.skipped} skipped, {applied.refused} refused"
    )
    if pulled.packs:
        print(f"packs installed: {', '.join(pulled.packs)}")
    if pulled.root_updated:
        print("trust root updated")
    for problem in pulled.problems:
        print(f"  problem: {problem}")


def sync(args: argparse.Namespace) -> int:
    """One sync round; exit 1 when bundles were rejected or kept for a retry."""
    from sync.client import SyncClient

    settings = settings_for(args)
    client = SyncClient(settings)
    try:
        summary = client.sync()
    except BaseException:
        done = client.last_summary
        if done is not None and (
            done.drain.sent or done.drain.duplicates or done.drain.rejected or done.pull.pages
        ):
            _print_summary(done)  # what the round did before it stopped
        raise
    finally:
        client.close()
    _print_summary(summary)
    return 1 if summary.drain.rejected or summary.drain.kept else 0


def outbox_list(args: argparse.Namespace) -> int:
    from pixdesk.services.sync_state import SyncStateService

    state = SyncStateService(settings_for(args))
    try:
        rows = state.outbox(include_sent=args.all)
    finally:
        state.close()
    if not rows:
        print("the outbox is empty: every result was acknowledged by the server")
        return 0
    print(f"{'SEQ':>5}  {'BUNDLE':<32}  {'ATTEMPT':<32}  {'CREATED':<20}  {'STATUS':<8}  REASON")
    for row in rows:
        reason = f"{row.reject_code}: {row.reject_reason}" if row.reject_code else ""
        print(
            f"{row.device_seq:>5}  {row.bundle_id:<32}  {row.attempt_id or '-':<32}  {row.created_at:<20}"
            f"  {row.status:<8}  {reason}"
        )
    return 0


def outbox_export(args: argparse.Namespace) -> int:
    from pixdesk.services.outbox_transfer import OUTBOX_FOLDER, export_pending
    from pixdesk.services.sync_state import SyncStateService

    state = SyncStateService(settings_for(args))
    try:
        report = export_pending(state.store, args.folder)
    finally:
        state.close()
    print(
        f"{len(report.written)} bundle(s) written to {args.folder / OUTBOX_FOLDER},"
        f" {len(report.unchanged)} already there"
    )
    return 0


def outbox_import(args: argparse.Namespace) -> int:
    from sync.client import SyncClient

    client = SyncClient(settings_for(args))
    try:
        summary = client.import_folder(args.folder)
    finally:
        client.close()
    print(f"this machine: {summary.own_marked} bundle(s) marked sent ({summary.own_already} already)")
    print(
        f"relayed: {summary.relayed} bundle(s) of other machines: {summary.accepted} accepted,"
        f" {summary.duplicates} already on the server, {summary.rejected} rejected"
    )
    for path in summary.receipt_files:
        print(f"receipts written to {path}")
    for problem in summary.problems:
        print(f"  problem: {problem}")
    return 1 if summary.problems else 0
