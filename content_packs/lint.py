"""``pixdesk pack lint``: every problem of a pack source, and its coverage. Layer: authoring.

:func:`lint_source` reads a source folder with the loader (schema errors are its
``source.*`` errors, the first of every broken file: content_packs/lint_loading.py),
then runs the lint's own checks on the model and collects **every** finding:

* structure and coverage against the kind's :class:`~content_packs.lint_thresholds.Thresholds`
  (content_packs/lint_structure.py; counts in content_packs/lint_coverage.py);
* answers, through the real matcher (content_packs/lint_matching.py);
* texts and translations (content_packs/lint_texts.py);
* alt texts and files (content_packs/lint_media.py);
* for a certification pack, its practice sibling (content_packs/lint_sibling.py).

The :class:`LintReport` holds the findings sorted by file and line, and the coverage;
content_packs/lint_report.py prints it. Nothing is written and nothing is raised for
a bad source: a source that cannot be read at all is one error in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from content_packs.lint_coverage import Coverage, measure
from content_packs.lint_loading import load_for_lint
from content_packs.lint_locate import Locator
from content_packs.lint_matching import check_answers
from content_packs.lint_media import check_media
from content_packs.lint_problems import ERROR, WARNING, Problem, Problems, plural
from content_packs.lint_sibling import check_sibling
from content_packs.lint_structure import check_structure
from content_packs.lint_texts import check_texts
from content_packs.lint_thresholds import Row, Thresholds, threshold_rows, thresholds_for
from content_packs.sources_model import PackSource

__all__ = ["LintReport", "lint_source"]


@dataclass(frozen=True)
class LintReport:
    """What the lint found in one source folder.

    Attributes:
        source_dir: the folder linted.
        problems: every finding, sorted by file and line.
        source: the model read (partial when ``broken_files``), or None.
        coverage: the counts of ``source``, or None.
        rows: pack-wide counts beside their thresholds (and the sibling comparison).
        thresholds: the thresholds applied, or None.
        broken_files: competence files left out because of a schema error.
    """

    source_dir: Path
    problems: tuple[Problem, ...]
    source: PackSource | None = None
    coverage: Coverage | None = None
    rows: tuple[Row, ...] = ()
    thresholds: Thresholds | None = None
    broken_files: tuple[Path, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    def summary(self) -> str:
        """One line: the pack, its error and warning counts, what was read."""
        found = f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        if self.source is None:
            return f"{self.source_dir}: {found}; the source cannot be read"
        s = self.source
        text = (
            f"{s.pack_id} ({s.kind}): {found};"
            f" {plural(len(s.challenges), 'challenge')} in {plural(len(s.tubes), 'tube')}"
        )
        if self.broken_files:
            text += (
                f"; {plural(len(self.broken_files), 'competence file')} could not be read:"
                " the counts are partial and the coverage thresholds were not checked"
            )
        return text


def lint_source(
    source_dir: Path, against: Path | None = None, thresholds: Thresholds | None = None
) -> LintReport:
    """Lint the pack source in ``source_dir``.

    Args:
        source_dir: a pack source folder (with pack.yaml).
        against: the sibling pack to compare with (a certification pack's practice
            pack); None finds it by name for a certification pack
            (content_packs/lint_sibling.py).
        thresholds: the numbers to check; None takes those of the pack's kind.

    Returns:
        Every finding and the coverage; ``errors`` > 0 means the source fails.
    """
    problems = Problems()
    loaded = load_for_lint(source_dir, problems)
    source = loaded.source
    if source is None:
        return LintReport(source_dir, problems.sorted())
    t = thresholds or thresholds_for(source.kind)
    locator = Locator(source_dir)
    coverage = measure(source)
    rows = threshold_rows(coverage, t)
    check_structure(source, coverage, rows, t, loaded.partial, problems, locator)
    check_answers(source, problems, locator)
    check_texts(source, t, problems, locator)
    check_media(source, t, loaded.partial, problems, locator)
    rows += check_sibling(source, against, problems, locator)
    return LintReport(source_dir, problems.sorted(), source, coverage, rows, t, loaded.broken_files)
