"""Answer checks of the content lint, run through the real matcher. Layer: authoring.

For every challenge and every language (content_packs/SOURCES.md, "Lint"):

* qcu, qcm: every answer number names a proposal; the matcher accepts the solution;
  no two proposals are the same once case, accents and spaces are ignored.
* qroc, qrocm-ind (each input) and qrocm-dep (each group): every accepted variant is
  itself accepted (``lint.solution_refused``); two variants the treatments make equal
  are redundant (a warning); a drop-down option or proposal of the challenge that is
  not a solution of the input must be refused when typed or chosen
  (``lint.option_accepted``); every distractor must be refused
  (``lint.distractor_accepted``); a text input without distractors is a warning.
* qrocm-dep: the same answer typed into two inputs must not fill two groups
  (``lint.groups_overlap``).

qrocm-ind inputs are probed one at a time, the others holding their first accepted
answer; qrocm-dep groups likewise, the other inputs holding the first variant of
other groups. Every verdict comes from :class:`~content_packs.lint_matcher.MatchProbe`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from content_packs.lint_locate import Locator
from content_packs.lint_matcher import PROPOSAL_MATCHING, MatchProbe
from content_packs.lint_problems import Problems
from content_packs.sources_model import InputSpec, PackSource
from pixdesk.domain.challenge import Response
from pixdesk.domain.normalise import normalise

__all__ = ["check_answers"]

Where = Callable[[str], str]


@dataclass(frozen=True)
class _Slot:
    """One place an answer goes: a qroc or qrocm-ind input, or a qrocm-dep group."""

    label: str  # for messages: "", " input 'x'", " group 2"
    kind: str  # text | number | select
    variants: tuple[str, ...]  # the accepted answers
    accepts: Callable[[str], bool]  # the matcher's verdict on a value given here


class _AnswerCheck:
    """The answer checks of one challenge in one language."""

    def __init__(self, probe: MatchProbe, lang: str, problems: Problems, locator: Locator) -> None:
        self.probe = probe
        self.text = probe.text
        self.lang = lang
        self.problems = problems
        self.locator = locator
        self.what = f"challenge {probe.challenge.id} ({lang})"

    def at(self, *steps: str | int, value: str | None = None) -> str:
        return self.locator.challenge(self.probe.challenge, self.lang, *steps, value=value)

    def run(self) -> None:
        format_ = self.probe.challenge.format
        if format_ in ("qcu", "qcm"):
            self.choices(format_)
        elif format_ == "qrocm-dep":
            self.groups()
        else:
            self.inputs(format_)

    def choices(self, format_: str) -> None:
        count = len(self.text.proposals)
        wrong = [n for n in self.text.answer if not 1 <= n <= count]
        if wrong or not self.text.answer or (format_ == "qcu" and len(self.text.answer) != 1):
            self.problems.add(
                "lint.answer_not_a_proposal",
                self.at("answer"),
                f"{self.what}: answer {list(self.text.answer)} does not name "
                f"{'one proposal' if format_ == 'qcu' else 'proposals'}; expected numbers from 1 to {count}",
            )
            return
        response: Response = self.text.answer[0] if format_ == "qcu" else frozenset(self.text.answer)
        if not self.probe.accepts(response):
            self.problems.add(
                "lint.solution_refused", self.at("answer"), f"{self.what}: the matcher refuses the solution"
            )
        seen: dict[str, int] = {}
        for number, proposal in enumerate(self.text.proposals, start=1):
            key = normalise(proposal, PROPOSAL_MATCHING)
            if key in seen:
                self.problems.add(
                    "lint.duplicate_proposal",
                    self.at("proposals", number - 1),
                    f"{self.what}: proposal {number} ({proposal!r}) is proposal {seen[key]} again once case,"
                    " accents and spaces are ignored; expected distinct proposals",
                )
            seen.setdefault(key, number)

    def accepted_variants(self, slot: _Slot, where: Where) -> None:
        """Every variant is accepted; variants the treatments make equal are redundant."""
        seen: dict[object, str] = {}
        for variant in slot.variants:
            if not slot.accepts(variant):
                self.problems.add(
                    "lint.solution_refused",
                    where(variant),
                    f"{self.what}:{slot.label} accepted answer {variant!r} is refused by the matcher"
                    f"{self.probe.why_refused(slot.kind, variant)}; expected every accepted answer to match",
                )
                continue
            key = self.probe.key(slot.kind, variant)
            if key in seen:
                self.problems.add(
                    "lint.redundant_variant",
                    where(variant),
                    f"{self.what}:{slot.label} accepted answer {variant!r} is redundant: the matcher"
                    f" already accepts it through {seen[key]!r}",
                )
            seen.setdefault(key, variant)

    def refused(self, slot: _Slot, values: Sequence[str], code: str, noun: str, where: Where) -> None:
        """Each of ``values`` (wrong answers) must be refused."""
        for value in values:
            if slot.accepts(value):
                reason = self.probe.why_accepted(slot.kind, value, slot.variants)
                self.problems.add(
                    code,
                    where(value),
                    f"{self.what}:{slot.label} {noun} {value!r} is accepted: {reason}; expected it to be"
                    " refused (change the accepted answers or the matching switches)",
                )

    def no_distractors(self, slot: _Slot, where: str) -> None:
        self.problems.add(
            "lint.no_distractors",
            where,
            f"{self.what}:{slot.label} no distractors; expected a few plausible wrong answers"
            " (distractors: [...]) so the lint can check that T1–T3 refuse them",
        )

    def inputs(self, format_: str) -> None:
        specs = self.text.inputs
        baseline = {spec.name: spec.answers[0] for spec in specs if spec.answers}
        if format_ == "qrocm-ind" and not self.probe.accepts(baseline):
            self.problems.add(
                "lint.solution_refused",
                self.at("inputs"),
                f"{self.what}: the first accepted answers of the inputs together ({baseline}) are refused",
            )
            return
        options = list(dict.fromkeys(o for spec in specs for o in spec.options))
        for index, spec in enumerate(specs):
            self.one_input(format_ == "qroc", index, spec, baseline, options)

    def one_input(
        self, qroc: bool, index: int, spec: InputSpec, baseline: dict[str, str], options: list[str]
    ) -> None:
        def accepts(value: str) -> bool:
            return self.probe.accepts(value if qroc else {**baseline, spec.name: value})

        def steps(key: str) -> tuple[str | int, ...]:
            return (key,) if qroc else ("inputs", index, key)

        slot = _Slot("" if qroc else f" input {spec.name!r}:", spec.input, spec.answers, accepts)
        answers, choices = steps("answer" if qroc else "answers"), steps("proposals" if qroc else "options")
        self.accepted_variants(slot, lambda v: self.at(*answers, value=v))
        others = [option for option in options if option not in spec.answers]
        noun = "the option" if spec.input == "select" else "typing the option"
        self.refused(slot, others, "lint.option_accepted", noun, lambda v: self.at(*choices, value=v))
        distractors = self.text.distractors if qroc else spec.distractors
        wrongs = steps("distractors")
        self.refused(
            slot, distractors, "lint.distractor_accepted", "distractor", lambda v: self.at(*wrongs, value=v)
        )
        if spec.input == "text" and not distractors:
            self.no_distractors(slot, self.at(*answers))

    def groups(self) -> None:
        names = [spec.name for spec in self.text.inputs]
        groups = self.text.groups

        def accepts_with(first: list[str], used: set[int]) -> bool:
            others = [group[0] for g, group in enumerate(groups) if g not in used]
            values = (first + others)[: len(names)]
            return len(values) == len(names) and self.probe.accepts(dict(zip(names, values, strict=True)))

        if not accepts_with([], set()):
            self.problems.add(
                "lint.solution_refused",
                self.at("groups"),
                f"{self.what}: the first variants of the groups, one per input, are refused",
            )
            return
        for g, group in enumerate(groups):

            def accepts(value: str, g: int = g) -> bool:
                return accepts_with([value], {g})

            def where(value: str, g: int = g) -> str:
                return self.at("groups", g, value=value)

            self.accepted_variants(_Slot(f" group {g + 1}:", "text", group, accepts), where)
            for variant in group:
                twice = [h for h in range(len(groups)) if h != g and accepts_with([variant, variant], {g, h})]
                if twice:
                    self.problems.add(
                        "lint.groups_overlap",
                        self.at("groups", g, value=variant),
                        f"{self.what}: {variant!r} typed into two inputs is accepted (it fills group {g + 1}"
                        f" and group {twice[0] + 1}); expected groups that one answer cannot fill both of",
                    )
        every = tuple(v for group in groups for v in group)
        anywhere = _Slot("", "text", every, lambda v: any(accepts_with([v], {g}) for g in range(len(groups))))
        self.refused(
            anywhere,
            self.text.distractors,
            "lint.distractor_accepted",
            "distractor",
            lambda v: self.at("distractors", value=v),
        )
        if not self.text.distractors:
            self.no_distractors(anywhere, self.at("groups"))


def check_answers(source: PackSource, problems: Problems, locator: Locator) -> None:
    """Check the answers of every challenge of ``source`` in every language."""
    competences = {tube.id: tube.competence_code for tube in source.tubes}
    for challenge in source.challenges:
        for lang in source.languages:
            if lang in challenge.texts:
                probe = MatchProbe(challenge, lang, competences[challenge.tube_id], source.languages)
                _AnswerCheck(probe, lang, problems, locator).run()
