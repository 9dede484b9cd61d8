"""Learner profiles, shared by every machine of a centre. Layer: sync.server.

A machine uploads the profiles created or changed on it (``POST /v1/profiles``); the
others receive them with ``GET /v1/sync``. Profiles are centre-wide: one id belongs to
one centre for good. Fields are last-writer-wins by a ``version`` counter the machine
increments at each local change: the server keeps a profile only if its version is
higher than the stored one; the same version with other content is ``stale`` (the
first to arrive won; the machine takes the server's copy at its next sync and may
re-apply its change as a higher version). Each write takes the centre's next change
number, so :mod:`sync.server.syncfeed` can hand it out once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from pixdesk.timeutil import format_utc
from sync.server.registry import DeviceRecord
from sync.server.schema import centres, profiles

__all__ = ["FIELDS", "profile_json", "upsert_profiles"]

# Stored columns compared to decide "unchanged" or "stale"; display preferences travel as
# top-level fields and are kept together in the ``preferences`` JSON column.
FIELDS = (
    "display_name",
    "secret_kind",
    "secret_hash",
    "language",
    "extra_time_pct",
    "preferences",
    "created",
)
PREFERENCES = ("zoom", "high_contrast")


def profile_json(row: Any) -> dict[str, Any]:
    """A stored profile as machines receive it (the scrypt hash string included)."""
    return {
        "id": row["id"],
        "display_name": row["display_name"],
        "secret_kind": row["secret_kind"],
        "secret_hash": row["secret_hash"],
        "language": row["language"],
        "extra_time_pct": int(row["extra_time_pct"]),
        **json.loads(row["preferences"]),
        "created_at": row["created"],
        "version": int(row["version"]),
        "updated_at": row["updated_at"],
        "seq": int(row["centre_seq"]),
    }


def _values(profile: dict[str, Any]) -> dict[str, Any]:
    values = {name: profile.get(name) for name in FIELDS[:5]}
    values["preferences"] = json.dumps({k: profile.get(k) for k in PREFERENCES}, sort_keys=True)
    values["created"] = profile["created_at"]
    return values


def _secret_problem(profile: dict[str, Any]) -> str | None:
    kind, digest = profile.get("secret_kind"), profile.get("secret_hash")
    if (kind is None) != (digest is None):
        return "secret_kind and secret_hash go together"
    if digest is not None and not str(digest).startswith("scrypt$"):
        return "secret_hash must be a scrypt$… hash string, never a secret"
    return None


def _upsert_one(
    connection: Connection, device: DeviceRecord, profile: dict[str, Any], now: str
) -> dict[str, Any]:
    pid, version = profile["id"], int(profile.get("version") or 1)
    answer: dict[str, Any] = {"id": pid}
    problem = _secret_problem(profile)
    if problem is not None:
        return {**answer, "status": "refused", "code": "profile.bad_secret", "reason": problem}
    seq: int = connection.execute(  # the centre row lock orders profile writes of one centre
        update(centres)
        .where(centres.c.id == device.centre_id)
        .values(change_seq=centres.c.change_seq + 1)
        .returning(centres.c.change_seq)
    ).scalar_one()
    stored = connection.execute(select(profiles).where(profiles.c.id == pid)).mappings().first()
    values = _values(profile)
    if stored is not None:
        if stored["centre_id"] != device.centre_id:
            return {
                **answer,
                "status": "refused",
                "code": "profile.other_centre",
                "reason": "another centre's id",
            }
        current = int(stored["version"])
        if version < current or (version == current and any(stored[k] != values[k] for k in FIELDS)):
            return {**answer, "status": "stale", "version": current}
        if version == current:
            return {**answer, "status": "unchanged", "version": current}
        connection.execute(
            update(profiles)
            .where(profiles.c.id == pid)
            .values(**values, version=version, updated_by=device.key_id, updated_at=now, centre_seq=seq)
        )
    else:
        connection.execute(
            profiles.insert().values(
                id=pid,
                centre_id=device.centre_id,
                **values,
                version=version,
                updated_by=device.key_id,
                updated_at=now,
                centre_seq=seq,
            )
        )
    return {**answer, "status": "stored", "version": version}


def upsert_profiles(
    engine: Engine, device: DeviceRecord, uploaded: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Store the profiles a machine of ``device``'s centre sent; one answer per profile.

    Each answer is ``{"id", "status": "stored" | "unchanged" | "stale" | "refused", …}``
    with the version the server now holds (or ``code`` and ``reason`` when refused).
    """
    stamp = format_utc(now)
    answers = []
    for profile in uploaded:
        for attempt in range(2):
            try:
                with engine.begin() as connection:
                    answer = _upsert_one(connection, device, profile, stamp)
                break
            except IntegrityError:  # created by another process at the same moment: decide again
                if attempt:
                    answer = {"id": profile["id"], "status": "stale", "version": None}
        answers.append(answer)
    return answers
