"""Pulling: a learner's profile and work from machine A count on machine B; packs come down."""

from __future__ import annotations

import pytest
from sync_machines import Machine, World, evaluation_on

from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_state import SyncStateService
from pixdesk.storage import attempt_records
from pixdesk.storage.database import open_store
from sync.protocol import Envelope
from sync.transport import SyncError


def evaluated_on_a_and_pulled_by_b(world: World) -> tuple[Machine, Machine, str]:
    """Machines a and b enrolled; Ada's evaluation on a sent, then pulled by b; Ada's id."""
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    world.server.packs[("demo", 1)] = world.packs["demo"].read_bytes()
    ada, _final = evaluation_on(a, world)
    a.sync(world.server)
    b.sync(world.server)
    return a, b, ada


def test_a_profile_and_an_evaluation_from_machine_a_count_on_machine_b(world: World) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    world.server.packs[("demo", 1)] = world.packs["demo"].read_bytes()
    ada, final = evaluation_on(a, world)

    sent = a.sync(world.server)
    assert (sent.drain.sent, sent.profiles_uploaded) == (1, 1)

    pulled = b.sync(world.server)

    assert pulled.pull.packs == ["demo v1"], "the catalogue's pack was downloaded and imported"
    assert (pulled.pull.applied.profiles, pulled.pull.applied.applied) == (1, 1)
    service_b = b.attempts()
    assert ProfileService(service_b).sign_in(ada, "2468").display_name == "Ada Lovelace"
    now = world.clock()
    card_a = ProgressService(a.services[0]).scorecard(ada, "demo", now)
    card_b = ProgressService(service_b).scorecard(ada, "demo", now)
    assert card_b.entry("4.1").score.pix > 0
    assert card_b == card_a, "B's scorecard includes the work done on A"
    with open_store(b.settings.db_path) as store:
        rows = store.query("SELECT id, source_device, status FROM attempts")
        assert rows == [{"id": final.attempt_id, "source_device": a.device.key_id, "status": "finished"}]
        assert store.query("SELECT count(*) AS n FROM outbox")[0]["n"] == 0, "never in B's outbox"
        assert store.query("SELECT status FROM remote_bundles") == [{"status": "applied"}]

    again = b.sync(world.server)
    assert (again.pull.applied.applied, again.pull.applied.profiles, again.profiles_uploaded) == (0, 0, 0)
    assert SyncStateService(b.settings).profiles_to_upload() == []


def test_a_competence_reset_on_a_counts_on_b(world: World) -> None:
    a, b, ada = evaluated_on_a_and_pulled_by_b(world)
    service_b = b.attempts()
    assert ProgressService(service_b).scorecard(ada, "demo").entry("4.1").score.pix > 0

    world.clock.sleep(8 * 24 * 3600)  # a reset is allowed 7 days after the last activity
    progress_a = ProgressService(a.services[0])
    assert progress_a.reset(ada, "demo", "4.1").entry("4.1").score.pix == 0
    verified = a.services[0].verify(a.services[0].list_attempts()[-1]["id"])
    assert verified.ok and verified.finished, "the reset is a signed attempt that replays"
    assert a.sync(world.server).drain.sent == 1, "the reset travels like any result"

    pulled = b.sync(world.server)

    assert pulled.pull.applied.applied == 1
    now = world.clock()
    card_b = ProgressService(service_b).scorecard(ada, "demo", now)
    assert card_b.entry("4.1").score.pix == 0
    assert card_b == progress_a.scorecard(ada, "demo", now), "the same scorecard on both machines"

    # work done elsewhere before the reset that reaches B only now stops counting too
    with open_store(b.settings.db_path) as store:
        late = store.query("SELECT * FROM knowledge_elements WHERE learner_id = ? LIMIT 1", (ada,))[0]
        reset_at = attempt_records.learner_resets(store, ada)[-1][1]
        with store.transaction():
            store.conn.execute(
                "INSERT INTO knowledge_elements (learner_id, attempt_id, skill_id, tube_id, competence,"
                " status, source, earned_pix, challenge_id, created_at, active)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (
                    ada,
                    late["attempt_id"],
                    late["skill_id"],
                    late["tube_id"],
                    "4.1",
                    "validated",
                    "direct",
                    8.0,
                    None,
                    "2000-01-01T00:00:00Z",
                ),
            )
            attempt_records.apply_recorded_resets(store, ada)  # as applying a remote attempt does
        active = store.query(
            "SELECT count(*) AS n FROM knowledge_elements"
            " WHERE learner_id = ? AND competence = '4.1' AND active = 1",
            (ada,),
        )
        assert active == [{"n": 0}] and reset_at > "2000-01-01T00:00:00Z"


def test_a_bundle_waits_for_its_pack_then_applies(world: World) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    ada, _final = evaluation_on(a, world)
    a.sync(world.server)

    first = b.sync(world.server)
    assert (first.pull.applied.waiting, first.pull.applied.applied) == (1, 0)

    world.server.packs[("demo", 1)] = world.packs["demo"].read_bytes()
    second = b.sync(world.server)
    assert second.pull.applied.applied == 1
    assert ProgressService(b.attempts()).scorecard(ada, "demo").entry("4.1").score.pix > 0


def test_a_tampered_bundle_from_the_server_is_refused_and_not_counted(world: World) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    world.server.packs[("demo", 1)] = world.packs["demo"].read_bytes()
    evaluation_on(a, world)
    a.sync(world.server)
    index = next(i for i, (kind, _value) in enumerate(world.server.log) if kind == "bundle")
    genuine = world.server.log[index][1]
    forged = genuine.payload.replace(b'"format_version":1', b'"format_version":2')
    assert forged != genuine.payload
    world.server.log[index] = (
        "bundle",
        Envelope(genuine.bundle_id, genuine.device, forged, genuine.signature),
    )

    pulled = b.sync(world.server)

    assert pulled.pull.applied.refused == 1 and pulled.pull.applied.applied == 0
    with open_store(b.settings.db_path) as store:
        assert store.query("SELECT count(*) AS n FROM attempts")[0]["n"] == 0
        assert (
            store.query("SELECT reason FROM remote_bundles")[0]["reason"]
            == "the payload is not signed by its device"
        )


def test_a_profile_changed_on_b_goes_up_and_comes_down_on_a(world: World) -> None:
    a, b, ada = evaluated_on_a_and_pulled_by_b(world)
    profiles_b = ProfileService(b.attempts())
    profiles_b.update_preferences(ada, zoom=150, extra_time_pct=33)
    profiles_b.change_secret(ada, "2468", "13579", "pin")

    up = b.sync(world.server)
    down = a.sync(world.server)

    assert up.profiles_uploaded == 1 and down.pull.applied.profiles == 1
    profiles_a = ProfileService(AttemptService(a.settings, clock=world.clock))
    try:
        profile = profiles_a.sign_in(ada, "13579")
        assert (profile.zoom, profile.extra_time_pct) == (150, 33)
    finally:
        profiles_a.attempts.close()


@pytest.mark.parametrize("send_more", [True, False], ids=["more", "cursor-only"])
def test_the_pull_cursor_moves_page_by_page(world: World, send_more: bool) -> None:
    world.server.send_more = send_more
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    a.fill_outbox(7)
    a.sync(world.server)
    world.server.page_size = 3

    pulled = b.sync(world.server)

    # the feed: A's learner profile, then seven bundles whose pack B does not have (kept, waiting)
    assert pulled.pull.pages == (3 if send_more else 4), "`more` spares the last, empty page"
    assert pulled.pull.applied.waiting == 7
    assert pulled.pull.applied.profiles == 1
    state = SyncStateService(b.settings).state()
    assert state is not None and state.pull_cursor == 8


def test_a_newer_trust_root_from_the_server_is_accepted_only_when_the_root_in_force_signs_it(
    world: World,
) -> None:
    from factories import publisher_entry, root_signed

    from pixdesk.signing import generate_key
    from pixdesk.trust_store import load_chains

    b = world.machine("b")
    b.enroll(world.server)
    trust = world.trust
    publishers = [
        publisher_entry(trust.practice, ["practice"]),
        publisher_entry(trust.certification, ["certification"]),
    ]
    impostor = generate_key()
    world.server.root = trust.write_root(
        root_signed([impostor], publishers, version=2), [impostor], "bad.json"
    ).read_bytes()

    refused = b.sync(world.server)
    assert not refused.pull.root_updated and any("trust root" in p for p in refused.pull.problems)
    assert load_chains(b.settings)[0].in_force.version == 1

    world.server.root = trust.write_root(
        root_signed([trust.root_key], publishers, version=2), [trust.root_key], "v2.json"
    ).read_bytes()
    accepted = b.sync(world.server)
    again = b.sync(world.server)

    assert accepted.pull.root_updated and not again.pull.root_updated
    assert load_chains(b.settings)[0].in_force.version == 2


def test_a_machine_revoked_by_the_server_stops_syncing(world: World) -> None:
    a, b = world.machine("a"), world.machine("b")
    a.enroll(world.server)
    b.enroll(world.server)
    world.server.revoked.add(a.device.key_id)

    with pytest.raises(SyncError) as own:
        a.sync(world.server)
    assert own.value.server_code == "revoked_device"
    pulled = b.sync(world.server)
    assert pulled.pull.revoked == 1
    assert SyncStateService(b.settings).revoked_devices() == {a.device.key_id}


def test_when_two_machines_change_a_profile_the_first_upload_wins_everywhere(world: World) -> None:
    a, b, ada = evaluated_on_a_and_pulled_by_b(world)
    ProfileService(a.services[0]).update_preferences(ada, extra_time_pct=50)
    ProfileService(b.attempts()).update_preferences(ada, zoom=175)

    first = a.sync(world.server)
    second = b.sync(world.server)
    third = b.sync(world.server)

    assert first.profiles_uploaded == 1 and second.profiles_uploaded == 0, "B's change came second: stale"
    assert second.pull.applied.profiles == 1 and third.profiles_uploaded == 0
    on_b = ProfileService(b.services[0]).profile(ada)
    assert (on_b.extra_time_pct, on_b.zoom) == (50, 100), "B took the server's copy"
    assert world.server.profiles[ada]["version"] == 2
