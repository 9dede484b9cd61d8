"""A benchmark's result: rows of figures, targets, and how both are printed.

Layer: core (no I/O beyond printing). The JSON object (last line with ``--json``)
holds the same figures as the table and every target with whether it was met.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BenchReport", "Target", "print_report"]


@dataclass(frozen=True)
class Target:
    """``figure`` must be ``op`` (<= or >=) ``limit``."""

    figure: str
    op: str
    limit: float

    def met(self, figures: dict[str, Any]) -> bool:
        value = float(figures[self.figure])
        return value <= self.limit if self.op == "<=" else value >= self.limit


@dataclass
class BenchReport:
    name: str
    rows: list[tuple[str, str, str]]  # (what, value, unit)
    figures: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def targets_met(self) -> bool:
        return all(t.met(self.figures) for t in self.targets)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bench": self.name,
            "machine": {"python": platform.python_version(), "cpu": platform.machine()},
            "figures": self.figures,
            "targets": [
                {"figure": t.figure, "op": t.op, "limit": t.limit, "met": t.met(self.figures)}
                for t in self.targets
            ],
            "targets_met": self.targets_met,
        }


def print_report(report: BenchReport, as_json: bool = False) -> None:
    width = max(len(row[0]) for row in report.rows)
    print(f"pixdesk bench {report.name}")
    for what, value, unit in report.rows:
        print(f"  {what:<{width}}  {value:>12} {unit}")
    for target in report.targets:
        ok = "met" if target.met(report.figures) else "NOT MET"
        value = report.figures[target.figure]
        print(f"  target {target.figure} {target.op} {target.limit:g}: {ok} ({value:.3g})")
    for note in report.notes:
        print(f"  note: {note}")
    if as_json:
        print(json.dumps(report.as_dict(), sort_keys=True))
