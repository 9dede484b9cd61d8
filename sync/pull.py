"""Pulling what the centre's other machines and the server have: revocations, profiles,
other devices' bundles, packs and trust. Layer: sync.

``GET /v1/sync?cursor=N`` answers one page::

    {"revoked_devices": [key id…], "profiles": [profile…], "bundles": [Envelope…],
     "devices": {key id: public key (base64)…}, "packs": [{id, version, kind, sha256, size}…],
     "root": trust root document | null, "cursor": M, "more": bool}

``devices`` gives the public key of every device whose bundles the page carries, so
this machine checks their signatures itself; a bundle may carry more fields than the
envelope's (the server adds ``seq``, ``learner``, ``attempt``), which are not read.
Per page: a newer trust root is accepted (only if the roots in force sign it), the
catalogue's packs newer than those installed are downloaded, checked against the
announced size and SHA-256, and imported (verified as usual); then the page is applied
by pixdesk.services.remote_work, which moves the cursor only once all of it is
recorded. Pages follow each other while ``more`` (or, without it, while the cursor moves).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.packs.manifest import DEFAULT_LIMITS
from pixdesk.services.packs import PackService
from pixdesk.services.remote_work import ApplyReport, PullPage, RemoteBundle, RemoteWorkService
from pixdesk.services.sync_state import SyncStateService
from pixdesk.signing import PublicKey, public_key_from_b64
from sync.protocol import Envelope, ProtocolError
from sync.transport import ServerConnection, SyncError

__all__ = ["Page", "PullSummary", "parse_page", "pull"]

log = logging.getLogger(__name__)
MAX_PAGES = 100  # per round; the next round goes on from the stored cursor


@dataclass
class PullSummary:
    pages: int = 0
    applied: ApplyReport = field(default_factory=ApplyReport)
    packs: list[str] = field(default_factory=list)  # "id vN" installed
    problems: list[str] = field(default_factory=list)  # packs or root refused (the round goes on)
    root_updated: bool = False
    revoked: int = 0  # devices the server lists as revoked


@dataclass(frozen=True)
class CataloguePack:
    pack_id: str
    version: int
    sha256: str
    size: int


def _bad(message: str) -> SyncError:
    return SyncError("sync.bad_answer", message, "/v1/sync")


def _keys(data: Any) -> dict[str, PublicKey]:
    keys: dict[str, PublicKey] = {}
    for key_id, text in (data or {}).items() if isinstance(data, dict) else ():
        try:
            key = public_key_from_b64(text, f"devices.{key_id}")
        except PixdeskError:
            continue
        if key.key_id == key_id:
            keys[key_id] = key
    return keys


@dataclass(frozen=True)
class Page:
    """One pull answer, parsed."""

    page: PullPage
    catalogue: list[CataloguePack]
    root: bytes | None  # the trust root file's bytes
    more: bool | None  # None: the server does not say


def parse_page(data: Any) -> Page:
    """The page, the pack catalogue, the trust root and ``more`` of one pull answer."""
    if not isinstance(data, dict) or not isinstance(data.get("cursor"), int):
        raise _bad("the answer has no cursor")
    lists = {name: data.get(name) or [] for name in ("revoked_devices", "profiles", "bundles", "packs")}
    if not all(isinstance(value, list) for value in lists.values()):
        raise _bad("revoked_devices, profiles, bundles and packs must be lists")
    keys = _keys(data.get("devices"))
    bundles = []
    for i, item in enumerate(lists["bundles"]):
        try:
            envelope = Envelope.from_json(item, f"bundles[{i}]")
        except ProtocolError as exc:
            raise _bad(f"bad bundle: {exc}") from None
        bundles.append(
            RemoteBundle(
                envelope.bundle_id,
                envelope.device,
                envelope.payload,
                envelope.signature,
                keys.get(envelope.device),
            )
        )
    packs = []
    for item in lists["packs"]:
        try:
            packs.append(
                CataloguePack(str(item["id"]), int(item["version"]), str(item["sha256"]), int(item["size"]))
            )
        except (KeyError, TypeError, ValueError):
            raise _bad(f"bad pack entry: {item!r}") from None
    page = PullPage(
        cursor=data["cursor"],
        revoked_devices=tuple(str(device) for device in lists["revoked_devices"]),
        profiles=tuple(lists["profiles"]),
        bundles=tuple(bundles),
    )
    more = data.get("more")
    root = canonical.dumps(data["root"]) if isinstance(data.get("root"), dict) else None
    return Page(page, packs, root, more if isinstance(more, bool) else None)


def _fetch_packs(
    conn: ServerConnection, settings: Settings, catalogue: list[CataloguePack], summary: PullSummary
) -> None:
    service = PackService(settings, conn.clock)
    newest: dict[str, int] = {}
    for pack in service.installed(include_superseded=True):
        newest[pack.pack_id] = max(pack.version, newest.get(pack.pack_id, 0))
    downloads = settings.data_dir / "downloads"
    for item in catalogue:
        if newest.get(item.pack_id, 0) >= item.version:
            continue
        if item.size > DEFAULT_LIMITS.total_bytes + DEFAULT_LIMITS.manifest_bytes + (1 << 20):
            summary.problems.append(f"pack {item.pack_id} v{item.version}: too large ({item.size} bytes)")
            continue
        downloads.mkdir(parents=True, exist_ok=True)
        file = downloads / f"{item.pack_id}-{item.version}.pixpack"
        try:
            path = f"/v1/packs/{quote(item.pack_id, safe='')}/{item.version}"
            digest = conn.download(path, file, item.size)
            if digest != item.sha256:
                raise SyncError("sync.bad_answer", "the pack's SHA-256 is not the one announced", path)
            result = service.import_path(file, if_newer=True)[0]
            if result.error is not None:
                raise result.error
        except SyncError as exc:
            if exc.retryable:
                raise
            summary.problems.append(f"pack {item.pack_id} v{item.version}: {exc}")
        except PixdeskError as exc:
            summary.problems.append(f"pack {item.pack_id} v{item.version}: {exc}")
        else:
            newest[item.pack_id] = item.version
            summary.packs.append(f"{item.pack_id} v{item.version}")
        finally:
            file.unlink(missing_ok=True)


def pull(
    conn: ServerConnection,
    state: SyncStateService,
    remote: RemoteWorkService,
    settings: Settings,
    own_device: str,
    summary: PullSummary | None = None,
) -> PullSummary:
    """Pull pages from the stored cursor until it stops moving; then retry waiting bundles."""
    summary = summary or PullSummary()
    cursor = state.require_state().pull_cursor
    for _ in range(MAX_PAGES):
        answer = parse_page(conn.call("GET", f"/v1/sync?cursor={cursor}"))
        page = answer.page
        summary.pages += 1
        if answer.root is not None:
            try:
                summary.root_updated |= remote.apply_root(answer.root)
            except PixdeskError as exc:
                log.warning("trust root from the server refused: %s", exc)
                summary.problems.append(f"trust root: {exc}")
        _fetch_packs(conn, settings, answer.catalogue, summary)
        summary.applied.add(remote.apply_page(page))
        summary.revoked = len(page.revoked_devices)
        if own_device in page.revoked_devices:
            raise SyncError(
                "sync.revoked", "the server revoked this machine: ask IT staff to enroll it again"
            )
        if answer.more is False or page.cursor == cursor:
            break
        cursor = page.cursor
    retried = remote.retry_waiting()
    summary.applied.applied += retried.applied
    summary.applied.skipped += retried.skipped
    summary.applied.refused += retried.refused
    summary.applied.waiting = remote.waiting_count()  # still waiting at the end of the round
    return summary
