"""The content lint (``pixdesk pack lint``): each check on a tiny source, with tiny thresholds.

A small clean source is written to a temporary folder and linted with :data:`TINY`
thresholds: it has no finding at all. Each other test edits one thing and checks the
finding's code, its ``file:line`` and what its message says.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from content_packs.lint import LintReport, lint_source
from content_packs.lint_coverage import measure
from content_packs.lint_locate import Locator
from content_packs.lint_matching import check_answers
from content_packs.lint_problems import CODES, ERROR, WARNING, Problems
from content_packs.lint_report import coverage_markdown, report_lines
from content_packs.lint_sibling import find_sibling
from content_packs.lint_structure import check_structure
from content_packs.lint_thresholds import CERTIFICATION, PRACTICE, threshold_rows, thresholds_for
from content_packs.sources_format import load_source

FRAMEWORK = """\
framework_id: mini-framework
title: {en: Mini framework, fr: Mini référentiel}
domains:
  - code: 1
    title: {en: Information, fr: Information}
    competences:
      - code: 1.1
        title: {en: Searching, fr: Rechercher}
        description: {en: Search the web., fr: Chercher sur le web.}
"""

PACK = """\
pack_id: mini
version: 1
kind: practice
languages: [en, fr]
title: {en: Mini pack, fr: Mini paquet}
framework: ../framework.yaml
"""

COMPETENCE = """\
competence: 1.1
tubes:
  - id: search
    title: {en: Search, fr: Recherche}
    description: {en: Find web pages., fr: Trouver des pages web.}
    skills: [1, 2, 3, 4]
    tutorials:
      - id: t-search
        kind: text
        duration_minutes: 3
        skills: [1, 2, 3, 4]
        en: {title: Searching, body: Type a few precise words into the search engine.}
        fr: {title: Chercher, body: Tapez quelques mots précis dans le moteur de recherche.}
    challenges:
      - id: c-qcu
        level: 1
        format: qcu
        focused: true
        media:
          - file: media/pic.svg
            alt: {en: A magnifying glass icon., fr: Une icône de loupe.}
        en:
          instruction: Which tool finds web pages?
          proposals: [A search engine, A spreadsheet]
          answer: 1
          explanation: Search engines index the web.
        fr:
          instruction: Quel outil trouve des pages web ?
          proposals: [Un moteur de recherche, Un tableur]
          answer: 1
          explanation: Les moteurs de recherche indexent le web.
      - id: c-qcm
        level: 2
        format: qcm
        timer: 60
        en:
          instruction: Which are search engines?
          proposals: [Qwant, Firefox, Bing]
          answer: [1, 3]
          explanation: Firefox is a browser.
        fr:
          instruction: Lesquels sont des moteurs de recherche ?
          proposals: [Qwant, Firefox, Bing]
          answer: [1, 3]
          explanation: Firefox est un navigateur.
      - id: c-text
        level: 3
        format: qroc
        en:
          instruction: Which word does `jaguar -car` leave out?
          answer: [car]
          distractors: [jaguar]
          explanation: The minus sign excludes a word.
        fr:
          instruction: Quel mot la requête `jaguar -voiture` écarte-t-elle ?
          answer: [voiture]
          distractors: [jaguar]
          explanation: Le signe moins exclut un mot.
      - id: c-number
        level: 4
        format: qroc
        media:
          - file: media/data.csv
            role: attachment
            alt: {en: A table of daily visits., fr: Un tableau des visites par jour.}
        en:
          instruction: How many visits does the attached file count?
          input: number
          answer: [42]
          explanation: Add up the column.
        fr:
          instruction: Combien de visites compte le fichier joint ?
          input: number
          answer: [42]
          explanation: Additionnez la colonne.
      - id: c-ind
        level: 1
        format: qrocm-ind
        en:
          instruction: Complete the query.
          inputs:
            - {name: site, label: Operator, input: select, options: ["site:", "link:"], answers: ["site:"]}
            - {name: word, label: Excluded word, answers: [car], distractors: [jaguar]}
          explanation: Operators narrow a search.
        fr:
          instruction: Complétez la requête.
          inputs:
            - {name: site, label: Opérateur, input: select, options: ["site:", "link:"], answers: ["site:"]}
            - {name: word, label: Mot exclu, answers: [voiture], distractors: [jaguar]}
          explanation: Les opérateurs affinent une recherche.
      - id: c-dep
        level: 2
        format: qrocm-dep
        en:
          instruction: Name two search engines.
          inputs:
            - {name: first, label: First}
            - {name: second, label: Second}
          groups: [[Qwant], [Bing], [DuckDuckGo]]
          distractors: [Firefox, Chrome]
          explanation: Browsers are not search engines.
        fr:
          instruction: Citez deux moteurs de recherche.
          inputs:
            - {name: first, label: Premier}
            - {name: second, label: Second}
          groups: [[Qwant], [Bing], [DuckDuckGo]]
          distractors: [Firefox, Chrome]
          explanation: Les navigateurs ne sont pas des moteurs de recherche.
"""

CERT_PACK = PACK.replace("pack_id: mini", "pack_id: mini-cert").replace("practice", "certification")

CERT_COMPETENCE = """\
competence: 1.1
tubes:
  - id: search
    title: {en: Search, fr: Recherche}
    description: {en: Find web pages., fr: Trouver des pages web.}
    skills: [1, 2]
    challenges:
      - id: cert-001
        level: 1
        format: qcu
        en: {instruction: "Which app opens web pages?", proposals: [A browser, A spreadsheet], answer: 1}
        fr:
          instruction: Quelle application ouvre les pages web ?
          proposals: [Un navigateur, Un tableur]
          answer: 1
      - id: cert-002
        level: 2
        format: qcu
        en: {instruction: "Which word narrows a search?", proposals: [site, all], answer: 1}
        fr: {instruction: "Quel mot restreint une recherche ?", proposals: [site, tout], answer: 1}
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>\n'

TINY = replace(
    PRACTICE,
    challenges_per_competence=2,
    challenges=4,
    skills_with_two=0.5,
    per_format=1,
    with_image=1,
    with_attachment=1,
    timed=1,
    focused=1,
    tubes_per_competence=(1, 2),
    reachable_level=2,
    tutorial_words=5,
)
TINY_CERT = replace(CERTIFICATION, challenges_per_competence=1, challenges=2, challenge_levels=2)


def write_pack(root: Path, name: str = "mini", pack: str = PACK, competence: str = COMPETENCE) -> Path:
    """Write a source folder ``root/name`` (and the framework beside it); return the folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    folder = root / name
    (folder / "competences").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "competences" / "1.1.yaml").write_text(competence, encoding="utf-8")
    (folder / "media" / "pic.svg").write_text(SVG, encoding="utf-8")
    (folder / "media" / "data.csv").write_text("day,visits\nMon,42\n", encoding="utf-8")
    return folder


def edit(file: Path, old: str, new: str, count: int = 1) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} must occur {count} times in {file.name}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def at(file: Path, needle: str, nth: int = 1) -> str:
    """``file:line`` of the ``nth`` occurrence of ``needle``."""
    text = file.read_text(encoding="utf-8")
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return f"{file}:{text[:index].count(chr(10)) + 1}"


def found(report: LintReport, code: str) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in report.problems if p.code == code]


def codes(report: LintReport) -> set[str]:
    return {p.code for p in report.problems}


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_pack(tmp_path)


@pytest.fixture
def comp(source: Path) -> Path:
    return source / "competences" / "1.1.yaml"


# --- the clean source, the thresholds and the report ---------------------------------------


def test_clean_source_has_no_finding(source: Path) -> None:
    report = lint_source(source, thresholds=TINY)
    assert [p.line() for p in report.problems] == []
    assert (report.errors, report.warnings) == (0, 0)
    assert report.summary() == "mini (practice): 0 errors, 0 warnings; 6 challenges in 1 tube"
    assert all(row.status == "OK" for row in report.rows)


def test_shipped_thresholds_are_those_of_the_issue() -> None:
    p, c = PRACTICE, CERTIFICATION
    assert (p.challenges_per_competence, p.challenges, p.skills_with_two, p.per_format) == (20, 320, 0.6, 30)
    assert (p.with_image, p.with_attachment, p.timed, p.focused) == (20, 10, 10, 10)
    assert (p.tubes_per_competence, p.reachable_level, p.tutorial_per_tube) == ((3, 5), 6, True)
    assert p.explanations and not c.explanations
    assert (c.challenges_per_competence, c.challenges, c.challenge_levels) == (8, 160, 6)
    assert p.languages == c.languages == ("en", "fr")
    assert thresholds_for("certification") is c and thresholds_for("practice") is p
    assert all(severity in (ERROR, WARNING) for severity, _ in CODES.values())


def test_every_code_is_documented_with_its_severity() -> None:
    sources_md = Path(__file__).resolve().parents[2] / "content_packs" / "SOURCES.md"
    lint_part = sources_md.read_text(encoding="utf-8").split("\n## Lint\n", 1)[1]
    documented = dict(re.findall(r"^\| `(lint\.[a-z_]+)` \| (error|warning) \|", lint_part, re.MULTILINE))
    assert documented == {code: severity for code, (severity, _) in CODES.items()}


def test_report_prints_findings_tables_and_summary_last(source: Path, comp: Path) -> None:
    edit(
        comp,
        "distractors: [jaguar]\n          explanation: The minus",
        "distractors: [cars]\n          explanation: The minus",
    )
    report = lint_source(source, thresholds=TINY)
    lines = report_lines(report)
    assert lines[0].startswith(f"{comp}:") and ": error: lint.distractor_accepted: " in lines[0]
    assert lines[-1] == "mini (practice): 1 error, 0 warnings; 6 challenges in 1 tube"
    table = lines[lines.index("Coverage of mini (practice): competence × level") + 1 :]
    header = ["competence", "level", "skills", "challenges", "qcu", "qcm", "qroc-t", "qroc-n", "qroc-s"]
    assert table[0].split() == [*header, "ind", "dep"]
    assert table[2].split() == ["1.1", "1", "1", "2", "1", "0", "0", "0", "0", "1", "0"]
    assert ["1.1", "all", "4", "6", "1", "1", "1", "1", "0", "1", "1"] in [row.split() for row in table]
    assert any(
        line.split()[:3] == ["1.1", "Searching", "1"] and line.split()[-2:] == ["16", "2"] for line in lines
    )
    assert any(line.split() == ["challenges", "6", "≥", "4", "OK"] for line in lines)


def test_coverage_markdown(source: Path) -> None:
    report = lint_source(source, thresholds=replace(TINY, challenges=10))
    text = coverage_markdown(report, "pixdesk pack lint mini --coverage-md COVERAGE.md")
    assert text.startswith("# Content coverage: mini (practice)\n")
    assert "Generated by `pixdesk pack lint mini --coverage-md COVERAGE.md`" in text
    assert "| 1.1 | all | 4 | 6 | 1 | 1 | 1 | 1 | 0 | 1 | 1 |" in text
    assert "| challenges | 6 | ≥ 10 | MISSING 4 |" in text
    assert "## Pack-wide counts and thresholds" in text


# --- schema errors and partial sources ------------------------------------------------


def test_schema_error_of_one_file_does_not_hide_the_others(source: Path, comp: Path) -> None:
    edit(
        comp,
        "distractors: [jaguar]\n          explanation: The minus",
        "distractors: [cars]\n          explanation: The minus",
    )
    broken = source / "competences" / "0.9.yaml"  # read first, and broken
    broken.write_text("competence: 1.1\ntubes:\n  - id: other\n    title: [oops\n", encoding="utf-8")
    report = lint_source(source, thresholds=TINY)
    assert [p.code for p in report.problems] == ["source.syntax", "lint.distractor_accepted"]
    assert report.problems[0].where == f"{broken}:5"
    assert report.broken_files == (broken,)
    assert "1 competence file could not be read" in report.summary()
    assert "lint.coverage" not in codes(report)  # counts of a partial source are not judged


def test_unreadable_pack_file_is_one_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, pack=PACK.replace("kind: practice", "kind: exam"))
    report = lint_source(folder, thresholds=TINY)
    assert [(p.code, p.where) for p in report.problems] == [("source.kind", f"{folder / 'pack.yaml'}:3")]
    assert report.coverage is None and report.summary().endswith(
        "1 error, 0 warnings; the source cannot be read"
    )


def test_duplicate_ids_across_files_are_all_reported(source: Path) -> None:
    other = COMPETENCE.replace("id: search\n", "id: again\n").replace("id: t-search", "id: t-again")
    for name in ("2.yaml", "3.yaml"):
        (source / "competences" / name).write_text(other, encoding="utf-8")
    report = lint_source(source, thresholds=TINY)
    duplicates = found(report, "source.duplicate")
    assert len(duplicates) == 2 * 6 + 2  # six challenge ids and a tube id, twice more
    second = source / "competences" / "2.yaml"
    assert (
        at(second, "id: c-qcu"),
        f"challenge id 'c-qcu' is already used at {at(source / 'competences' / '1.1.yaml', 'id: c-qcu')};"
        " expected ids unique in the pack",
    ) in duplicates


# --- coverage and structure --------------------------------------------------------------


def test_pack_wide_counts_below_thresholds(source: Path) -> None:
    report = lint_source(source, thresholds=replace(TINY, challenges=10, timed=2, skills_with_two=0.75))
    where = f"{source / 'pack.yaml'}:3"  # the kind: line
    assert found(report, "lint.coverage") == [
        (where, "challenges: 6; expected ≥ 10 in a practice pack (MISSING 4)"),
        (where, "active skills with ≥ 2 challenges (75 %): 2; expected ≥ 3 in a practice pack (MISSING 1)"),
        (where, "timed challenges: 1; expected ≥ 2 in a practice pack (MISSING 1)"),
    ]


def test_competence_counts_tubes_and_absent_competences(tmp_path: Path) -> None:
    source = write_pack(tmp_path)
    (tmp_path / "framework.yaml").write_text(
        FRAMEWORK + "      - code: 1.2\n        title: {en: Data, fr: Données}\n"
        "        description: {en: Manage data., fr: Gérer des données.}\n",
        encoding="utf-8",
    )
    report = lint_source(
        source, thresholds=replace(TINY, challenges_per_competence=7, tubes_per_competence=(2, 3))
    )
    comp = source / "competences" / "1.1.yaml"
    assert found(report, "lint.competence_challenges") == [
        (f"{comp}:1", "competence 1.1 (Searching) has 6 challenges; expected at least 7 (practice)"),
        (
            f"{source / 'pack.yaml'}:3",
            "competence 1.2 (Data) has 0 challenges; expected at least 7 (practice):"
            " add a competences/1.2.yaml file",
        ),
    ]
    assert found(report, "lint.tubes") == [
        (f"{comp}:1", "competence 1.1 (Searching) has 1 tube; expected 2 to 3")
    ]


def test_unreachable_levels_use_the_pix_arithmetic(source: Path) -> None:
    report = lint_source(source, thresholds=replace(TINY, reachable_level=3))
    [(where, message)] = found(report, "lint.unreachable_level")
    assert where == f"{source / 'competences' / '1.1.yaml'}:1"
    assert message.startswith("competence 1.1 gives at most 16 pix, so no learner can reach level 3:")
    assert "levels 1–3 have 1, 1, 1 active skills" in message and "expected at least 24 pix" in message
    capped = lint_source(source, thresholds=replace(TINY, reachable_level=7))
    assert found(capped, "lint.max_open_level")[0][0] == f"{source / 'pack.yaml'}:1"  # absent: line 1


def test_level_gap_is_a_warning(source: Path, comp: Path) -> None:
    edit(comp, "skills: [1, 2, 3, 4]", "skills: [1, 3, 4, 5]", count=2)
    edit(comp, "level: 2\n", "level: 5\n", count=2)
    report = lint_source(source, thresholds=TINY)
    assert [p.line() for p in report.problems] == [
        f"{comp}:1: warning: lint.level_gap: competence 1.1 (Searching) has no active skill at level 2:"
        " learners"
        " there get no challenge of their difficulty; expected a skill at every level"
    ]


def test_tube_without_tutorial(source: Path, comp: Path) -> None:
    text = comp.read_text(encoding="utf-8")
    start, end = text.index("    tutorials:"), text.index("    challenges:")
    comp.write_text(text[:start] + text[end:], encoding="utf-8")
    report = lint_source(source, thresholds=TINY)
    assert found(report, "lint.no_tutorial") == [
        (
            at(comp, "id: search"),
            "tube search: no tutorial teaches any of its skills; expected at least one tutorial",
        )
    ]


def test_missing_language_of_the_thresholds(source: Path) -> None:
    report = lint_source(source, thresholds=replace(TINY, languages=("en", "fr", "es")))
    assert found(report, "lint.languages") == [
        (f"{source / 'pack.yaml'}:4", "the pack has no es version; expected at least en, fr, es")
    ]


# --- answers, through the real matcher ---------------------------------------------------


def test_qcu_answer_outside_the_proposals(source: Path, comp: Path) -> None:
    """The loader refuses it first; the lint keeps its own check on the model."""
    edit(comp, "answer: 1\n          explanation: Search", "answer: 3\n          explanation: Search")
    assert found(lint_source(source, thresholds=TINY), "source.answer")[0][0] == at(comp, "answer: 3")
    edit(comp, "answer: 3\n          explanation: Search", "answer: 1\n          explanation: Search")
    loaded = load_source(source)
    tube = loaded.tubes[0]
    qcu = tube.challenges[0]
    bad = replace(qcu, texts={**qcu.texts, "en": replace(qcu.texts["en"], answer=(3,))})
    broken = replace(loaded, tubes=(replace(tube, challenges=(bad, *tube.challenges[1:])),))
    problems = Problems()
    check_answers(broken, problems, Locator(source))
    [problem] = problems.sorted()
    assert (problem.code, problem.where) == ("lint.answer_not_a_proposal", at(comp, "answer: 1"))
    assert (
        problem.message
        == "challenge c-qcu (en): answer [3] does not name one proposal; expected numbers from 1 to 2"
    )


def test_duplicate_proposals_after_normalisation(source: Path, comp: Path) -> None:
    edit(comp, "proposals: [Qwant, Firefox, Bing]", "proposals: [Qwant, Firefox, Bing, bing ]", count=2)
    report = lint_source(source, thresholds=TINY)
    assert found(report, "lint.duplicate_proposal") == [
        (
            at(comp, "proposals: [Qwant, Firefox, Bing, bing ]", nth=nth),
            f"challenge c-qcm ({lang}): proposal 4 ('bing') is proposal 3 again once case, accents and spaces"
            " are ignored; expected distinct proposals",
        )
        for nth, lang in ((1, "en"), (2, "fr"))
    ]
    edit(comp, "Bing, bing ]", "C++, C#]", count=2)  # T2 would merge them: proposals are compared without it
    assert not found(lint_source(source, thresholds=TINY), "lint.duplicate_proposal")


def test_accepted_answer_refused_by_the_matcher(source: Path, comp: Path) -> None:
    edit(comp, "answer: [car]\n          distractors", 'answer: [car, "?!"]\n          distractors')
    [(where, message)] = found(lint_source(source, thresholds=TINY), "lint.solution_refused")
    assert where == at(comp, 'answer: [car, "?!"]')
    assert message == (
        "challenge c-text (en): accepted answer '?!' is refused by the matcher: nothing is left of it"
        " after T1"
        " and T2; expected every accepted answer to match"
    )


def test_redundant_variants_are_a_warning(source: Path, comp: Path) -> None:
    edit(
        comp,
        "answer: [car]\n          distractors",
        "answer:\n            - car\n            - ' CAR'\n          distractors",
    )
    report = lint_source(source, thresholds=TINY)
    assert report.errors == 0
    assert found(report, "lint.redundant_variant") == [
        (
            at(comp, "- ' CAR'"),
            "challenge c-text (en): accepted answer 'CAR' is redundant: the matcher already"
            " accepts it through 'car'",
        )
    ]


@pytest.mark.parametrize(
    ("answers", "distractor", "reason"),
    [
        (
            "[password]",
            "passwords",
            "T3 takes it for a typo of accepted answer 'password' (1 edit for 9 characters)",
        ),
        ("[C++]", "C#", "T1 and T2 turn it into 'c', like accepted answer 'C++'"),
        ("[Élève]", "eleve", "T1 and T2 turn it into 'eleve', like accepted answer 'Élève'"),
    ],
)
def test_distractor_accepted(source: Path, comp: Path, answers: str, distractor: str, reason: str) -> None:
    edit(
        comp,
        "answer: [car]\n          distractors: [jaguar]",
        f"answer: {answers}\n          distractors: [{distractor}]",
    )
    [(where, message)] = found(lint_source(source, thresholds=TINY), "lint.distractor_accepted")
    assert where == at(comp, f"distractors: [{distractor}]")
    assert message == (
        f"challenge c-text (en): distractor {distractor!r} is accepted: {reason}; expected it to be refused"
        " (change the accepted answers or the matching switches)"
    )


def test_switching_a_treatment_off_refuses_the_distractor(source: Path, comp: Path) -> None:
    edit(
        comp,
        "answer: [car]\n          distractors: [jaguar]",
        "answer: [password]\n          distractors: [passwords]",
    )
    edit(
        comp,
        "level: 3\n        format: qroc\n",
        "level: 3\n        format: qroc\n        matching: {t3: false}\n",
    )
    assert not found(lint_source(source, thresholds=TINY), "lint.distractor_accepted")


def test_number_distractor_and_missing_distractors(source: Path, comp: Path) -> None:
    edit(
        comp,
        "answer: [42]\n          explanation: Add up",
        "answer: [42]\n          distractors: ['42,0', '41']\n          explanation: Add up",
    )
    edit(
        comp,
        "          distractors: [jaguar]\n          explanation: Le signe",
        "          explanation: Le signe",
    )
    report = lint_source(source, thresholds=TINY)
    assert found(report, "lint.distractor_accepted") == [
        (
            at(comp, "distractors: ['42,0'"),
            "challenge c-number (en): distractor '42,0' is accepted: it is the same"
            " number as accepted answer '42'; expected it to be refused (change the accepted answers or"
            " the matching"
            " switches)",
        )
    ]
    assert found(report, "lint.no_distractors") == [
        (
            at(comp, "answer: [voiture]"),
            "challenge c-text (fr): no distractors; expected a few plausible wrong"
            " answers (distractors: [...]) so the lint can check that T1–T3 refuse them",
        )
    ]


def test_qrocm_ind_option_and_distractor_accepted(source: Path, comp: Path) -> None:
    edit(
        comp,
        "{name: word, label: Excluded word, answers: [car], distractors: [jaguar]}",
        "{name: word, label: Excluded word, answers: [site], distractors: [sites]}",
    )
    report = lint_source(source, thresholds=TINY)
    line = at(comp, "{name: word, label: Excluded word")
    assert found(report, "lint.option_accepted") == [
        (
            line,
            "challenge c-ind (en): input 'word': typing the option 'site:' is accepted: T1 and T2 turn it"
            " into 'site', like accepted answer 'site'; expected it to be refused (change the accepted"
            " answers or the"
            " matching switches)",
        )
    ]
    [(where, message)] = found(report, "lint.distractor_accepted")
    assert where == line and "input 'word': distractor 'sites' is accepted: T3" in message


def test_qrocm_ind_first_answers_refused_together(source: Path, comp: Path) -> None:
    edit(comp, "answers: [car], distractors", 'answers: ["..."], distractors')
    [(where, message)] = found(lint_source(source, thresholds=TINY), "lint.solution_refused")
    assert where == at(comp, "inputs:", nth=1)
    assert "the first accepted answers of the inputs together" in message


def test_qrocm_dep_overlapping_groups_and_distractors(source: Path, comp: Path) -> None:
    edit(
        comp,
        "groups: [[Qwant], [Bing], [DuckDuckGo]]\n          distractors: [Firefox, Chrome]\n"
        "          explanation: Browsers",
        "groups: [[Qwant], [Qwants], [DuckDuckGo]]\n          distractors: [Firefox, Bings]\n"
        "          explanation: Browsers",
    )
    report = lint_source(source, thresholds=TINY)
    groups = at(comp, "groups: [[Qwant], [Qwants]")
    assert found(report, "lint.groups_overlap") == [
        (
            groups,
            "challenge c-dep (en): 'Qwant' typed into two inputs is accepted (it fills group 1 and group 2);"
            " expected groups that one answer cannot fill both of",
        ),
        (
            groups,
            "challenge c-dep (en): 'Qwants' typed into two inputs is accepted (it fills group 2 and group 1);"
            " expected groups that one answer cannot fill both of",
        ),
    ]
    assert not found(report, "lint.distractor_accepted")
    edit(comp, "distractors: [Firefox, Bings]", "distractors: [Firefox, DuckDuckGoo]")
    [(where, message)] = found(lint_source(source, thresholds=TINY), "lint.distractor_accepted")
    assert where == at(comp, "distractors: [Firefox, DuckDuckGoo]")
    assert (
        "distractor 'DuckDuckGoo' is accepted: T3 takes it for a typo of accepted answer 'DuckDuckGo'"
        in message
    )


# --- texts and translations --------------------------------------------------------------


def test_explanations_and_translations(source: Path, comp: Path) -> None:
    edit(comp, "          explanation: Les moteurs de recherche indexent le web.\n", "")
    report = lint_source(source, thresholds=TINY)
    fr_block = at(comp, "fr:\n          instruction: Quel outil")
    assert found(report, "lint.no_explanation") == [
        (
            fr_block,
            "challenge c-qcu (fr) has no explanation; expected one in every language"
            " (shown after the answer)",
        )
    ]
    report = lint_source(source, thresholds=replace(TINY, explanations=False))
    assert found(report, "lint.missing_translation") == [
        (fr_block, "challenge c-qcu has an explanation in en but not in fr; expected it in every language")
    ]


def test_qroc_label_in_one_language_only(source: Path, comp: Path) -> None:
    edit(
        comp,
        "input: number\n          answer: [42]\n          explanation: Add up",
        "input: number\n          label: Visits\n          answer: [42]\n          explanation: Add up",
    )
    [(where, message)] = found(lint_source(source, thresholds=TINY), "lint.missing_translation")
    assert where == at(comp, "fr:\n          instruction: Combien")
    assert message == "challenge c-number has a label in en but not in fr; expected it in every language"


def test_untranslated_duplicate_and_short_texts(source: Path, comp: Path) -> None:
    edit(
        comp,
        "instruction: Lesquels sont des moteurs de recherche ?",
        "instruction: Which are search engines?",
    )
    edit(comp, "instruction: Name two search engines.", "instruction: Which are SEARCH engines")
    edit(comp, "fr: Trouver des pages web.}", "fr: Find web pages.}")
    report = lint_source(source, thresholds=replace(TINY, tutorial_words=10))
    assert found(report, "lint.untranslated") == [
        (at(comp, "id: search"), "tube search: the fr description is the en one; expected a translation"),
        (
            at(comp, "instruction: Which are search engines?", nth=2),
            "challenge c-qcm: the fr instruction is the en one; expected a translation",
        ),
    ]
    assert found(report, "lint.duplicate_instruction") == [
        (
            at(comp, "instruction: Which are SEARCH engines"),
            "challenge c-dep (en) asks what challenge c-qcm asks"
            f" ({at(comp, 'instruction: Which are search engines?')}); expected different questions",
        ),
    ]
    assert found(report, "lint.short_tutorial") == [
        (at(comp, "body: Type a few"), "tutorial t-search (en) has 9 words; expected at least 10"),
        (at(comp, "body: Tapez"), "tutorial t-search (fr) has 9 words; expected at least 10"),
    ]
    assert report.errors == 0


def test_untranslated_tutorial(source: Path, comp: Path) -> None:
    edit(
        comp,
        "body: Tapez quelques mots précis dans le moteur de recherche.",
        "body: Type a few precise words.",
    )
    edit(comp, "body: Type a few precise words into the search engine.", "body: Type a few precise words.")
    report = lint_source(source, thresholds=TINY)
    assert found(report, "lint.untranslated") == [
        (
            at(comp, "body: Type a few", nth=2),
            "tutorial t-search: the fr body is the en one; expected a translation",
        )
    ]


def test_active_skill_without_challenge(source: Path, comp: Path) -> None:
    """The loader refuses it first; the lint keeps its own check on the model."""
    loaded = load_source(source)
    tube = loaded.tubes[0]
    without = replace(loaded, tubes=(replace(tube, challenges=tube.challenges[:3] + tube.challenges[4:]),))
    coverage = measure(without)
    problems = Problems()
    check_structure(without, coverage, threshold_rows(coverage, TINY), TINY, False, problems, Locator(source))
    assert [(p.code, p.where, p.message) for p in problems.sorted() if p.code.startswith("lint.skill")] == [
        (
            "lint.skill_without_challenge",
            at(comp, "skills: [1, 2, 3, 4]"),
            "skill @search4 is active but has no challenge; expected at least one (or status: archived)",
        )
    ]


# --- media -----------------------------------------------------------------------------------


def test_markdown_images_and_links(source: Path, comp: Path) -> None:
    (source / "media" / "extra.png").write_bytes(b"\x89PNG")
    edit(
        comp,
        "instruction: Which tool finds web pages?",
        'instruction: "![](media/pic.svg) ![map](https://example.org/map.png) [data](media/none.csv)"',
    )
    edit(
        comp, "explanation: Search engines index the web.", 'explanation: "See ![a chart](media/extra.png)."'
    )
    report = lint_source(source, thresholds=TINY)
    instruction = at(comp, 'instruction: "![](media/pic.svg)')
    explanation = at(comp, 'explanation: "See ![a chart]')
    assert found(report, "lint.alt_text") == [
        (
            instruction,
            "challenge c-qcu (en): image 'media/pic.svg' has no alt text;"
            " expected ![what it shows](media/pic.svg)",
        )
    ]
    assert [w for w, _ in found(report, "lint.remote_media")] == [instruction]
    assert [w for w, _ in found(report, "lint.unpacked_file")] == [instruction, explanation]
    [(where, message)] = found(report, "lint.missing_file")
    assert where == instruction and message.startswith(
        "challenge c-qcu (en): the link names 'media/none.csv',"
    )
    assert [w for w, _ in found(report, "lint.unused_file")] == [f"{source / 'media' / 'extra.png'}:1"]


def test_media_files_and_alt_texts(source: Path, comp: Path) -> None:
    (source / "media" / "data.csv").write_bytes(b"")
    (source / "media" / "unused.svg").write_text(SVG, encoding="utf-8")
    (source / "media" / ".hidden.svg").write_text(SVG, encoding="utf-8")
    edit(
        comp,
        "alt: {en: A magnifying glass icon., fr: Une icône de loupe.}",
        "alt: {en: pic.svg, fr: Une icône de loupe.}",
    )
    report = lint_source(source, thresholds=TINY)
    assert found(report, "lint.empty_file") == [
        (at(comp, "file: media/data.csv"), "media file 'data.csv' is empty; expected its content")
    ]
    assert found(report, "lint.unused_file") == [
        (
            f"{source / 'media' / 'unused.svg'}:1",
            "no challenge uses this file; expected it under a challenge's media: (or removed)",
        )
    ]
    assert found(report, "lint.weak_alt_text") == [
        (
            at(comp, "file: media/pic.svg"),
            "challenge c-qcu: the en alt text of 'pic.svg' is 'pic.svg'; expected at"
            " least 10 characters saying what it shows or holds",
        )
    ]


# --- certification against practice ------------------------------------------------------


def test_certification_clean_with_its_sibling_found_by_name(tmp_path: Path) -> None:
    write_pack(tmp_path)
    cert = write_pack(tmp_path, "mini-cert", CERT_PACK, CERT_COMPETENCE)
    for name in ("pic.svg", "data.csv"):
        (cert / "media" / name).unlink()
    assert find_sibling(cert) == tmp_path / "mini"
    report = lint_source(cert, thresholds=TINY_CERT)
    assert [p.line() for p in report.problems] == []
    assert [(r.label, r.status) for r in report.rows[-2:]] == [
        ("challenge ids shared with mini", "OK"),
        ("instructions shared with mini", "OK"),
    ]


def test_certification_with_a_partly_broken_sibling(tmp_path: Path) -> None:
    practice = write_pack(tmp_path)
    (practice / "competences" / "0.yaml").write_text("competence: 9.9\ntubes: []\n", encoding="utf-8")
    cert = write_pack(tmp_path, "mini-cert", CERT_PACK, CERT_COMPETENCE)
    for name in ("pic.svg", "data.csv"):
        (cert / "media" / name).unlink()
    report = lint_source(cert, thresholds=TINY_CERT)
    assert [p.line() for p in report.problems] == [
        f"{cert / 'pack.yaml'}:3: warning: lint.sibling_partial: 1 competence file of {practice} cannot be"
        " read; compared with the rest only"
    ]


def test_certification_sharing_ids_or_instructions(tmp_path: Path) -> None:
    practice = write_pack(tmp_path)
    cert = write_pack(tmp_path, "mini-cert", CERT_PACK, CERT_COMPETENCE)
    comp = cert / "competences" / "1.1.yaml"
    edit(comp, "id: cert-001", "id: c-qcu")
    edit(comp, '"Quel mot restreint une recherche ?"', "quel outil trouve des pages WEB")
    report = lint_source(cert, thresholds=TINY_CERT, against=practice)
    practice_comp = practice / "competences" / "1.1.yaml"
    assert found(report, "lint.shared_id") == [
        (
            at(comp, "id: c-qcu"),
            f"challenge id c-qcu is also used by pack mini ({at(practice_comp, 'id: c-qcu')});"
            " expected ids of its own",
        )
    ]
    [(where, message)] = found(report, "lint.shared_instruction")
    assert where == at(comp, "quel outil") and "asks what challenge c-qcu of pack mini asks" in message
    assert [(r.count, r.status) for r in report.rows[-2:]] == [(1, "EXCESS 1"), (1, "EXCESS 1")]
    assert report.errors == 2
    backwards = lint_source(practice, thresholds=TINY, against=cert)  # a practice pack, when asked
    assert [w for w, _ in found(backwards, "lint.shared_id")] == [at(practice_comp, "id: c-qcu")]


def test_certification_level_span_and_missing_sibling(tmp_path: Path) -> None:
    cert = write_pack(tmp_path, "exam", CERT_PACK, CERT_COMPETENCE)
    report = lint_source(cert, thresholds=replace(TINY_CERT, challenge_levels=3))
    comp = cert / "competences" / "1.1.yaml"
    assert found(report, "lint.level_span") == [
        (
            f"{comp}:1",
            "competence 1.1 (Searching) has no challenge at level 3; expected challenges at every level 1–3",
        )
    ]
    [(where, message)] = found(report, "lint.sibling")
    assert where == f"{cert / 'pack.yaml'}:3"
    assert message.startswith("cannot find the practice pack to compare pack mini-cert with;")
    other_cert = write_pack(tmp_path / "x", "mini-cert", CERT_PACK, CERT_COMPETENCE)
    report = lint_source(cert, thresholds=TINY_CERT, against=other_cert)
    assert "is a certification pack like this one" in found(report, "lint.sibling")[0][1]
