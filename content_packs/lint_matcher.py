"""The answer engine as the lint drives it: one challenge, one language. Layer: authoring.

The lint never re-implements matching: :class:`MatchProbe` builds the domain
:class:`~pixdesk.domain.challenge.Challenge` and the
:class:`~pixdesk.domain.challenge.ChallengeBody` exactly as a learner's machine would
read them from the pack (``ChallengeBody.from_json(body_of(...))``), and asks
:func:`pixdesk.domain.matching.is_correct` whether a response is accepted. It also
explains *why* a text is accepted (same text after T1/T2, or a typo within T3), so
lint messages can say what to change.
"""

from __future__ import annotations

from collections.abc import Iterable

from content_packs.challenge_body import body_of
from content_packs.sources_model import Challenge, ChallengeText
from pixdesk.domain.challenge import Challenge as DomainChallenge
from pixdesk.domain.challenge import ChallengeBody, Format, Matching, Response
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.matching import ResponseError, is_correct
from pixdesk.domain.normalise import close_enough, levenshtein, normalise, parse_number

__all__ = ["PROPOSAL_MATCHING", "MatchProbe", "domain_challenge"]

PROPOSAL_MATCHING = Matching(t1=True, t2=False, t3=False)
"""How proposals are compared for duplicates: case, accents and spaces only (T2 would
make ``C++`` and ``C#`` the same)."""


def domain_challenge(challenge: Challenge, competence: str, languages: Iterable[str]) -> DomainChallenge:
    """The engine's view of a source challenge (what the pack's ``challenges`` row holds)."""
    return DomainChallenge(
        id=ChallengeId(challenge.id),
        skill_id=SkillId(challenge.skill_id),
        tube_id=TubeId(challenge.tube_id),
        competence=CompetenceCode(competence),
        level=challenge.level,
        format=Format(challenge.format),
        timer_seconds=challenge.timer,
        focused=challenge.focused,
        accessible=challenge.accessible,
        matching=Matching(challenge.t1, challenge.t2, challenge.t3),
        discrimination=challenge.discrimination,
        difficulty=challenge.difficulty,
        languages=frozenset(languages),
    )


class MatchProbe:
    """Asks the real matcher about responses to one challenge in one language."""

    def __init__(self, challenge: Challenge, lang: str, competence: str, languages: Iterable[str]) -> None:
        self.challenge = challenge
        self.text: ChallengeText = challenge.texts[lang]
        self.domain = domain_challenge(challenge, competence, languages)
        self.body = ChallengeBody.from_json(body_of(challenge, lang), Format(challenge.format))
        self.matching = self.domain.matching

    def accepts(self, response: Response) -> bool:
        """True when the matcher accepts ``response`` (a badly shaped one is refused)."""
        try:
            return is_correct(self.domain, self.body, response)
        except ResponseError:
            return False

    def key(self, kind: str, value: str) -> object:
        """What two variants share when the matcher cannot tell them apart without T3."""
        if kind == "number":
            return parse_number(value)
        if kind == "select":
            return value
        return normalise(value, self.matching)

    def treatments(self) -> str:
        names = [name for name, on in (("T1", self.matching.t1), ("T2", self.matching.t2)) if on]
        return " and ".join(names) if names else "the pre-treatment"

    def why_accepted(self, kind: str, value: str, variants: Iterable[str]) -> str:
        """Why ``value`` is accepted against ``variants``, for a message."""
        if kind == "select":
            return "it is one of the accepted options"
        if kind == "number":
            number = parse_number(value)
            same = next((v for v in variants if number is not None and parse_number(v) == number), None)
            return f"it is the same number as accepted answer {same!r}" if same else "the matcher accepts it"
        answer = normalise(value, self.matching)
        for variant in variants:
            solution = normalise(variant, self.matching)
            if answer == solution:
                return f"{self.treatments()} turn it into {answer!r}, like accepted answer {variant!r}"
            if self.matching.t3 and close_enough(answer, solution):
                edits = levenshtein(answer, solution)
                return (
                    f"T3 takes it for a typo of accepted answer {variant!r}"
                    f" ({edits} edit{'s' if edits != 1 else ''} for {len(answer)} characters)"
                )
        return "the matcher accepts it"

    def why_refused(self, kind: str, value: str) -> str:
        """Why an accepted variant is refused, when it can be told."""
        if kind == "text" and not normalise(value, self.matching):
            return f": nothing is left of it after {self.treatments()}"
        if kind == "number" and parse_number(value) is None:
            return ": it is not a number the matcher can read"
        return ""
