"""Text checks of the content lint: explanations, translations, tutorials. Layer: authoring.

The loader already requires every language of the pack for every required text.
This module checks what it cannot:

* ``lint.no_explanation``: a challenge without an explanation in a language, when
  the thresholds ask for explanations (practice packs);
* ``lint.missing_translation``: an optional text (explanation, qroc label) given in
  some languages only;
* ``lint.untranslated`` (warning): an instruction, explanation, tutorial body or tube
  description identical in two languages — usually a copy not yet translated;
* ``lint.duplicate_instruction`` (warning): two challenges of the pack asking the same
  thing (compared after T1 and T2), usually a copy-paste;
* ``lint.short_tutorial`` (warning): a tutorial body under the thresholds' word count.
"""

from __future__ import annotations

from content_packs.lint_locate import Locator
from content_packs.lint_problems import Problems
from content_packs.lint_thresholds import Thresholds
from content_packs.sources_model import Challenge, PackSource
from pixdesk.domain.challenge import Matching
from pixdesk.domain.normalise import normalise

__all__ = ["INSTRUCTION_MATCHING", "check_texts", "instruction_key"]

INSTRUCTION_MATCHING = Matching(t1=True, t2=True, t3=False)


def instruction_key(text: str) -> str:
    """What two instructions share when they ask the same thing (case, accents, punctuation aside)."""
    return normalise(text, INSTRUCTION_MATCHING)


def _optional(
    challenge: Challenge, languages: tuple[str, ...], problems: Problems, locator: Locator, t: Thresholds
) -> None:
    texts = challenge.texts
    explained = [lang for lang in languages if texts[lang].explanation]
    for lang in languages:
        if lang in explained:
            continue
        if t.explanations:
            problems.add(
                "lint.no_explanation",
                locator.challenge(challenge, lang),
                f"challenge {challenge.id} ({lang}) has no explanation; expected one in every language"
                " (shown after the answer)",
            )
        elif explained:
            problems.add(
                "lint.missing_translation",
                locator.challenge(challenge, lang),
                f"challenge {challenge.id} has an explanation in {', '.join(explained)} but not in {lang};"
                " expected it in every language",
            )
    if challenge.format != "qroc":
        return
    labelled = [lang for lang in languages if texts[lang].inputs and texts[lang].inputs[0].label]
    for lang in languages:
        if labelled and lang not in labelled:
            problems.add(
                "lint.missing_translation",
                locator.challenge(challenge, lang),
                f"challenge {challenge.id} has a label in {', '.join(labelled)} but not in {lang};"
                " expected it in every language",
            )


def _same_in(texts: dict[str, str], languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs (reference language, language) whose non-empty texts are identical."""
    first = languages[0]
    return [
        (first, lang) for lang in languages[1:] if texts.get(first) and texts.get(first) == texts.get(lang)
    ]


def _untranslated(source: PackSource, problems: Problems, locator: Locator) -> None:
    langs = source.languages
    for challenge in source.challenges:
        for key in ("instruction", "explanation"):
            texts = {lang: getattr(challenge.texts[lang], key) for lang in langs}
            for first, lang in _same_in(texts, langs):
                problems.add(
                    "lint.untranslated",
                    locator.challenge(challenge, lang, key),
                    f"challenge {challenge.id}: the {lang} {key} is the {first} one; expected a translation",
                )
    for tutorial in source.tutorials:
        for first, lang in _same_in(tutorial.body, langs):
            problems.add(
                "lint.untranslated",
                locator.tutorial(tutorial, lang, "body"),
                f"tutorial {tutorial.id}: the {lang} body is the {first} one; expected a translation",
            )
    for tube in source.tubes:
        for first, lang in _same_in(tube.description, langs):
            problems.add(
                "lint.untranslated",
                tube.where,
                f"tube {tube.id}: the {lang} description is the {first} one; expected a translation",
            )


def _duplicates(source: PackSource, problems: Problems, locator: Locator) -> None:
    for lang in source.languages:
        seen: dict[str, Challenge] = {}
        for challenge in source.challenges:
            key = instruction_key(challenge.texts[lang].instruction)
            first = seen.setdefault(key, challenge)
            if first is not challenge:
                problems.add(
                    "lint.duplicate_instruction",
                    locator.challenge(challenge, lang, "instruction"),
                    f"challenge {challenge.id} ({lang}) asks what challenge {first.id} asks"
                    f" ({locator.challenge(first, lang, 'instruction')}); expected different questions",
                )


def _tutorials(source: PackSource, t: Thresholds, problems: Problems, locator: Locator) -> None:
    for tutorial in source.tutorials:
        for lang in source.languages:
            words = len(tutorial.body.get(lang, "").split())
            if words < t.tutorial_words:
                problems.add(
                    "lint.short_tutorial",
                    locator.tutorial(tutorial, lang, "body"),
                    f"tutorial {tutorial.id} ({lang}) has {words} words;"
                    f" expected at least {t.tutorial_words}",
                )


def check_texts(source: PackSource, t: Thresholds, problems: Problems, locator: Locator) -> None:
    """Run the checks of the module docstring on every text of ``source``."""
    for challenge in source.challenges:
        _optional(challenge, source.languages, problems, locator, t)
    _untranslated(source, problems, locator)
    _duplicates(source, problems, locator)
    _tutorials(source, t, problems, locator)
