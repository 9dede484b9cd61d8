"""The numbers a pack source must reach, per pack kind. Layer: authoring.

Every threshold of the content lint lives here, in one frozen :class:`Thresholds`:
:data:`PRACTICE` and :data:`CERTIFICATION` hold the numbers of the shipped packs
(content_packs/SOURCES.md, "Lint"); tests lint tiny sources with tiny instances
(``dataclasses.replace(PRACTICE, challenges=2, …)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from content_packs.lint_coverage import Coverage

__all__ = ["CERTIFICATION", "PRACTICE", "Row", "Thresholds", "threshold_rows", "thresholds_for"]


@dataclass(frozen=True)
class Thresholds:
    """What a pack of one kind must hold. A count of 0 (or ``None``) is not checked.

    Attributes:
        kind: ``practice`` or ``certification``.
        challenges_per_competence: challenges of every competence of the framework.
        challenges: challenges of the whole pack.
        skills_with_two: share (0–1) of active skills that need 2 challenges or more.
        per_format: challenges of each format (qcu, qcm, qroc, qrocm-ind, qrocm-dep).
        per_qroc_kind: qroc challenges with a text input, and with a number input.
        with_image: challenges with an illustration.
        with_attachment: challenges with an attached file.
        timed: challenges with a timer.
        focused: focused challenges.
        tubes_per_competence: (least, most) tubes of a competence, or None.
        tutorial_per_tube: every tube has a tutorial teaching one of its skills.
        reachable_level: levels 1..N of every competence must be reachable with the
            pix of its skills (min(4, 8 / n) each); 0 skips the check.
        challenge_levels: levels 1..N of every competence must each have a challenge.
        explanations: every challenge has an explanation in every language.
        languages: languages every pack must have.
        tutorial_words: a tutorial body shorter than this is a warning.
        alt_chars: an alt text shorter than this is a warning.
    """

    kind: str
    challenges_per_competence: int
    challenges: int
    skills_with_two: float
    per_format: int
    per_qroc_kind: int
    with_image: int
    with_attachment: int
    timed: int
    focused: int
    tubes_per_competence: tuple[int, int] | None
    tutorial_per_tube: bool
    reachable_level: int
    challenge_levels: int
    explanations: bool
    languages: tuple[str, ...] = ("en", "fr")
    tutorial_words: int = 80
    alt_chars: int = 10


PRACTICE = Thresholds(
    kind="practice",
    challenges_per_competence=20,
    challenges=320,
    skills_with_two=0.60,
    per_format=30,
    per_qroc_kind=1,
    with_image=20,
    with_attachment=10,
    timed=10,
    focused=10,
    tubes_per_competence=(3, 5),
    tutorial_per_tube=True,
    reachable_level=6,
    challenge_levels=0,
    explanations=True,
)

CERTIFICATION = Thresholds(
    kind="certification",
    challenges_per_competence=8,
    challenges=160,
    skills_with_two=0.0,
    per_format=0,
    per_qroc_kind=0,
    with_image=0,
    with_attachment=0,
    timed=0,
    focused=0,
    tubes_per_competence=None,
    tutorial_per_tube=False,
    reachable_level=0,
    challenge_levels=6,
    explanations=False,
)


def thresholds_for(kind: str) -> Thresholds:
    """The shipped thresholds of a pack kind (``practice`` or ``certification``)."""
    return CERTIFICATION if kind == "certification" else PRACTICE


@dataclass(frozen=True)
class Row:
    """One pack-wide count beside its threshold, as the coverage summary prints it.

    ``pack_wide`` rows are errors of their own when they fail (``lint.coverage``); the
    other rows summarise errors already reported where they belong (a competence, a
    tube, a challenge).
    """

    label: str
    count: int
    target: int
    at_most: bool = False
    pack_wide: bool = True

    @property
    def missing(self) -> int:
        """How far the count is from the threshold (0 when it is met)."""
        return max(0, self.count - self.target) if self.at_most else max(0, self.target - self.count)

    @property
    def expected(self) -> str:
        return f"≤ {self.target}" if self.at_most else f"≥ {self.target}"

    @property
    def status(self) -> str:
        if not self.missing:
            return "OK"
        return f"{'EXCESS' if self.at_most else 'MISSING'} {self.missing}"


def _share(share: float, total: int) -> int:
    return math.ceil(round(share * total, 9))


def threshold_rows(coverage: Coverage, t: Thresholds) -> tuple[Row, ...]:
    """The pack-wide counts of ``coverage`` beside the thresholds ``t`` checks (0 = not checked)."""
    comps = coverage.competences
    count = len(comps)
    rows = [
        Row("challenges", coverage.challenges, t.challenges),
        Row(
            f"competences with ≥ {t.challenges_per_competence} challenges",
            sum(1 for c in comps if c.challenges >= t.challenges_per_competence),
            count if t.challenges_per_competence else 0,
            pack_wide=False,
        ),
        Row(
            "active skills with a challenge",
            coverage.skills_with_challenge,
            coverage.active_skills,
            pack_wide=False,
        ),
        Row(
            f"active skills with ≥ 2 challenges ({round(t.skills_with_two * 100)} %)",
            coverage.skills_with_two,
            _share(t.skills_with_two, coverage.active_skills),
        ),
        Row("qcu", coverage.formats["qcu"], t.per_format),
        Row("qcm", coverage.formats["qcm"], t.per_format),
        Row("qroc (text, number, select)", coverage.qroc(), t.per_format),
        Row("qroc with a text input", coverage.formats["qroc-text"], t.per_qroc_kind),
        Row("qroc with a number input", coverage.formats["qroc-number"], t.per_qroc_kind),
        Row("qrocm-ind", coverage.formats["qrocm-ind"], t.per_format),
        Row("qrocm-dep", coverage.formats["qrocm-dep"], t.per_format),
        Row("challenges with an image", coverage.with_image, t.with_image),
        Row("challenges with an attached file", coverage.with_attachment, t.with_attachment),
        Row("timed challenges", coverage.timed, t.timed),
        Row("focused challenges", coverage.focused, t.focused),
    ]
    if t.tubes_per_competence is not None:
        least, most = t.tubes_per_competence
        inside = sum(1 for c in comps if least <= len(c.tubes) <= most)
        rows.append(Row(f"competences with {least}–{most} tubes", inside, count, pack_wide=False))
    if t.reachable_level:
        reach = sum(1 for c in comps if c.reachable_level >= t.reachable_level)
        rows.append(Row(f"competences reaching level {t.reachable_level}", reach, count, pack_wide=False))
    if t.challenge_levels:
        levels = range(1, t.challenge_levels + 1)
        span = sum(1 for c in comps if all(c.challenges_at(level) for level in levels))
        rows.append(
            Row(f"competences with challenges at levels 1–{t.challenge_levels}", span, count, pack_wide=False)
        )
    if t.tutorial_per_tube:
        rows.append(
            Row("tubes with a tutorial", coverage.tubes_with_tutorial, coverage.tubes, pack_wide=False)
        )
    if t.explanations:
        rows.append(
            Row(
                "challenges explained in every language",
                coverage.with_explanation,
                coverage.challenges,
                pack_wide=False,
            )
        )
    present = sum(1 for lang in t.languages if lang in coverage.languages)
    rows.append(Row(f"languages ({', '.join(t.languages)})", present, len(t.languages), pack_wide=False))
    return tuple(row for row in rows if row.target or row.at_most)
