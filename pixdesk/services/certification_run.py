"""The certification side of an :class:`AttemptRun`: IRT selection and scoring. Layer: services.

Maps the pack's challenges (the attempt's pool, sorted by id) onto an
:class:`~pixdesk.domain.flash.ItemBank` — discrimination, difficulty, tube and
competence numbers, accessibility, exposure prices shipped in the pack — and asks the
flash engine for each next item with a generator seeded from the attempt id and the
number of answers, so that a replay draws the same items. The provisional result is
computed offline and marked provisional: the certification server recomputes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.certification_score import CapacityIntervals, certification_result, default_intervals
from pixdesk.domain.challenge import Challenge
from pixdesk.domain.flash import FlashSettings, ItemBank, next_item
from pixdesk.domain.ids import ChallengeId
from pixdesk.packs.content import PackContent

if TYPE_CHECKING:
    from pixdesk.services.attempt_run import StartData

__all__ = ["CertificationSelector"]


def _rng(attempt_id: str, position: int) -> np.random.Generator:
    digest = hashlib.sha256(f"{attempt_id}\x1fflash\x1f{position}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _intervals(content: PackContent) -> CapacityIntervals:
    max_open = content.framework.max_open_level
    shipped = content.meta.get("capacity_intervals")
    if shipped:
        return CapacityIntervals(tuple(float(v) for v in json.loads(shipped)), max_open)
    return default_intervals(max_open)


class CertificationSelector:
    """Chooses certification items and scores the test, for one attempt."""

    def __init__(self, content: PackContent, pool: Sequence[Challenge], start: StartData) -> None:
        self.start = start
        self.items: list[Challenge] = sorted(pool, key=lambda c: c.id)
        self.index = {c.id: i for i, c in enumerate(self.items)}
        tubes = {t: n for n, t in enumerate(sorted({c.tube_id for c in self.items}))}
        competences = {k: n for n, k in enumerate(sorted({c.competence for c in self.items}))}
        self.competence_codes = {n: k for k, n in competences.items()}
        prices = json.loads(content.meta["exposure_prices"]) if "exposure_prices" in content.meta else {}
        self.bank = ItemBank(
            a=np.array([c.discrimination for c in self.items]),
            b=np.array([c.difficulty for c in self.items]),
            tube=np.array([tubes[c.tube_id] for c in self.items]),
            competence=np.array([competences[c.competence] for c in self.items]),
            accessible=np.array([c.accessible for c in self.items]),
            price=np.array([float(prices.get(c.id, 0.0)) for c in self.items]),
        )
        self.settings = FlashSettings(accessibility_only=start.accessibility)
        self.intervals = _intervals(content)

    @property
    def length(self) -> int:
        return self.settings.length

    def next(self, answers: Sequence[tuple[ChallengeId, AnswerStatus]]) -> ChallengeId | None:
        items = [self.index[cid] for cid, _status in answers]
        correct = [status.success for _cid, status in answers]
        item = next_item(self.bank, items, correct, self.settings, _rng(self.start.attempt_id, len(answers)))
        return None if item is None else self.items[item].id

    def result(
        self, answers: Sequence[tuple[ChallengeId, AnswerStatus]], aborted: str | None
    ) -> dict[str, Any]:
        """The provisional result, canonical-JSON-ready (capacity as text: no floats)."""
        items = [self.index[cid] for cid, _status in answers]
        outcome = certification_result(
            self.bank, items, [status for _cid, status in answers], self.settings, self.intervals, aborted
        )
        return {
            "status": str(outcome.status),
            "answers": outcome.answered,
            "correct": sum(1 for _cid, status in answers if status.success),
            "capacity": None if outcome.capacity is None else f"{outcome.capacity:.4f}",
            "se": None if outcome.se is None else f"{outcome.se:.4f}",
            "pix": outcome.pix,
            "max_pix": self.intervals.max_pix,
            "global_level": None if outcome.global_level is None else str(outcome.global_level),
            "competences": {
                self.competence_codes[n]: {"level": level}
                for n, level in sorted((outcome.competence_levels or {}).items())
            },
            "skipped": outcome.skipped,
            "reason": outcome.reason,
            "aborted": aborted,
            "provisional": True,
        }
