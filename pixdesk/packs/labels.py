"""Names of a pack's domains and tubes, per language. Layer: packs.

The engines need only codes (:class:`~pixdesk.packs.content.PackContent` loads the
framework); screens show names: the domains' titles to group the competences, the
competences' titles, and the tubes' titles to name the skills of a result in words.
They are read here, once per pack version, from the verified content database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from pixdesk.packs.content_schema import open_content
from pixdesk.packs.installed import InstalledPack

__all__ = ["CompetenceLabel", "DomainLabel", "FrameworkLabels", "read_labels"]


@dataclass(frozen=True)
class DomainLabel:
    code: str
    title: Mapping[str, str]  # language → text


@dataclass(frozen=True)
class CompetenceLabel:
    code: str
    domain: str  # the domain's code
    title: Mapping[str, str]  # language → text


@dataclass(frozen=True)
class FrameworkLabels:
    """Domains and competences in the pack's order, and tube titles by tube id."""

    domains: tuple[DomainLabel, ...]
    competences: tuple[CompetenceLabel, ...]
    tubes: Mapping[str, Mapping[str, str]]

    def domain(self, code: str) -> DomainLabel | None:
        return next((d for d in self.domains if d.code == code), None)

    def competence(self, code: str) -> CompetenceLabel | None:
        return next((c for c in self.competences if c.code == code), None)

    def competences_of(self, domain: str) -> tuple[CompetenceLabel, ...]:
        return tuple(c for c in self.competences if c.domain == domain)


def read_labels(pack: InstalledPack) -> FrameworkLabels:
    """Read the domain and tube titles of an installed (verified) pack."""
    conn = open_content(pack.content_path)
    try:
        domains = tuple(
            DomainLabel(str(code), json.loads(title))
            for code, title in conn.execute("SELECT code, title FROM domains ORDER BY position, code")
        )
        competences = tuple(
            CompetenceLabel(str(code), str(domain), json.loads(title))
            for code, domain, title in conn.execute(
                "SELECT c.code, c.domain_code, c.title FROM competences c"
                " JOIN domains d ON d.code = c.domain_code ORDER BY d.position, c.position, c.code"
            )
        )
        tubes = {str(tid): json.loads(title) for tid, title in conn.execute("SELECT id, title FROM tubes")}
    finally:
        conn.close()
    return FrameworkLabels(domains, competences, tubes)
