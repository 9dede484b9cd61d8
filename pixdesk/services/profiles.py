"""Learner profiles on one machine: create, list, sign in, lock-out, preferences. Layer: services.

Many learners share a lab machine. Each has a local profile: a display name, a PIN
(4–6 digits) or a password hashed with scrypt (pixdesk.passwords), a language, an
extra-time percentage applied to timed questions, and display preferences. After
:data:`MAX_TRIES` wrong secrets in a row a profile is locked for :data:`FIRST_LOCK`;
every further wrong try doubles the delay, up to :data:`MAX_LOCK`. The lock-out state
is stored, so a restart does not reset it; the clock is injected so tests do not sleep.

Shares the attempt service's database connection and lock (like
pixdesk.services.progress). Nothing returned here carries a secret or its hash, and a
call about one learner never returns another learner's data.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pixdesk.errors import PixdeskError
from pixdesk.passwords import (
    SECRET_KINDS,
    hash_secret,
    is_valid_password,
    is_valid_pin,
    needs_rehash,
    verify_secret,
)
from pixdesk.random_ids import new_id
from pixdesk.services.attempts import AttemptService
from pixdesk.storage import learner_records as records
from pixdesk.storage.learner_records import LearnerRecord
from pixdesk.timeutil import format_utc, parse_utc

__all__ = [
    "EXTRA_TIME_CHOICES",
    "FIRST_LOCK",
    "LANGUAGES",
    "MAX_LOCK",
    "MAX_NAME_LENGTH",
    "MAX_TRIES",
    "ZOOM_RANGE",
    "Profile",
    "ProfileError",
    "ProfileService",
    "ProfileSummary",
    "fold_name",
    "lock_delay",
]

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
EXTRA_TIME_CHOICES = (0, 25, 33, 50, 100)
ZOOM_RANGE = (100, 200)
MAX_NAME_LENGTH = 40
MAX_TRIES = 5
FIRST_LOCK = timedelta(seconds=60)
MAX_LOCK = timedelta(minutes=30)

_SPACES = re.compile(r"\s+")


class ProfileError(PixdeskError):
    """A profile action refused. Codes: ``profile.unknown``, ``profile.name_taken``,
    ``profile.bad_name``, ``profile.bad_pin``, ``profile.bad_password``,
    ``profile.wrong_secret`` (see ``tries_left``), ``profile.locked`` (see ``until``),
    ``profile.no_secret``, ``profile.secret_set``, ``profile.bad_preference`` (``path``
    names the preference).

    Attributes:
        tries_left: wrong secret: tries left before the profile is locked.
        until: locked: the instant (UTC) the profile can be tried again.
    """

    def __init__(
        self,
        code: str,
        message: str,
        path: str | None = None,
        *,
        tries_left: int | None = None,
        until: datetime | None = None,
    ) -> None:
        super().__init__(code, message, path)
        self.tries_left = tries_left
        self.until = until


@dataclass(frozen=True)
class Profile:
    """A signed-in (or just created) learner: what the screens need, never the secret."""

    id: str
    display_name: str
    secret_kind: str | None  # "pin" | "password"; None for a learner created before profiles
    language: str  # "fr" | "en"
    extra_time_pct: int
    zoom: int  # percent of the normal text size, 100–200
    high_contrast: bool
    has_secret: bool


@dataclass(frozen=True)
class ProfileSummary:
    """One line of the "who are you?" list."""

    id: str
    display_name: str
    secret_kind: str | None
    locked_until: datetime | None  # set only while the profile is locked


def fold_name(name: str) -> str:
    """A name as compared and searched: no accents, no case, single spaces.

    ``"  Élodie   MARTIN "`` → ``"elodie martin"``.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def lock_delay(failed_tries: int) -> timedelta | None:
    """How long a profile is locked after ``failed_tries`` wrong secrets in a row (None: not)."""
    if failed_tries < MAX_TRIES:
        return None
    doublings = min(failed_tries - MAX_TRIES, 16)
    return min(FIRST_LOCK * (1 << doublings), MAX_LOCK)


def _clean_name(display_name: str) -> str:
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", display_name)).strip()
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise ProfileError(
            "profile.bad_name", f"a name has 1 to {MAX_NAME_LENGTH} characters", "display_name"
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ProfileError("profile.bad_name", "a name cannot contain control characters", "display_name")
    return name


def _check_secret(secret: str, kind: str) -> None:
    if kind not in SECRET_KINDS:
        raise ValueError(f"secret kind must be one of {SECRET_KINDS}, not {kind!r}")
    if kind == "pin" and not is_valid_pin(secret):
        raise ProfileError("profile.bad_pin", "a PIN is 4 to 6 digits", "secret")
    if kind == "password" and not is_valid_password(secret):
        raise ProfileError(
            "profile.bad_password", "a password has at least 8 characters, not only spaces", "secret"
        )


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ProfileError("profile.bad_preference", f"language must be one of {LANGUAGES}", "language")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _profile(record: LearnerRecord) -> Profile:
    return Profile(
        id=record.id,
        display_name=record.display_name,
        secret_kind=record.secret_kind,
        language=record.language,
        extra_time_pct=record.extra_time_pct,
        zoom=record.zoom,
        high_contrast=record.high_contrast,
        has_secret=record.secret_hash is not None,
    )


class ProfileService:
    """Learner profiles, through the attempt service's store and lock."""

    def __init__(self, attempts: AttemptService, clock: Callable[[], datetime] | None = None) -> None:
        self.attempts = attempts
        self.clock = clock or attempts.clock

    def now(self) -> datetime:
        """The service's clock (no I/O): screens count a lock down against it."""
        return self.clock()

    # -- reading -------------------------------------------------------------------------------
    def list_profiles(self, search: str = "") -> list[ProfileSummary]:
        """The profiles on this machine whose name contains ``search``, sorted by name.

        The match ignores case and accents and may be anywhere in the name.
        """
        wanted = fold_name(search)
        with self.attempts.lock:
            learners = records.all_learners(self.attempts.store)
        now = self.clock()
        found = [rec for rec in learners if wanted in fold_name(rec.display_name)]
        found.sort(key=lambda rec: (fold_name(rec.display_name), rec.display_name, rec.id))
        return [
            ProfileSummary(rec.id, rec.display_name, rec.secret_kind, self._locked_until(rec, now))
            for rec in found
        ]

    def profile(self, learner_id: str) -> Profile:
        """The learner's profile. Raises ProfileError ``profile.unknown``."""
        with self.attempts.lock:
            return _profile(self._record(learner_id))

    # -- creating and signing in ---------------------------------------------------------------
    def create(self, display_name: str, secret: str, secret_kind: str, language: str) -> Profile:
        """Create a profile protected by a PIN or a password.

        Raises:
            ProfileError: ``profile.bad_name``, ``profile.name_taken`` (same name ignoring
                case and accents), ``profile.bad_pin``, ``profile.bad_password``,
                ``profile.bad_preference`` (language).
        """
        name = _clean_name(display_name)
        _check_secret(secret, secret_kind)
        _check_language(language)
        hashed = hash_secret(secret)  # slow on purpose: outside the lock
        learner_id = new_id()
        service = self.attempts
        with service.lock, service.store.transaction():
            folded = fold_name(name)
            if any(fold_name(rec.display_name) == folded for rec in records.all_learners(service.store)):
                raise ProfileError("profile.name_taken", "a profile with this name already exists", name)
            records.insert_profile(
                service.store, learner_id, name, format_utc(self.clock()), secret_kind, hashed, language
            )
        log.info("profile %s created", learner_id)
        return self.profile(learner_id)

    def sign_in(self, learner_id: str, secret: str) -> Profile:
        """Check the learner's secret; a right one resets the count of wrong tries.

        Raises:
            ProfileError: ``profile.unknown``; ``profile.no_secret`` (choose one with
                :meth:`set_secret`); ``profile.locked`` (the secret is not even checked);
                ``profile.wrong_secret`` with ``tries_left``, or ``profile.locked`` when
                this wrong try locks the profile.
        """
        with self.attempts.lock:
            record = self._checkable(learner_id)
            self._check_or_fail(record, secret)
            return self.profile(learner_id)

    def set_secret(self, learner_id: str, secret: str, kind: str) -> Profile:
        """Give a learner created before profiles (no secret yet) a PIN or password.

        Raises:
            ProfileError: ``profile.unknown``, ``profile.secret_set`` (use
                :meth:`change_secret`), ``profile.bad_pin``, ``profile.bad_password``.
        """
        _check_secret(secret, kind)
        hashed = hash_secret(secret)
        service = self.attempts
        with service.lock, service.store.transaction():
            if self._record(learner_id).secret_hash is not None:
                raise ProfileError(
                    "profile.secret_set", "this profile already has a secret: change it instead", learner_id
                )
            records.set_secret(service.store, learner_id, kind, hashed)
        log.info("profile %s: secret set", learner_id)
        return self.profile(learner_id)

    def change_secret(self, learner_id: str, old: str, new: str, kind: str) -> Profile:
        """Replace the secret, given the current one (wrong tries count toward the lock-out).

        Raises:
            ProfileError: as :meth:`sign_in` for ``old``; ``profile.bad_pin`` or
                ``profile.bad_password`` for ``new``.
        """
        _check_secret(new, kind)
        with self.attempts.lock:
            record = self._checkable(learner_id)
            self._check_or_fail(record, old)
            service = self.attempts
            with service.store.transaction():
                records.set_secret(service.store, learner_id, kind, hash_secret(new))
            log.info("profile %s: secret changed", learner_id)
            return self.profile(learner_id)

    # -- preferences ---------------------------------------------------------------------------
    def update_preferences(
        self,
        learner_id: str,
        *,
        language: str | None = None,
        extra_time_pct: int | None = None,
        zoom: int | None = None,
        high_contrast: bool | None = None,
    ) -> Profile:
        """Change some of the learner's preferences (None: unchanged).

        Raises:
            ProfileError: ``profile.unknown``; ``profile.bad_preference`` with ``path`` the
                preference: language not fr/en, extra time not one of
                :data:`EXTRA_TIME_CHOICES`, zoom outside 100–200.
        """
        if language is not None:
            _check_language(language)
        if extra_time_pct is not None and (
            not _is_int(extra_time_pct) or extra_time_pct not in EXTRA_TIME_CHOICES
        ):
            raise ProfileError(
                "profile.bad_preference", f"extra time must be one of {EXTRA_TIME_CHOICES}", "extra_time_pct"
            )
        if zoom is not None and (not _is_int(zoom) or not ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
            raise ProfileError("profile.bad_preference", "zoom must be 100 to 200 (percent)", "zoom")
        service = self.attempts
        with service.lock, service.store.transaction():
            record = self._record(learner_id)
            records.update_preferences(
                service.store,
                learner_id,
                record.language if language is None else language,
                record.extra_time_pct if extra_time_pct is None else extra_time_pct,
                record.zoom if zoom is None else zoom,
                record.high_contrast if high_contrast is None else bool(high_contrast),
            )
        return self.profile(learner_id)

    # -- internals -----------------------------------------------------------------------------
    def _record(self, learner_id: str) -> LearnerRecord:
        record = records.get_learner(self.attempts.store, learner_id)
        if record is None:
            raise ProfileError("profile.unknown", "no such profile on this machine", learner_id)
        return record

    @staticmethod
    def _locked_until(record: LearnerRecord, now: datetime) -> datetime | None:
        if record.locked_until is None:
            return None
        until = parse_utc(record.locked_until)
        return until if until > now else None

    def _checkable(self, learner_id: str) -> LearnerRecord:
        """The learner's row, if a secret may be checked now (known, not locked, has one)."""
        record = self._record(learner_id)
        until = self._locked_until(record, self.clock())
        if until is not None:
            raise ProfileError(
                "profile.locked",
                f"too many wrong tries: locked until {format_utc(until)}",
                learner_id,
                until=until,
            )
        if record.secret_hash is None:
            raise ProfileError("profile.no_secret", "this profile has no PIN or password yet", learner_id)
        return record

    def _check_or_fail(self, record: LearnerRecord, secret: str) -> None:
        """Verify ``secret``: reset the count if right, count (and maybe lock) if wrong."""
        assert record.secret_hash is not None and record.secret_kind is not None
        store = self.attempts.store
        if verify_secret(secret, record.secret_hash):
            with store.transaction():
                if needs_rehash(record.secret_hash):
                    records.set_secret(store, record.id, record.secret_kind, hash_secret(secret))
                else:
                    records.reset_failures(store, record.id)
            return
        now = self.clock()
        with store.transaction():
            tries = self._record(record.id).failed_tries + 1  # re-read: another process may count too
            delay = lock_delay(tries)
            until = None if delay is None else format_utc(now + delay)
            records.record_failure(store, record.id, tries, until)
        log.info("profile %s: wrong secret (%d in a row)", record.id, tries)
        if until is not None:
            raise ProfileError(
                "profile.locked",
                f"too many wrong tries: locked until {until}",
                record.id,
                tries_left=0,
                until=parse_utc(until),
            )
        raise ProfileError(
            "profile.wrong_secret", "wrong PIN or password", record.id, tries_left=MAX_TRIES - tries
        )
