"""``GET /v1/sync``: what a machine must learn from the server. Layer: sync.server.

* the key ids of every revoked device (any centre: a machine may receive or relay
  bundles of any device, and must stop trusting a revoked one);
* its centre's learner profiles changed since the cursor;
* the accepted result bundles of its centre recorded by OTHER devices since the cursor,
  as the original envelopes (plus ``seq``, ``learner``, ``attempt``), so the machine
  verifies them itself with the device keys (``devices``: key id → public key);
* the pack catalogue and the trust root in force (``root``: the signed document);
* the new cursor.

The cursor is the centre's change number (``centres.change_seq``), taken by every
accepted bundle and profile write under a row lock: change N+1 cannot commit before
change N, so reading the centre's number FIRST and then everything up to it never
skips a change that commits later. At most ``sync_page`` bundles come per answer;
``more`` says to ask again at once with the new cursor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from pixdesk import canonical
from sync.protocol import Envelope
from sync.server.packstore import catalogue
from sync.server.profiles import profile_json
from sync.server.registry import DeviceRecord, get_centre
from sync.server.schema import bundles, centres, devices, profiles
from sync.server.state import ServerState
from sync.server.trustroots import current_root

__all__ = ["sync_feed"]


def sync_feed(state: ServerState, device: DeviceRecord, cursor: int) -> dict[str, Any]:
    """Everything ``device`` must learn since ``cursor`` (0: everything)."""
    page = state.config.sync_page
    with state.engine.connect() as connection:
        centre = get_centre(connection, device.centre_id)
        assert centre is not None
        high = int(
            connection.execute(select(centres.c.change_seq).where(centres.c.id == centre.id)).scalar_one()
        )
        if cursor > high:  # a cursor from another database (restored server): start again
            cursor = 0
        rows = list(
            connection.execute(
                select(
                    bundles.c.bundle_id,
                    bundles.c.device_key_id,
                    bundles.c.payload,
                    bundles.c.signature,
                    bundles.c.learner_id,
                    bundles.c.attempt_id,
                    bundles.c.centre_seq,
                )
                .where(
                    bundles.c.centre_id == centre.id,
                    bundles.c.centre_seq > cursor,
                    bundles.c.centre_seq <= high,
                    bundles.c.device_key_id != device.key_id,
                )
                .order_by(bundles.c.centre_seq)
                .limit(page + 1)
            ).mappings()
        )
        more = len(rows) > page
        if more:
            rows = rows[:page]
            high = int(rows[-1]["centre_seq"])
        changed = connection.execute(
            select(profiles)
            .where(
                profiles.c.centre_id == centre.id,
                profiles.c.centre_seq > cursor,
                profiles.c.centre_seq <= high,
            )
            .order_by(profiles.c.centre_seq)
        ).mappings()
        profile_list = [profile_json(row) for row in changed]
        revoked: list[str] = sorted(
            connection.execute(select(devices.c.key_id).where(devices.c.revoked_at.is_not(None))).scalars()
        )
        senders = sorted({row["device_key_id"] for row in rows})
        keys = {
            key_id: public_b64
            for key_id, public_b64 in connection.execute(
                select(devices.c.key_id, devices.c.public_key).where(devices.c.key_id.in_(senders))
            )
        }
        packs = [row.to_json() for row in catalogue(connection)]
        root = current_root(connection, state.config.settings)
    return {
        "cursor": high,
        "more": more,
        "centre": {"id": centre.id, "name": centre.name},
        "revoked_devices": revoked,
        "profiles": profile_list,
        "bundles": [
            {
                **Envelope(
                    row["bundle_id"], row["device_key_id"], bytes(row["payload"]), bytes(row["signature"])
                ).to_json(),
                "seq": int(row["centre_seq"]),
                "learner": row["learner_id"],
                "attempt": row["attempt_id"],
            }
            for row in rows
        ],
        "devices": keys,
        "packs": packs,
        "root": None if root is None else canonical.loads_strict(root.document),
    }
