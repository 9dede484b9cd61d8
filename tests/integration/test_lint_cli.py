"""``pixdesk pack lint`` through the real command line: exit codes, tables, the Markdown file.

A complete practice source that meets the shipped thresholds (320 challenges over one
competence of a one-competence framework: every format, media, timers, four tubes with
skills at levels 1–6) is generated into a temporary folder; the lint passes it (exit
0). One broken line makes it fail (exit 2), and so does a source that is too small.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from factories import run_pixdesk

FRAMEWORK = """\
framework_id: one
title: {en: One competence, fr: Une compétence}
domains:
  - code: 1
    title: {en: Information, fr: Information}
    competences:
      - code: 1.1
        title: {en: Searching, fr: Rechercher}
        description: {en: Search the web., fr: Chercher sur le web.}
"""

PACK = """\
pack_id: {pack_id}
version: 1
kind: {kind}
languages: [en, fr]
title: {{en: Generated pack, fr: Paquet généré}}
framework: ../framework.yaml
"""

BODIES = {
    "qcu": "proposals: [Right {i}, Wrong {i}]\n          answer: 1",
    "qcm": "proposals: [First {i}, Second {i}, Third {i}]\n          answer: [1, 3]",
    "qroc-text": "answer: [answer{i}]\n          distractors: [nothing]",
    "qroc-number": "input: number\n          answer: [{i}]",
    "qrocm-ind": (
        "inputs:\n"
        "            - {{name: word, label: Word, answers: [alpha{i}], distractors: [omega]}}\n"
        "            - {{name: pick, label: Pick, input: select, options: [yes, no], answers: [yes]}}"
    ),
    "qrocm-dep": (
        "inputs:\n"
        "            - {{name: one, label: One}}\n"
        "            - {{name: two, label: Two}}\n"
        "          groups: [[red], [green], [blue]]\n"
        "          distractors: [black]"
    ),
}
WORDS_EN = " ".join(f"step{n} of reading a page carefully." for n in range(20))
WORDS_FR = " ".join(f"étape{n} pour lire une page attentivement." for n in range(20))


def _challenge(i: int, tube: str, level: int, kind: str) -> str:
    format_ = "qroc" if kind.startswith("qroc-") else kind
    lines = [f"      - id: {tube}-{i:03d}", f"        level: {level}", f"        format: {format_}"]
    if i < 10:
        lines.append("        timer: 60")
    if 10 <= i < 20:
        lines.append("        focused: true")
    if i < 20:
        lines += [
            "        media:",
            "          - file: media/pic.svg",
            "            alt: {en: A round logo., fr: Un logo rond.}",
        ]
    elif i < 30:
        lines += [
            "        media:",
            "          - file: media/data.csv",
            "            role: attachment",
            "            alt: {en: A table of numbers., fr: Un tableau de nombres.}",
        ]
    body = BODIES[kind].format(i=i)
    for lang, ask, why in (("en", "Question number", "Because"), ("fr", "Question numéro", "Parce que")):
        lines += [f"        {lang}:", f"          instruction: {ask} {i}?", f"          {body}"]
        lines.append(f"          explanation: {why} {i}.")
    return "\n".join(lines)


def write_full_source(root: Path, pack_id: str = "full", kind: str = "practice", count: int = 320) -> Path:
    """A source meeting the practice thresholds (for ``count`` = 320); returns its folder."""
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    folder = root / pack_id
    (folder / "competences").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "media" / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    (folder / "media" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "pack.yaml").write_text(PACK.format(pack_id=pack_id, kind=kind), encoding="utf-8")
    tubes = ["alpha", "beta", "gamma", "delta"]
    challenges: dict[str, list[str]] = {tube: [] for tube in tubes}
    kinds = list(BODIES)
    for i in range(count):
        tube = tubes[i % 4]
        challenges[tube].append(_challenge(i, tube, i // 4 % 6 + 1, kinds[i % 6]))
    parts = ["competence: 1.1", "tubes:"]
    for tube in tubes:
        parts += [
            f"  - id: {tube}",
            f"    title: {{en: Tube {tube}, fr: Tube {tube} (fr)}}",
            f"    description: {{en: About {tube}., fr: À propos de {tube}.}}",
            "    skills: [1, 2, 3, 4, 5, 6]",
            "    tutorials:",
            f"      - id: t-{tube}",
            "        kind: text",
            "        duration_minutes: 5",
            "        skills: [1, 2, 3, 4, 5, 6]",
            f"        en: {{title: Read {tube}, body: {WORDS_EN}}}",
            f"        fr: {{title: Lire {tube}, body: {WORDS_FR}}}",
            "    challenges:",
            *challenges[tube],
        ]
    (folder / "competences" / "1.1.yaml").write_text("\n".join(parts) + "\n", encoding="utf-8")
    return folder


def lint(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_pixdesk("pack", "lint", *map(str, args))


def test_a_complete_source_passes_and_writes_its_coverage(tmp_path: Path) -> None:
    source = write_full_source(tmp_path)
    markdown = tmp_path / "COVERAGE.md"
    result = lint(source, "--coverage-md", markdown)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "full (practice): 0 errors, 0 warnings; 320 challenges in 4 tubes"
    assert "Coverage of full (practice): competence × level" in lines
    assert ["1.1", "all", "24", "320", "54", "54", "53", "53", "0", "53", "53"] in [
        line.split() for line in lines
    ]
    assert ["1.1", "Searching", "4", "24", "320", "48", "6"] in [line.split() for line in lines]
    assert not [line for line in lines if line.split()[-1:] == ["MISSING"]]
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Content coverage: full (practice)\n")
    assert f"Generated by `pixdesk pack lint {source} --coverage-md {markdown}`" in text
    assert "| challenges | 320 | ≥ 320 | OK |" in text


def test_one_wrong_line_fails_with_its_place(tmp_path: Path) -> None:
    source = write_full_source(tmp_path)
    competence = source / "competences" / "1.1.yaml"
    text = competence.read_text(encoding="utf-8")
    competence.write_text(
        text.replace(
            "[answer2]\n          distractors: [nothing]", "[answer2]\n          distractors: [answer2s]", 1
        ),
        encoding="utf-8",
    )
    line = text[: text.index("[answer2]\n")].count("\n") + 2
    result = lint(source)
    assert result.returncode == 2
    assert result.stdout.startswith(
        f"{competence}:{line}: error: lint.distractor_accepted: challenge gamma-002 (en):"
    )
    assert result.stdout.splitlines()[-1] == "full (practice): 1 error, 0 warnings; 320 challenges in 4 tubes"


def test_a_small_source_fails_on_coverage(tmp_path: Path) -> None:
    source = write_full_source(tmp_path, count=24)
    result = lint(source)
    assert result.returncode == 2
    error = "error: lint.coverage: challenges: 24; expected ≥ 320 in a practice pack (MISSING 296)"
    assert f"{source / 'pack.yaml'}:3: {error}" in result.stdout.splitlines()
    assert ["challenges", "24", "≥", "320", "MISSING", "296"] in [
        line.split() for line in result.stdout.splitlines()
    ]


def test_certification_against_its_practice_pack(tmp_path: Path) -> None:
    practice = write_full_source(tmp_path, count=24)
    cert = write_full_source(tmp_path, "exam", "certification", count=24)
    result = lint(cert, "--against", practice)
    assert result.returncode == 2
    out = result.stdout.splitlines()
    assert sum(": error: lint.shared_id: " in line for line in out) == 24
    assert any(line.split()[:6] == ["challenge", "ids", "shared", "with", "full", "24"] for line in out)
    without = lint(cert)
    assert any(
        ": error: lint.sibling: cannot find the practice pack" in line for line in without.stdout.splitlines()
    )


def test_a_missing_folder_is_one_error(tmp_path: Path) -> None:
    result = lint(tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'nowhere'}: error: source.file: no pack.yaml here; expected a pack source folder",
        f"{tmp_path / 'nowhere'}: 1 error, 0 warnings; the source cannot be read",
    ]
