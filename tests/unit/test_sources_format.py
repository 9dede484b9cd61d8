"""The pack source format: YAML reading, validation into dataclasses, stored bodies.

Each malformed-source case edits one line of a small valid source written to a
temporary folder and checks the error's code, its ``file:line`` and its message.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from content_packs.challenge_body import body_of, encode_body
from content_packs.source_errors import SourceError
from content_packs.source_yaml import Map, Scalar, Seq, parse_yaml
from content_packs.sources_format import load_source
from content_packs.sources_model import Challenge, PackSource, default_difficulty
from pixdesk import canonical
from pixdesk.domain.challenge import ChallengeBody, Format
from pixdesk.errors import PixdeskError

REPO = Path(__file__).resolve().parents[2]

FRAMEWORK = """\
framework_id: mini-framework
title: {en: Mini framework, fr: Mini référentiel, es: Mini marco}
domains:
  - code: 1
    title: {en: Information, fr: Information}
    competences:
      - code: 1.1
        title: {en: Searching, fr: Rechercher}
        description: {en: Search the web., fr: Chercher sur le web.}
  - code: 2
    title: {en: Communication, fr: Communication}
    competences:
      - code: 2.1
        title: {en: Interacting, fr: Interagir}
        description: {en: Talk to people., fr: Échanger avec les autres.}
      - code: 2.2
        title: {en: Sharing, fr: Partager}
        description: {en: Share files., fr: Partager des fichiers.}
"""

PACK = """\
pack_id: mini
version: 3
kind: practice
languages: [en, fr]
title: {en: Mini pack, fr: Mini pack}
framework: ../framework.yaml
max_open_level: 5
"""

COMPETENCE = """\
competence: 1.1
tubes:
  - id: searchEngines
    title: {en: Search engines, fr: Moteurs de recherche}
    description: {en: Using search engines., fr: Utiliser les moteurs de recherche.}
    skills: [1, 2, 3, {level: 5, status: archived}]
    tutorials:
      - id: t-search
        kind: howto
        duration_minutes: 5
        skills: [1, 2]
        en: {title: Search better, body: Use precise keywords.}
        fr: {title: Mieux chercher, body: Utilisez des mots-clés précis.}
    challenges:
      - id: c-qcu
        level: 1
        format: qcu
        tutorials: [t-search]
        media:
          - file: media/pic.svg
            alt: {en: A magnifying glass., fr: Une loupe.}
        en:
          instruction: Which tool finds web pages?
          proposals: [A search engine, A spreadsheet, A calculator]
          answer: 1
          explanation: Search engines index the web.
        fr:
          instruction: Quel outil trouve des pages web ?
          proposals: [Un moteur de recherche, Un tableur, Une calculatrice]
          answer: 1
      - id: c-qcm
        level: 2
        format: qcm
        timer: 60
        focused: true
        shuffle: false
        accessible: false
        matching: {t2: false}
        discrimination: 1.5
        difficulty: -1
        en:
          instruction: Which are search engines?
          proposals: [Qwant, Firefox, Bing]
          answer: [3, 1]
        fr:
          instruction: Lesquels sont des moteurs de recherche ?
          proposals: [Qwant, Firefox, Bing]
          answer: [1, 3]
      - id: c-qroc
        level: 3
        format: qroc
        media:
          - file: media/data.csv
            role: attachment
            alt: {en: Some data., fr: Des données.}
        en:
          instruction: Type the word excluded by `jaguar -car`.
          answer: car
        fr:
          instruction: Tapez le mot exclu par `jaguar -voiture`.
          answer: [voiture, la voiture]
      - id: c-number
        level: 3
        format: qroc
        en: {instruction: "How many?", input: number, label: Count, answer: [24.2, "3,5"]}
        fr: {instruction: "Combien ?", input: number, label: Nombre, answer: [24.2, "3,5"]}
      - id: c-select
        level: 3
        format: qroc
        en: {instruction: Pick one., input: select, proposals: [.odt, .ods], answer: .odt}
        fr: {instruction: Choisissez., input: select, proposals: [.odt, .ods], answer: .odt}
      - id: c-ind
        level: 2
        format: qrocm-ind
        en:
          instruction: Fill in both fields.
          inputs:
            - {name: text, label: Text document, input: select, options: [.odt, .ods], answers: [.odt]}
            - {name: fixed, label: Fixed layout, answers: [.pdf, pdf]}
        fr:
          instruction: Remplissez les deux champs.
          inputs:
            - {name: text, label: Document texte, input: select, options: [.odt, .ods], answers: [.odt]}
            - {name: fixed, label: Mise en page fixe, answers: [.pdf, pdf]}
      - id: c-dep
        level: 2
        format: qrocm-dep
        en:
          instruction: Name two kinds of characters.
          inputs:
            - {name: kind1, label: First}
            - {name: kind2, label: Second}
          groups:
            - [digits, numbers]
            - [symbols]
            - uppercase letters
        fr:
          instruction: Citez deux types de caractères.
          inputs:
            - {name: kind1, label: Premier}
            - {name: kind2, label: Second}
          groups:
            - [chiffres, nombres]
            - [symboles]
            - majuscules
"""

OTHER_COMPETENCE = """\
competence: 2.1
tubes:
  - id: email
    title: {en: Email, fr: Courriel}
    description: {en: Sending email., fr: Envoyer des courriels.}
    skills: [1]
    tutorials:
      - id: t-email
        kind: text
        duration_minutes: 2
        skills: [1, "@searchEngines3"]
        en: {title: Email, body: Write a subject.}
        fr: {title: Courriel, body: Écrivez un objet.}
    challenges:
      - id: c-email
        level: 1
        format: qcu
        tutorials: [t-search]
        en: {instruction: "Which field holds the address?", proposals: [To, Subject], answer: 1}
        fr: {instruction: "Quel champ contient l'adresse ?", proposals: [À, Objet], answer: 1}
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>\n'


def write_source(root: Path) -> Path:
    """Write the small valid source above under ``root``; return the pack folder."""
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    pack = root / "mini"
    (pack / "competences").mkdir(parents=True)
    (pack / "media").mkdir()
    (pack / "pack.yaml").write_text(PACK, encoding="utf-8")
    (pack / "competences" / "1.1.yaml").write_text(COMPETENCE, encoding="utf-8")
    (pack / "competences" / "2.1.yaml").write_text(OTHER_COMPETENCE, encoding="utf-8")
    (pack / "media" / "pic.svg").write_text(SVG, encoding="utf-8")
    (pack / "media" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return pack


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file.name}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def line_of(file: Path, needle: str) -> int:
    text = file.read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{needle!r} must occur once in {file.name}"
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_source(tmp_path)


@pytest.fixture
def loaded(source: Path) -> PackSource:
    return load_source(source)


def challenge(loaded: PackSource, challenge_id: str) -> Challenge:
    return next(c for c in loaded.challenges if c.id == challenge_id)


# --- a valid source -------------------------------------------------------------------


def test_pack_settings_and_framework(loaded: PackSource) -> None:
    assert (loaded.pack_id, loaded.version, loaded.kind, loaded.languages) == (
        "mini",
        3,
        "practice",
        ("en", "fr"),
    )
    assert (loaded.max_open_level, loaded.valid_days) == (5, 730)
    framework = loaded.framework
    assert framework.framework_id == "mini-framework"
    assert framework.title == {"en": "Mini framework", "fr": "Mini référentiel"}  # 'es' not kept
    assert framework.competence_codes() == ["1.1", "2.1", "2.2"]
    assert [(d.code, d.position) for d in framework.domains] == [("1", 1), ("2", 2)]
    assert [(c.code, c.position) for c in framework.domains[1].competences] == [("2.1", 1), ("2.2", 2)]


def test_tubes_skills_and_tutorials(loaded: PackSource) -> None:
    assert [t.id for t in loaded.tubes] == ["searchEngines", "email"]  # competence files by name
    assert [(s.id, s.status) for s in loaded.tubes[0].skills] == [
        ("@searchEngines1", "active"),
        ("@searchEngines2", "active"),
        ("@searchEngines3", "active"),
        ("@searchEngines5", "archived"),
    ]
    tutorial = loaded.tubes[1].tutorials[0]
    assert (tutorial.kind, tutorial.duration_minutes) == ("text", 2)
    assert [r.target for r in tutorial.skills] == ["@email1", "@searchEngines3"]
    assert tutorial.title == {"en": "Email", "fr": "Courriel"}


def test_challenge_defaults_and_settings(loaded: PackSource, source: Path) -> None:
    qcu = challenge(loaded, "c-qcu")
    assert (qcu.timer, qcu.focused, qcu.accessible, qcu.t1, qcu.t2, qcu.t3) == (
        None,
        False,
        True,
        True,
        True,
        True,
    )
    assert (qcu.discrimination, qcu.difficulty, qcu.skill_id) == (1.0, -2.25, "@searchEngines1")
    qcm = challenge(loaded, "c-qcm")
    assert (qcm.timer, qcm.focused, qcm.accessible, qcm.t1, qcm.t2, qcm.t3) == (
        60,
        True,
        False,
        True,
        False,
        True,
    )
    assert (qcm.discrimination, qcm.difficulty) == (1.5, -1.0)
    assert qcm.texts["en"].answer == (1, 3)  # sorted
    assert challenge(loaded, "c-qroc").difficulty == -0.45
    file = source / "competences" / "1.1.yaml"
    assert challenge(loaded, "c-qroc").where == f"{file}:{line_of(file, '- id: c-qroc')}"


def test_the_shipped_demo_keeps_ordered_proposals_in_order() -> None:
    shipped = load_source(Path(__file__).resolve().parents[2] / "content_packs" / "sources" / "demo")
    fixed = {c.id for c in shipped.challenges if not c.shuffle}
    assert {"c-1.1-monitor-001", "c-5.1-help-005"} <= fixed, "'Icon A … D' and 'answer A, B, C, none'"


def test_default_difficulty_mapping() -> None:
    assert [default_difficulty(level) for level in range(1, 9)] == [
        -2.25,
        -1.35,
        -0.45,
        0.45,
        1.35,
        2.25,
        3.15,
        4.05,
    ]


def test_media_are_hashed_and_typed(loaded: PackSource, source: Path) -> None:
    media = loaded.media()
    assert [(m.filename, m.mime, m.role) for m in media] == [
        ("pic.svg", "image/svg+xml", "illustration"),
        ("data.csv", "text/csv", "attachment"),
    ]
    digest = hashlib.sha256((source / "media" / "pic.svg").read_bytes()).hexdigest()
    assert (media[0].sha256, media[0].media_id) == (digest, digest[:16])
    assert media[0].alt == {"en": "A magnifying glass.", "fr": "Une loupe."}


def test_bodies_of_choice_formats(loaded: PackSource) -> None:
    qcu = challenge(loaded, "c-qcu")
    assert body_of(qcu, "en") == {
        "instruction": "Which tool finds web pages?",
        "proposals": ["A search engine", "A spreadsheet", "A calculator"],
        "inputs": [],
        "solutions": [1],
        "explanation": "Search engines index the web.",
        "media": [qcu.media[0].media_id],
    }
    assert body_of(qcu, "fr")["explanation"] == ""
    assert qcu.shuffle and "shuffled" not in body_of(qcu, "en"), "shuffled by default: no key written"
    qcm = challenge(loaded, "c-qcm")
    assert body_of(qcm, "fr")["solutions"] == [1, 3]
    assert (
        not qcm.shuffle
        and body_of(qcm, "fr")["shuffled"] is False
        and body_of(qcm, "en")["shuffled"] is False
    )
    stored = ChallengeBody.from_json(json.loads(encode_body(qcm, "en")), Format.QCM)
    assert stored.shuffled is False
    assert ChallengeBody.from_json(json.loads(encode_body(qcu, "en")), Format.QCU).shuffled is True


def test_bodies_of_short_answer_formats(loaded: PackSource) -> None:
    text_input = {"name": "answer", "label": "", "input": "text", "options": []}
    qroc = body_of(challenge(loaded, "c-qroc"), "fr")
    assert (qroc["inputs"], qroc["solutions"], qroc["proposals"]) == (
        [text_input],
        {"answer": ["voiture", "la voiture"]},
        [],
    )
    assert body_of(challenge(loaded, "c-qroc"), "en")["solutions"] == {
        "answer": ["car"]
    }  # one value = a list
    number = body_of(challenge(loaded, "c-number"), "en")
    assert number["inputs"] == [{"name": "answer", "label": "Count", "input": "number", "options": []}]
    assert number["solutions"] == {"answer": ["24.2", "3.5"]}  # as written, decimal comma read as a point
    select = body_of(challenge(loaded, "c-select"), "en")
    assert select["inputs"] == [
        {"name": "answer", "label": "", "input": "select", "options": [".odt", ".ods"]}
    ]
    assert (select["proposals"], select["solutions"]) == ([], {"answer": [".odt"]})


def test_bodies_of_multiple_input_formats(loaded: PackSource) -> None:
    ind = body_of(challenge(loaded, "c-ind"), "en")
    assert ind["inputs"] == [
        {"name": "text", "label": "Text document", "input": "select", "options": [".odt", ".ods"]},
        {"name": "fixed", "label": "Fixed layout", "input": "text", "options": []},
    ]
    assert ind["solutions"] == {"text": [".odt"], "fixed": [".pdf", "pdf"]}
    dep = body_of(challenge(loaded, "c-dep"), "fr")
    assert dep["inputs"] == [
        {"name": "kind1", "label": "Premier", "input": "text", "options": []},
        {"name": "kind2", "label": "Second", "input": "text", "options": []},
    ]
    assert dep["solutions"] == [["chiffres", "nombres"], ["symboles"], ["majuscules"]]


def test_encoded_body_is_canonical_json(loaded: PackSource) -> None:
    for c in loaded.challenges:
        for lang in loaded.languages:
            data = encode_body(c, lang)
            assert canonical.loads_canonical(data) == body_of(c, lang)


def test_the_example_of_sources_md_builds_the_body_it_shows(tmp_path: Path) -> None:
    doc = (REPO / "content_packs" / "SOURCES.md").read_text(encoding="utf-8")
    example = doc[doc.index("## A complete small example") :]
    pack_yaml, competence_yaml = re.findall(r"```yaml\n(.*?)```", example, re.S)[:2]
    body_json = re.findall(r"```json\n(.*?)```", example, re.S)[0].strip()
    (tmp_path / "framework.yaml").write_bytes(
        (REPO / "content_packs" / "sources" / "framework.yaml").read_bytes()
    )
    (tmp_path / "mini" / "competences").mkdir(parents=True)
    (tmp_path / "mini" / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    (tmp_path / "mini" / "competences" / "4.1.yaml").write_text(competence_yaml, encoding="utf-8")
    loaded = load_source(tmp_path / "mini")
    pin = next(c for c in loaded.challenges if c.id == "c-mini-002")
    assert encode_body(pin, "en") == body_json.encode("utf-8")
    assert json.loads(body_json)["solutions"] == {"answer": ["10000"]}


# --- the YAML layer -----------------------------------------------------------------


def test_yaml_follows_the_core_schema_and_keeps_written_text() -> None:
    tree = parse_yaml("a: yes\nb: 1.10\nc: 2024-01-01\nd: true\ne: [no, 3]\nf: Cafe\u0301\n", Path("x.yaml"))
    values = tree.values
    assert isinstance(values["a"], Scalar) and values["a"].value == "yes"
    assert isinstance(values["b"], Scalar) and (values["b"].value, values["b"].text) == (1.1, "1.10")
    assert isinstance(values["c"], Scalar) and values["c"].value == "2024-01-01"
    assert isinstance(values["d"], Scalar) and values["d"].value is True
    assert isinstance(values["e"], Seq) and [i.value for i in values["e"].items if isinstance(i, Scalar)] == [
        "no",
        3,
    ]
    assert isinstance(values["f"], Scalar) and values["f"].value == "Café"  # NFC
    assert tree.key_lines == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
    assert isinstance(tree, Map)


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("a: 1\nb:\n\tc: 2\n", 3, "cannot start any token"),
        ("a: &x 1\nb: *x\n", 2, "aliases"),
        ("a: !!binary aGk=\n", 1, "tag"),
        ("", 1, "empty"),
        ("a: 1\na: 2\n", 2, "appears twice"),
    ],
)
def test_yaml_problems_name_the_line(text: str, line: int, phrase: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, Path("x.yaml"))
    assert caught.value.path == f"x.yaml:{line}"
    assert phrase in caught.value.message
    assert caught.value.code in ("source.syntax", "source.duplicate_key")


def test_not_utf8_is_refused_with_its_line(source: Path) -> None:
    file = source / "competences" / "1.1.yaml"
    file.write_bytes(b"competence: 1.1\ntubes: caf\xe9\n")
    with pytest.raises(SourceError) as caught:
        load_source(source)
    assert (caught.value.code, caught.value.path) == ("source.syntax", f"{file}:2")


# --- malformed sources --------------------------------------------------------------

C11 = "competences/1.1.yaml"
C21 = "competences/2.1.yaml"

# (file, old text, new text, code, text whose line the error must name, phrases of the message)
CASES = {
    "yaml syntax": (
        C11,
        "        format: qcu\n",
        "\tformat: qcu\n",
        "source.syntax",
        "\tformat: qcu",
        ["invalid YAML", "not tabs"],
    ),
    "unknown key": (
        C11,
        "        focused: true",
        "        focussed: true",
        "source.unknown_key",
        "focussed",
        ["'focussed'", "focused"],
    ),
    "missing field": (
        C11,
        "        level: 1\n        format: qcu\n",
        "        level: 1\n",
        "source.missing",
        "- id: c-qcu",
        ["'format'", "required"],
    ),
    "wrong type": (
        C11,
        "timer: 60",
        "timer: soon",
        "source.type",
        "timer: soon",
        ["'timer'", "whole number", "'soon'"],
    ),
    "list expected": (
        C11,
        "proposals: [A search engine, A spreadsheet, A calculator]",
        "proposals: A search engine",
        "source.type",
        "proposals: A search engine",
        ["a list"],
    ),
    "unknown format": (
        C11,
        "format: qcm",
        "format: qcx",
        "source.format",
        "format: qcx",
        ["'qcx'", "qcu, qcm, qroc, qrocm-ind, qrocm-dep"],
    ),
    "qcu answer outside": (
        C11,
        "          answer: 1\n          explanation",
        "          answer: 4\n          explanation",
        "source.answer",
        "answer: 4",
        ["answer 4", "3 proposals", "1 to 3"],
    ),
    "qcm answer outside": (
        C11,
        "answer: [3, 1]",
        "answer: [3, 0]",
        "source.answer",
        "answer: [3, 0]",
        ["answer 0", "1 to 3"],
    ),
    "select answer not an option": (
        C11,
        "{name: text, label: Text document, input: select, options: [.odt, .ods], answers: [.odt]}",
        "{name: text, label: Text document, input: select, options: [.odt, .ods], answers: [.doc]}",
        "source.answer",
        "answers: [.doc]",
        ["'.doc'", ".odt, .ods"],
    ),
    "not a number": (
        C11,
        'label: Count, answer: [24.2, "3,5"]',
        'label: Count, answer: [24.2, "about 3"]',
        "source.answer",
        "about 3",
        ["not a number"],
    ),
    "too few groups": (
        C11,
        "            - [symbols]\n            - uppercase letters\n",
        "",
        "source.answer",
        "groups:\n            - [digits, numbers]",
        ["1 solution group for 2 inputs"],
    ),
    "duplicate challenge id": (
        C11,
        "      - id: c-qcm",
        "      - id: c-qcu",
        "source.duplicate",
        "      - id: c-qcu\n        level: 2",
        ["'c-qcu'", "already used", "1.1.yaml:"],
    ),
    "duplicate id across files": (
        C21,
        "      - id: c-email",
        "      - id: c-qroc",
        "source.duplicate",
        "- id: c-qroc",
        ["'c-qroc'", "1.1.yaml:"],
    ),
    "duplicate skill level": (
        C11,
        "skills: [1, 2, 3, {level",
        "skills: [1, 2, 2, {level",
        "source.duplicate",
        "skills: [1, 2, 2",
        ["level 2 twice"],
    ),
    "skill level outside": (
        C11,
        "skills: [1, 2, 3, {level: 5",
        "skills: [1, 2, 3, {level: 9",
        "source.level",
        "{level: 9",
        ["level 9", "1 to 8"],
    ),
    "challenge level outside": (
        C11,
        "      - id: c-qcu\n        level: 1",
        "      - id: c-qcu\n        level: 0",
        "source.level",
        "level: 0",
        ["level 0", "1 to 8"],
    ),
    "missing language": (
        C11,
        '        fr: {instruction: "Combien ?", input: number, label: Nombre, answer: [24.2, "3,5"]}\n',
        "",
        "source.language",
        "- id: c-number",
        ["'fr'", "en, fr"],
    ),
    "foreign language": (
        C11,
        "title: {en: Search engines, fr: Moteurs de recherche}",
        "title: {en: Search engines, fr: Moteurs de recherche, de: Suchmaschinen}",
        "source.language",
        "de: Suchmaschinen",
        ["'de'", "en, fr"],
    ),
    "translation differs": (
        C11,
        "proposals: [Un moteur de recherche, Un tableur, Une calculatrice]",
        "proposals: [Un moteur de recherche, Un tableur]",
        "source.translation",
        "        fr:\n          instruction: Quel outil",
        ["2 proposals", "en version 3"],
    ),
    "media missing": (
        C11,
        "file: media/pic.svg",
        "file: media/nope.svg",
        "source.media",
        "media/nope.svg",
        ["'media/nope.svg'", "does not exist"],
    ),
    "media outside": (
        C11,
        "file: media/pic.svg",
        "file: ../framework.yaml",
        "source.media",
        "../framework.yaml",
        ["outside"],
    ),
    "illustration not an image": (
        C11,
        "file: media/pic.svg",
        "file: media/data.csv",
        "source.media",
        "file: media/data.csv\n            alt: {en: A magnifying",
        ["not an image"],
    ),
    "unknown skill level": (
        C11,
        "      - id: c-qcu\n        level: 1",
        "      - id: c-qcu\n        level: 4",
        "source.reference",
        "level: 4",
        ["level 4", "no skill", "1, 2, 3, 5"],
    ),
    "unknown tutorial": (
        C11,
        "tutorials: [t-search]",
        "tutorials: [t-nope]",
        "source.reference",
        "tutorials: [t-nope]",
        ["'t-nope'", "t-email, t-search"],
    ),
    "tutorial of unknown level": (
        C11,
        "        skills: [1, 2]",
        "        skills: [1, 4]",
        "source.reference",
        "skills: [1, 4]",
        ["level 4"],
    ),
    "tutorial of unknown skill": (
        C21,
        '"@searchEngines3"',
        '"@searchEngines4"',
        "source.reference",
        "@searchEngines4",
        ["@searchEngines4"],
    ),
    "unknown competence": (
        C21,
        "competence: 2.1",
        "competence: 9.9",
        "source.reference",
        "competence: 9.9",
        ["'9.9'", "1.1, 2.1, 2.2"],
    ),
    "active skill without challenge": (
        C21,
        "    skills: [1]",
        "    skills: [1, 2]",
        "source.value",
        "skills: [1, 2]",
        ["@email2", "no challenge"],
    ),
    "kind": (
        "pack.yaml",
        "kind: practice",
        "kind: exam",
        "source.kind",
        "kind: exam",
        ["'exam'", "practice, certification"],
    ),
    "pack field missing": ("pack.yaml", "version: 3\n", "", "source.missing", "pack_id", ["'version'"]),
    "difficulty not finite": (
        C11,
        "difficulty: -1",
        "difficulty: 1e999",
        "source.value",
        "difficulty: 1e999",
        ["finite"],
    ),
    "proposals without select": (
        C11,
        'en: {instruction: "How many?", input: number,',
        'en: {instruction: "How many?", proposals: [a, b], input: number,',
        "source.value",
        "proposals: [a, b]",
        ["only used with input: select"],
    ),
    "same media described twice": (
        C11,
        "file: media/data.csv",
        "file: media/pic.svg",
        "source.media",
        "file: media/pic.svg\n            role: attachment",
        ["same content", "alt"],
    ),
    "duplicate yaml key": (
        C11,
        "        timer: 60\n",
        "        timer: 60\n        timer: 30\n",
        "source.duplicate_key",
        "timer: 30",
        ["'timer'", "twice"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_source_names_file_line_and_expectation(source: Path, case: str) -> None:
    relative, old, new, code, needle, phrases = CASES[case]
    file = source / relative
    edit(file, old, new)
    with pytest.raises(SourceError) as caught:
        load_source(source)
    error = caught.value
    assert isinstance(error, PixdeskError)
    assert error.code == code, error
    assert error.path == f"{file}:{line_of(file, needle)}", error
    for phrase in phrases:
        assert phrase in error.message, error
    assert str(error) == f"{error.path}: {error.message}"


def test_framework_problems_name_the_framework_file(source: Path) -> None:
    framework = source.parent / "framework.yaml"
    edit(framework, "      - code: 2.2", "      - code: 1.2")
    with pytest.raises(SourceError) as caught:
        load_source(source)
    assert caught.value.path == f"{framework}:{line_of(framework, 'code: 1.2')}"
    assert "does not belong to domain 2" in caught.value.message


def test_missing_pack_file_and_competence_folder(tmp_path: Path, source: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_source(tmp_path / "nowhere")
    assert caught.value.code == "source.file"
    for file in (source / "competences").iterdir():
        file.unlink()
    with pytest.raises(SourceError) as caught:
        load_source(source)
    assert caught.value.code == "source.file" and "competences/*.yaml" in caught.value.message


def test_capacity_intervals_are_ten_increasing_numbers_of_a_certification_pack(tmp_path: Path) -> None:
    from content_packs.sources_format import load_source

    shipped = Path(__file__).resolve().parents[2] / "content_packs" / "sources" / "demo-cert"
    assert load_source(shipped).capacity_intervals == (-2.7, -2.25, -1.8, -0.9, 0.0, 0.9, 1.8, 2.7, 3.6, 4.5)
    source = tmp_path / "demo-cert"
    shutil.copytree(shipped, source)
    (tmp_path / "framework.yaml").write_bytes((shipped.parent / "framework.yaml").read_bytes())
    pack = source / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("3.6, 4.5]", "4.5, 3.6]"), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(source)
    assert caught.value.code == "source.value" and "strictly increasing" in caught.value.message
    assert caught.value.path is not None and caught.value.path.startswith(f"{pack}:")
