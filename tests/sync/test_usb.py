"""Results by USB stick: export on the offline machine, relay on a connected one, receipts back."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sync_machines import World

from pixdesk import canonical
from pixdesk.services.outbox_transfer import OUTBOX_FOLDER, RECEIPTS_FOLDER, export_pending
from pixdesk.services.sync_state import SyncStateService
from sync.protocol import Envelope


def export(machine_settings: object, stick: Path):  # type: ignore[no-untyped-def]
    state = SyncStateService(machine_settings)  # type: ignore[arg-type]
    try:
        return export_pending(state.store, stick)
    finally:
        state.close()


def test_export_relay_and_receipts_back_mark_the_bundles_sent_on_the_original_machine(
    world: World, tmp_path: Path
) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    a.fill_outbox(3)
    stick = tmp_path / "stick"
    stick.mkdir()

    first = export(a.settings, stick)
    second = export(a.settings, stick)

    assert len(first.written) == 3 and not first.unchanged
    assert not second.written and len(second.unchanged) == 3, "exporting twice is harmless"
    device = a.device.key_id
    files = sorted((stick / OUTBOX_FOLDER / device).iterdir())
    assert [f.name.split("-")[0] for f in files] == ["1", "2", "3"]
    envelope = Envelope.from_json(json.loads(files[0].read_bytes()))
    assert envelope.verify(a.device.public) and envelope.payload_document()["device_seq"] == 1
    assert not list(stick.rglob(".*.tmp*")), "written atomically: no temporary file left"

    relay = b.client(world.server)
    relayed = relay.import_folder(stick)
    again = relay.import_folder(stick)
    relay.close()

    assert (relayed.relayed, relayed.accepted) == (3, 3)
    assert (again.relayed, again.accepted, again.duplicates) == (3, 0, 3)
    assert set(world.server.accepted_count.values()) == {1}
    receipts_file = stick / RECEIPTS_FOLDER / f"{device}.json"
    receipts = json.loads(receipts_file.read_bytes())["receipts"]
    assert [r["status"] for r in receipts] == ["accepted"] * 3, "the first receipts are kept"

    world.server.faults = [httpx.ConnectError("offline")] * 20  # A never reaches the server
    requests_before = len(world.server.requests)
    origin = a.client(world.server)
    back = origin.import_folder(stick)
    twice = origin.import_folder(stick)
    origin.close()

    assert (back.own_marked, twice.own_marked, twice.own_already) == (3, 0, 3)
    assert len(world.server.requests) == requests_before, "receipts are read offline"
    rows = a.outbox()
    assert {row["status"] for row in rows} == {"sent"}
    assert all(canonical.loads_canonical(bytes(row["receipt"]))["status"] == "accepted" for row in rows)


def test_a_tampered_receipt_on_the_stick_is_ignored(world: World, tmp_path: Path) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    a.fill_outbox(2)
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a.settings, stick)
    relay = b.client(world.server)
    relay.import_folder(stick)
    relay.close()
    path = stick / RECEIPTS_FOLDER / f"{a.device.key_id}.json"
    document = json.loads(path.read_bytes())
    document["receipts"][1]["device_seq"] = 7  # no longer what the server signed
    path.write_text(json.dumps(document))

    origin = a.client(world.server)
    summary = origin.import_folder(stick)
    origin.close()

    assert summary.own_marked == 1
    assert any("does not verify" in problem for problem in summary.problems)
    assert [row["status"] for row in a.outbox()] == ["sent", "pending"]


def test_export_needs_an_existing_folder(world: World, tmp_path: Path) -> None:
    a = world.machine("a")
    a.fill_outbox(1)
    with pytest.raises(Exception) as info:
        export(a.settings, tmp_path / "not-mounted")
    assert getattr(info.value, "code", None) == "transfer.no_folder"
