"""Learner profiles on a real machine database: create, search, sign in, lock-out, preferences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust

from pixdesk.config import Settings, load_settings
from pixdesk.domain.challenge import Format, Response
from pixdesk.services.attempts import AttemptService, Step
from pixdesk.services.packs import PackService
from pixdesk.services.profiles import ProfileError, ProfileService, lock_delay
from pixdesk.storage.database import open_store
from pixdesk.storage.migrations import MIGRATIONS, apply_migrations

START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def settings(home: Path) -> Settings:
    return load_settings()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def profiles(settings: Settings, clock: FakeClock) -> Iterator[ProfileService]:
    attempts = AttemptService(settings, clock=clock)
    yield ProfileService(attempts)
    attempts.close()


def reopen(settings: Settings, clock: FakeClock) -> ProfileService:
    """A new service on the same database, as after a restart of the program."""
    return ProfileService(AttemptService(settings, clock=clock))


def error_of(call, *args, **kwargs) -> ProfileError:  # type: ignore[no-untyped-def]
    with pytest.raises(ProfileError) as caught:
        call(*args, **kwargs)
    return caught.value


# -- creating and listing --------------------------------------------------------------------------
def test_create_returns_the_profile_without_its_secret(profiles: ProfileService) -> None:
    created = profiles.create("  Élodie   Martin ", "123456", "pin", "fr")
    assert len(created.id) == 32 and int(created.id, 16) >= 0, "uuid4 hex"
    assert created.display_name == "Élodie Martin"
    assert (created.secret_kind, created.language, created.has_secret) == ("pin", "fr", True)
    assert (created.extra_time_pct, created.zoom, created.high_contrast) == (0, 100, False)
    assert "123456" not in repr(created)
    assert profiles.profile(created.id) == created
    stored = profiles.attempts.store.query("SELECT secret_hash FROM learners WHERE id = ?", (created.id,))
    assert stored[0]["secret_hash"].startswith("scrypt$16384$8$1$")


def test_list_is_sorted_by_name_and_search_ignores_case_and_accents(profiles: ProfileService) -> None:
    for name in ("zoé", "Émile", "Chloé Dupont", "adam"):
        profiles.create(name, "correct horse", "password", "fr")
    assert [p.display_name for p in profiles.list_profiles()] == ["adam", "Chloé Dupont", "Émile", "zoé"]
    assert [p.display_name for p in profiles.list_profiles("E")] == ["Chloé Dupont", "Émile", "zoé"]
    assert [p.display_name for p in profiles.list_profiles("ÉMI")] == ["Émile"]
    assert [p.display_name for p in profiles.list_profiles("chloe  dup")] == ["Chloé Dupont"]
    assert [p.display_name for p in profiles.list_profiles("upon")] == ["Chloé Dupont"]
    assert profiles.list_profiles("xyz") == []
    summary = profiles.list_profiles("adam")[0]
    assert (summary.secret_kind, summary.locked_until) == ("password", None)


@pytest.mark.parametrize("taken", ["ELODIE", "élodie", "Elodie", " elodie  "])
def test_a_name_is_unique_ignoring_case_and_accents(profiles: ProfileService, taken: str) -> None:
    profiles.create("Élodie", "1234", "pin", "fr")
    assert error_of(profiles.create, taken, "5678", "pin", "en").code == "profile.name_taken"
    assert len(profiles.list_profiles()) == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "bad\x00name", "tab\u200bhidden"])
def test_a_bad_name_is_refused(profiles: ProfileService, name: str) -> None:
    assert error_of(profiles.create, name, "1234", "pin", "fr").code == "profile.bad_name"


def test_forty_characters_is_the_longest_name(profiles: ProfileService) -> None:
    assert profiles.create("x" * 40, "1234", "pin", "fr").display_name == "x" * 40


@pytest.mark.parametrize(
    ("secret", "kind", "code"),
    [
        ("123", "pin", "profile.bad_pin"),
        ("1234567", "pin", "profile.bad_pin"),
        ("12ab", "pin", "profile.bad_pin"),
        ("short", "password", "profile.bad_password"),
        ("        ", "password", "profile.bad_password"),
    ],
)
def test_a_bad_secret_is_refused_and_nothing_is_created(
    profiles: ProfileService, secret: str, kind: str, code: str
) -> None:
    assert error_of(profiles.create, "Ada", secret, kind, "fr").code == code
    assert profiles.list_profiles() == []


def test_an_unknown_language_is_refused(profiles: ProfileService) -> None:
    error = error_of(profiles.create, "Ada", "1234", "pin", "de")
    assert (error.code, error.path) == ("profile.bad_preference", "language")


# -- signing in and the lock-out -------------------------------------------------------------------
def test_sign_in_with_the_right_secret_and_wrong_ones_count_down(profiles: ProfileService) -> None:
    ada = profiles.create("Ada", "1234", "pin", "en")
    assert profiles.sign_in(ada.id, "1234") == ada
    lefts = [error_of(profiles.sign_in, ada.id, "0000") for _ in range(3)]
    assert [(e.code, e.tries_left) for e in lefts] == [("profile.wrong_secret", n) for n in (4, 3, 2)]
    assert profiles.sign_in(ada.id, "1234") == ada, "a right secret resets the count"
    assert error_of(profiles.sign_in, ada.id, "0000").tries_left == 4
    assert error_of(profiles.sign_in, "nobody", "1234").code == "profile.unknown"


def test_five_wrong_tries_lock_the_profile_and_the_delay_doubles_up_to_thirty_minutes(
    profiles: ProfileService, clock: FakeClock
) -> None:
    ada = profiles.create("Ada", "1234", "pin", "en")
    for _ in range(4):
        error_of(profiles.sign_in, ada.id, "0000")
    fifth = error_of(profiles.sign_in, ada.id, "0000")
    assert (fifth.code, fifth.until, fifth.tries_left) == ("profile.locked", START + timedelta(seconds=60), 0)

    clock.advance(30)
    refused = error_of(profiles.sign_in, ada.id, "1234")
    assert (refused.code, refused.until) == ("profile.locked", START + timedelta(seconds=60)), (
        "while locked even the right secret is refused, unchecked"
    )
    assert profiles.list_profiles()[0].locked_until == START + timedelta(seconds=60)

    delays = []
    for _ in range(7):
        clock.now = profiles.list_profiles()[0].locked_until or clock.now
        error = error_of(profiles.sign_in, ada.id, "9999")
        assert error.code == "profile.locked"
        delays.append(int((error.until - clock.now).total_seconds()))
    assert delays == [120, 240, 480, 960, 1800, 1800, 1800]

    clock.now = profiles.list_profiles()[0].locked_until or clock.now
    assert profiles.list_profiles()[0].locked_until is None
    assert profiles.sign_in(ada.id, "1234") == ada
    assert error_of(profiles.sign_in, ada.id, "0000").tries_left == 4, "back to five tries after success"


def test_lock_delay_schedule() -> None:
    assert [lock_delay(n) for n in range(5)] == [None] * 5
    assert lock_delay(5) == timedelta(seconds=60)
    assert lock_delay(9) == timedelta(seconds=960)
    assert lock_delay(10) == lock_delay(1000) == timedelta(minutes=30)


def test_the_lock_survives_a_restart(settings: Settings, profiles: ProfileService, clock: FakeClock) -> None:
    ada = profiles.create("Ada", "1234", "pin", "en")
    for _ in range(5):
        error_of(profiles.sign_in, ada.id, "0000")
    profiles.attempts.close()

    restarted = reopen(settings, clock)
    try:
        assert error_of(restarted.sign_in, ada.id, "1234").code == "profile.locked"
        clock.advance(61)
        error = error_of(restarted.sign_in, ada.id, "0000")
        assert (error.code, error.until) == ("profile.locked", clock.now + timedelta(seconds=120))
    finally:
        restarted.attempts.close()


def test_one_learner_never_gets_another_ones_profile(profiles: ProfileService) -> None:
    ada = profiles.create("Ada", "1234", "pin", "fr")
    bob = profiles.create("Bob", "5678", "pin", "en")
    profiles.update_preferences(bob.id, extra_time_pct=50, zoom=150)
    assert error_of(profiles.sign_in, ada.id, "5678").code == "profile.wrong_secret"
    assert profiles.sign_in(ada.id, "1234") == ada
    assert profiles.sign_in(bob.id, "5678").extra_time_pct == 50
    for _ in range(5):
        error_of(profiles.sign_in, bob.id, "0000")
    assert profiles.sign_in(ada.id, "1234") == ada, "Bob's lock-out does not touch Ada"
    assert {p.id: p.locked_until is not None for p in profiles.list_profiles()} == {
        ada.id: False,
        bob.id: True,
    }


# -- secrets of learners created before profiles ---------------------------------------------------
def test_a_learner_without_secret_chooses_one_then_signs_in(profiles: ProfileService) -> None:
    profiles.attempts.ensure_learner("ada", "Ada")
    legacy = profiles.profile("ada")
    assert (legacy.has_secret, legacy.secret_kind, legacy.language) == (False, None, "fr")
    assert error_of(profiles.sign_in, "ada", "").code == "profile.no_secret"
    assert error_of(profiles.set_secret, "ada", "12", "pin").code == "profile.bad_pin"

    chosen = profiles.set_secret("ada", "correct horse", "password")
    assert (chosen.has_secret, chosen.secret_kind) == (True, "password")
    assert error_of(profiles.set_secret, "ada", "1234", "pin").code == "profile.secret_set"
    assert profiles.sign_in("ada", "correct horse") == chosen
    assert error_of(profiles.create, "ADA", "1234", "pin", "fr").code == "profile.name_taken"


def test_change_secret_needs_the_old_one(profiles: ProfileService) -> None:
    ada = profiles.create("Ada", "1234", "pin", "fr")
    wrong = error_of(profiles.change_secret, ada.id, "0000", "correct horse", "password")
    assert (wrong.code, wrong.tries_left) == ("profile.wrong_secret", 4)
    assert error_of(profiles.change_secret, ada.id, "1234", "abc", "password").code == "profile.bad_password"
    changed = profiles.change_secret(ada.id, "1234", "correct horse", "password")
    assert changed.secret_kind == "password"
    assert error_of(profiles.sign_in, ada.id, "1234").tries_left == 4
    assert profiles.sign_in(ada.id, "correct horse") == changed


# -- preferences -----------------------------------------------------------------------------------
def test_preferences_are_saved_and_validated(profiles: ProfileService) -> None:
    ada = profiles.create("Ada", "1234", "pin", "fr")
    updated = profiles.update_preferences(
        ada.id, language="en", extra_time_pct=33, zoom=175, high_contrast=True
    )
    assert (updated.language, updated.extra_time_pct, updated.zoom, updated.high_contrast) == (
        "en",
        33,
        175,
        True,
    )
    assert profiles.update_preferences(ada.id, zoom=100) == updated.__class__(
        **{**updated.__dict__, "zoom": 100}
    ), "only what is given changes"
    for change, path in [
        ({"language": "de"}, "language"),
        ({"extra_time_pct": 10}, "extra_time_pct"),
        ({"extra_time_pct": True}, "extra_time_pct"),
        ({"extra_time_pct": 33.0}, "extra_time_pct"),
        ({"zoom": 99}, "zoom"),
        ({"zoom": 201}, "zoom"),
        ({"zoom": 150.5}, "zoom"),
    ]:
        error = error_of(profiles.update_preferences, ada.id, **change)
        assert (error.code, error.path) == ("profile.bad_preference", path)
    assert error_of(profiles.update_preferences, "nobody", zoom=120).code == "profile.unknown"
    assert profiles.profile(ada.id).zoom == 100


# -- extra time on timers --------------------------------------------------------------------------
def right_answer(step: Step) -> Response:
    challenge, body = step.challenge, step.body
    assert challenge is not None and body is not None
    if challenge.format is Format.QCU:
        return body.solutions[0]
    if challenge.format is Format.QCM:
        return frozenset(body.solutions)
    if challenge.format is Format.QROC:
        return next(iter(body.solutions.values()))[0]
    if challenge.format is Format.QROCM_IND:
        return {name: values[0] for name, values in body.solutions.items()}
    return {spec.name: group[0] for spec, group in zip(body.inputs, body.solutions, strict=False)}


def first_timed_step(service: AttemptService, learner: str) -> Step:
    """Competence 1.1 of the small demo pack serves its timed challenge (level 4, 90 s) to a good learner."""
    step = service.start_competence(learner, "demo", "1.1", "en")
    while not step.finished and step.timer_seconds is None:
        assert step.challenge is not None
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    if step.finished:
        pytest.fail("the demo pack's competence 1.1 should serve its timed challenge")
    return step


def test_the_learners_extra_time_scales_timers_and_is_recorded(tmp_path: Path, home: Path) -> None:
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    attempts = AttemptService(settings)
    try:
        profiles = ProfileService(attempts)
        plain = profiles.create("Ada", "1234", "pin", "en")
        slow = profiles.create("Bob", "5678", "pin", "en")
        profiles.update_preferences(slow.id, extra_time_pct=50)

        normal = first_timed_step(attempts, plain.id)
        longer = first_timed_step(attempts, slow.id)
        assert normal.challenge is not None and longer.challenge is not None
        assert normal.challenge.timer_seconds is not None
        assert normal.timer_seconds == normal.challenge.timer_seconds
        assert longer.timer_seconds == pytest.approx(longer.challenge.timer_seconds * 1.5)

        target = {tube.id: 6 for tube in attempts.content("demo").framework.tubes}
        campaign = attempts.start_campaign(slow.id, "demo", "CAMP", target, "en")
        assert attempts.verify(longer.attempt_id).ok
        for attempt_id, pct in ((normal.attempt_id, 0), (longer.attempt_id, 50), (campaign.attempt_id, 50)):
            settings_json = attempts.store.query("SELECT settings FROM attempts WHERE id = ?", (attempt_id,))
            assert f'"extra_time_pct":{pct}' in settings_json[0]["settings"]
    finally:
        attempts.close()


# -- migration of a machine from before profiles --------------------------------------------------
def test_a_version_2_database_keeps_its_learners(settings: Settings, clock: FakeClock) -> None:
    with open_store(settings.db_path, migrate=False) as store:
        apply_migrations(store, MIGRATIONS[:2])
        assert store.schema_version == 2
        with store.transaction():
            store.conn.execute(
                "INSERT INTO learners (id, display_name, created_at)"
                " VALUES ('ada', 'Ada', '2025-01-01T00:00:00Z')"
            )

    profiles = reopen(settings, clock)
    try:
        assert profiles.attempts.store.schema_version == MIGRATIONS[-1].version >= 3
        [summary] = profiles.list_profiles()
        assert (summary.id, summary.display_name, summary.secret_kind, summary.locked_until) == (
            "ada",
            "Ada",
            None,
            None,
        )
        ada = profiles.profile("ada")
        assert (ada.has_secret, ada.language, ada.extra_time_pct, ada.zoom, ada.high_contrast) == (
            False,
            "fr",
            0,
            100,
            False,
        )
        assert profiles.set_secret("ada", "1234", "pin").has_secret
    finally:
        profiles.attempts.close()
