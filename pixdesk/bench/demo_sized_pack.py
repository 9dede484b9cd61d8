"""A signed pack the size of the shipped demo pack, with real stored bodies. Layer: bench.

The content is the whole framework (5 domains, 16 competences); each competence has 3
to 5 tubes whose skills span levels 1-6, and 20 challenges spread over its skills
(320 in all), formats mixed (qcu, qcm, qroc, qrocm-ind, qrocm-dep), every challenge
in English and French. Bodies follow content_packs/SOURCES.md, "Stored body"
(canonical JSON of instruction, proposals, inputs, solutions, explanation, media), so
the real matcher validates and matches answers to them; text, number and select
inputs all occur. One challenge in nine has a 120 s timer, as in the demo pack. A
fresh publisher key signs the pack and ``root.json`` beside it trusts that key
(:func:`pixdesk.bench.synthetic_pack.write_trust_root`). The same seed always gives
the same content. :func:`response_for` answers any of its challenges right or wrong
(a wrong answer is well formed: the matcher says ``ko``, it does not refuse it).
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pixdesk import canonical
from pixdesk.bench.synthetic_pack import COMPETENCES, write_trust_root
from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, InputSpec, Response
from pixdesk.packs.assemble import PackInfo, assemble_pack, create_content_db
from pixdesk.signing import generate_key
from pixdesk.timeutil import utc_now

__all__ = [
    "CHALLENGES_PER_COMPETENCE",
    "PACK_ID",
    "DemoSizedPack",
    "build_demo_sized_pack",
    "response_for",
    "stored_body",
]

PACK_ID = "bench-demo-sized"
CHALLENGES_PER_COMPETENCE = 20
TUBE_TOP_LEVELS = (6, 5, 4, 3, 2)  # a competence with n tubes uses the first n
FORMATS = ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep")
TIMER_EVERY = 9


def _words(sentence: str) -> tuple[str, ...]:
    return tuple(sentence.split())


WORDS = {
    "en": _words(
        "file folder browser search engine email attachment password network spreadsheet cell"
        " formula document image format licence personal data cookie backup share link address"
        " server software update security identity"
    ),
    "fr": _words(
        "fichier dossier navigateur moteur recherche courriel pièce jointe mot de passe réseau tableur"
        " cellule formule document image format licence données personnelles cookie sauvegarde partage"
        " lien adresse serveur logiciel mise à jour sécurité identité"
    ),
}


@dataclass(frozen=True)
class DemoSizedPack:
    path: Path
    root_path: Path
    competences: tuple[str, ...]
    challenges: int
    skills: int


def _title(text: str) -> str:
    return json.dumps({"en": text, "fr": text}, ensure_ascii=False)


def _phrase(rng: random.Random, lang: str, count: int) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(count))


def _input(name: str, label: str, kind: str, options: list[str]) -> dict[str, Any]:
    return {"name": name, "label": label, "input": kind, "options": options}


def _field(rng: random.Random, lang: str, name: str, kind: str) -> tuple[dict[str, Any], list[str]]:
    """One input of kind text, number or select, and its accepted values."""
    if kind == "number":
        value = f"{rng.randint(2, 999)}.{rng.randint(1, 9)}"  # numbers are text in signed JSON
        return _input(name, f"[{lang}] {name}", "number", []), [value]
    if kind == "select":
        chosen: set[str] = set()
        while len(chosen) < 4:  # four distinct options, so a wrong choice always exists
            chosen.add(_phrase(rng, lang, 2))
        options = sorted(chosen)
        return _input(name, f"[{lang}] {name}", "select", options), [rng.choice(options)]
    words = rng.sample(WORDS[lang], 2)
    return _input(name, f"[{lang}] {name}", "text", []), [words[0], f"{words[0]} {words[1]}"]


def stored_body(rng: random.Random, format_: str, lang: str, index: int) -> bytes:
    """A valid stored body (SOURCES.md, "Stored body") of ``format_`` in ``lang``."""
    proposals: list[str] = []
    inputs: list[dict[str, Any]] = []
    solutions: object
    if format_ == "qcu":
        proposals = [_phrase(rng, lang, 4) for _ in range(4)]
        solutions = [rng.randint(1, 4)]
    elif format_ == "qcm":
        proposals = [_phrase(rng, lang, 4) for _ in range(5)]
        solutions = sorted(rng.sample(range(1, 6), rng.randint(2, 3)))
    elif format_ == "qroc":
        spec, accepted = _field(rng, lang, "answer", rng.choice(("text", "text", "number", "select")))
        inputs, solutions = [spec], {"answer": accepted}
    elif format_ == "qrocm-ind":
        fields = [_field(rng, lang, f"field{k}", kind) for k, kind in enumerate(("text", "number", "select"))]
        inputs, solutions = [spec for spec, _ in fields], {spec["name"]: values for spec, values in fields}
    else:  # qrocm-dep: two text inputs, three groups of variants, each group used once
        inputs = [_input(f"item{k}", f"[{lang}] item {k}", "text", []) for k in (1, 2)]
        words = rng.sample(WORDS[lang], 6)
        solutions = [[words[g], f"{words[g]} {words[g + 3]}"] for g in range(3)]
    body = {
        "instruction": f"[{lang}] Question {index}: {_phrase(rng, lang, 24)} ?",
        "proposals": proposals,
        "inputs": inputs,
        "solutions": solutions,
        "explanation": _phrase(rng, lang, 12),
        "media": [],
    }
    return canonical.dumps(body)


def _fill(conn: sqlite3.Connection, rng: random.Random) -> tuple[int, int]:
    """Every row of the content; returns (challenges, skills)."""
    conn.executemany(
        "INSERT INTO domains VALUES (?, ?, ?)",
        [(domain, int(domain), _title(f"Domain {domain}")) for domain, _c in COMPETENCES],
    )
    codes = [code for _domain, group in COMPETENCES for code in group]
    conn.executemany(
        "INSERT INTO competences VALUES (?, ?, ?, ?, ?)",
        [
            (code, domain, position, _title(f"Competence {code}"), _title(f"What competence {code} covers"))
            for domain, group in COMPETENCES
            for position, code in enumerate(group, 1)
        ],
    )
    index = skill_count = 0
    for number, code in enumerate(codes):
        tubes = [
            (f"tube{code.replace('.', '_')}_{t}", top)
            for t, top in enumerate(TUBE_TOP_LEVELS[: 3 + number % 3])
        ]
        skills = [(f"@{tube}{level}", tube, level) for tube, top in tubes for level in range(1, top + 1)]
        skill_count += len(skills)
        conn.executemany(
            "INSERT INTO tubes VALUES (?, ?, ?, ?)", [(t, code, _title(t), _title(t)) for t, _ in tubes]
        )
        conn.executemany("INSERT INTO skills VALUES (?, ?, ?, 'active')", skills)
        conn.executemany(
            "INSERT INTO tutorials VALUES (?, ?, 'text', 5, ?, ?)",
            [
                (f"tuto-{t}", t, _title(f"Tutorial {t}"), _title("Read this, then try again."))
                for t, _ in tubes
            ],
        )
        conn.executemany(
            "INSERT INTO tutorial_skills VALUES (?, ?)", [(f"tuto-{t}", s) for s, t, _l in skills]
        )
        by_level = sorted(skills, key=lambda s: (s[2], s[0]))  # the easy skills get the second challenges
        for k in range(CHALLENGES_PER_COMPETENCE):
            skill, _tube, _level = by_level[k % len(by_level)]
            cid, format_ = f"ch{index:04d}", FORMATS[(index + number) % len(FORMATS)]
            timer = 120 if index % TIMER_EVERY == TIMER_EVERY - 1 else None
            conn.execute(
                "INSERT INTO challenges (id, skill_id, format, timer_seconds, discrimination, difficulty)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (cid, skill, format_, timer, rng.uniform(0.5, 2.5), rng.uniform(-4.0, 4.0)),
            )
            conn.executemany(
                "INSERT INTO challenge_texts VALUES (?, ?, ?)",
                [(cid, lang, stored_body(rng, format_, lang, index)) for lang in ("en", "fr")],
            )
            index += 1
    return index, skill_count


def build_demo_sized_pack(folder: Path, seed: int = 20240601) -> DemoSizedPack:
    """Build ``folder/demo-sized.pixpack``, signed by a fresh key, and ``folder/root.json`` trusting it."""
    key = generate_key()
    root_path = write_trust_root(folder, key)
    info = PackInfo(
        PACK_ID,
        1,
        "practice",
        "pix-digcomp",
        ("en", "fr"),
        {"en": "Benchmark (demo size)", "fr": "Banc d'essai (taille démo)"},
        utc_now() - timedelta(days=1),
        extra_meta={"max_open_level": "6"},
    )
    db = folder / "demo-sized-content.db"
    conn = create_content_db(db, info)
    try:
        with conn:  # one transaction for every row
            challenges, skills = _fill(conn, random.Random(seed))
    finally:
        conn.close()
    out = folder / "demo-sized.pixpack"
    try:
        assemble_pack(out, db, info, key)
    finally:
        db.unlink(missing_ok=True)
    codes = tuple(code for _domain, group in COMPETENCES for code in group)
    return DemoSizedPack(out, root_path, codes, challenges, skills)


WRONG_TEXT = "xqzwv"  # far from every word above, even with the Levenshtein tolerance


def _wrong_value(spec: InputSpec, accepted: tuple[str, ...]) -> str:
    if spec.input == "select":
        return next(option for option in spec.options if option not in accepted)
    return "-1" if spec.input == "number" else WRONG_TEXT


def response_for(challenge: Challenge, body: ChallengeBody, right: bool) -> Response:
    """A right (every value the first accepted one) or a wrong response to ``challenge``."""
    solutions: Any = body.solutions
    if challenge.format is Format.QCU:
        return int(solutions[0]) if right else 1 + int(solutions[0]) % len(body.proposals)
    if challenge.format is Format.QCM:
        numbers = frozenset(int(n) for n in solutions)
        extra = next(n for n in range(1, len(body.proposals) + 1) if n not in numbers)
        return numbers if right else numbers | {extra}
    if challenge.format is Format.QROC:
        spec, accepted = body.inputs[0], tuple(solutions[body.inputs[0].name])
        return str(accepted[0]) if right else _wrong_value(spec, accepted)
    if challenge.format is Format.QROCM_IND:
        values = {spec.name: str(solutions[spec.name][0]) for spec in body.inputs}
        if not right:
            first = body.inputs[0]
            values[first.name] = _wrong_value(first, tuple(solutions[first.name]))
        return values
    groups = [str(group[0]) for group in solutions]  # qrocm-dep: a wrong answer uses one group twice
    return {spec.name: groups[k if right else 0] for k, spec in enumerate(body.inputs)}
