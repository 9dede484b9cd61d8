"""content_packs/COVERAGE.md is generated: it must match what the lint says of the sources now."""

from __future__ import annotations

from pathlib import Path

from factories import run_pixdesk

REPO = Path(__file__).resolve().parents[2]


def test_coverage_md_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "COVERAGE.md"
    result = run_pixdesk(
        "pack", "lint", str(REPO / "content_packs" / "sources" / "demo"), "--coverage-md", str(fresh)
    )
    assert result.returncode == 0, result.stdout[-2000:]
    committed = (REPO / "content_packs" / "COVERAGE.md").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, (
        "content_packs/COVERAGE.md is stale: run"
        " `pixdesk pack lint content_packs/sources/demo --coverage-md content_packs/COVERAGE.md`"
    )
