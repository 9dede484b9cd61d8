"""A certification pack against its practice sibling. Layer: authoring.

A certification pack must not reuse the practice pack's questions: none of its
challenge ids, and no instruction identical to a practice one in the same language
(compared after T1 and T2, so a change of case or punctuation is still the same
question). The practice pack to compare with is ``--against DIR``; without it, a
certification source ``<name>-cert`` is compared with the folder ``<name>`` beside it
(``content_packs/sources/demo-cert`` → ``content_packs/sources/demo``). Given
``--against``, a practice pack is compared the same way with a certification one.

The sibling is read with the lint's loader: its own problems are not reported here
(lint it on its own), but the part that can be read is compared.
"""

from __future__ import annotations

from pathlib import Path

from content_packs.lint_loading import load_for_lint
from content_packs.lint_locate import Locator
from content_packs.lint_problems import Problems, plural
from content_packs.lint_texts import instruction_key
from content_packs.lint_thresholds import Row
from content_packs.sources_format import PACK_FILE
from content_packs.sources_model import Challenge, PackSource

__all__ = ["CERT_SUFFIX", "check_sibling", "find_sibling"]

CERT_SUFFIX = "-cert"


def find_sibling(source_dir: Path) -> Path | None:
    """The practice folder beside a certification folder named ``<name>-cert``, if named so."""
    base = source_dir if source_dir.name else source_dir.resolve()
    if not base.name.endswith(CERT_SUFFIX) or base.name == CERT_SUFFIX:
        return None
    return base.parent / base.name.removesuffix(CERT_SUFFIX)


def _read(path: Path | None, source: PackSource, problems: Problems, where: str) -> PackSource | None:
    if path is None or not (path / PACK_FILE).is_file():
        looked = f" (looked for {path / PACK_FILE})" if path is not None else ""
        problems.add(
            "lint.sibling",
            where,
            f"cannot find the practice pack to compare pack {source.pack_id} with{looked};"
            f" expected --against DIR, or a folder <name> beside <name>{CERT_SUFFIX}",
        )
        return None
    loaded = load_for_lint(path, Problems())
    if loaded.source is None:
        problems.add(
            "lint.sibling",
            where,
            f"the pack at {path} cannot be read; expected a valid source (lint it on its own)",
        )
        return None
    other = loaded.source
    if other.kind == source.kind:
        problems.add(
            "lint.sibling",
            where,
            f"{path} is a {other.kind} pack like this one; expected a"
            f" {'practice' if source.kind == 'certification' else 'certification'} pack",
        )
        return None
    if loaded.partial:
        problems.add(
            "lint.sibling_partial",
            where,
            f"{plural(len(loaded.broken_files), 'competence file')} of {path} cannot be read;"
            " compared with the rest only",
        )
    return other


def check_sibling(
    source: PackSource, against: Path | None, problems: Problems, locator: Locator
) -> tuple[Row, ...]:
    """Compare ``source`` with its sibling pack; returns the rows of the coverage summary."""
    if against is None and source.kind != "certification":
        return ()
    other = _read(against or find_sibling(source.root), source, problems, locator.pack("kind"))
    if other is None:
        return ()
    ids = {c.id: c for c in other.challenges}
    instructions: dict[tuple[str, str], Challenge] = {}
    for challenge in other.challenges:
        for lang, text in challenge.texts.items():
            instructions.setdefault((lang, instruction_key(text.instruction)), challenge)
    shared_ids = shared_texts = 0
    for challenge in source.challenges:
        if challenge.id in ids:
            shared_ids += 1
            problems.add(
                "lint.shared_id",
                challenge.where,
                f"challenge id {challenge.id} is also used by pack {other.pack_id}"
                f" ({ids[challenge.id].where}); expected ids of its own",
            )
        shared = False
        for lang, text in challenge.texts.items():
            twin = instructions.get((lang, instruction_key(text.instruction)))
            if twin is not None:
                shared = True
                problems.add(
                    "lint.shared_instruction",
                    locator.challenge(challenge, lang, "instruction"),
                    f"challenge {challenge.id} ({lang}) asks what challenge {twin.id} of pack {other.pack_id}"
                    f" asks ({twin.texts[lang].where}); expected questions of its own",
                )
        shared_texts += shared
    return (
        Row(f"challenge ids shared with {other.pack_id}", shared_ids, 0, at_most=True, pack_wide=False),
        Row(f"instructions shared with {other.pack_id}", shared_texts, 0, at_most=True, pack_wide=False),
    )
