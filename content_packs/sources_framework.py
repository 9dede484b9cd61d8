"""Reading the framework file (domains and competences). Layer: authoring.

The framework file is shared by packs (``framework: ../framework.yaml`` in pack.yaml).
It may hold more languages than a pack; a pack keeps its own languages only, and each
of them must be present for every title and description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from content_packs.source_errors import SourceError
from content_packs.source_fields import Fields
from content_packs.source_yaml import load_yaml
from content_packs.sources_model import Competence, Domain, Framework

__all__ = ["load_framework"]

_FRAMEWORK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DOMAIN_CODE = re.compile(r"^[1-9][0-9]*$")


def _competence(fields: Fields, domain_code: str, position: int, languages: Sequence[str]) -> Competence:
    code = fields.text("code")
    if not re.fullmatch(rf"{re.escape(domain_code)}\.[1-9][0-9]*", code):
        raise SourceError(
            "source.value",
            f"competence code {code!r} does not belong to domain {domain_code};"
            f" expected {domain_code}.<number>",
            fields.where("code"),
        )
    return Competence(
        code=code,
        domain_code=domain_code,
        position=position,
        title=fields.localized("title", languages, extra_ok=True),
        description=fields.localized("description", languages, extra_ok=True),
    )


def _domain(
    fields: Fields, position: int, languages: Sequence[str], file: Path, seen: dict[str, str]
) -> Domain:
    code = fields.text("code")
    if not _DOMAIN_CODE.match(code):
        raise SourceError(
            "source.value", f"domain code {code!r}; expected a number such as 1", fields.where("code")
        )
    competences: list[Competence] = []
    items = fields.seq("competences").items
    if not items:
        raise SourceError(
            "source.value", f"domain {code} has no competence; expected at least one", fields.where()
        )
    for index, item in enumerate(items, start=1):
        sub = Fields(item, file, f"a competence of domain {code}", ("code", "title", "description"))
        competence = _competence(sub, code, index, languages)
        if competence.code in seen:
            raise SourceError(
                "source.duplicate",
                f"competence {competence.code} is defined twice (first at {seen[competence.code]})",
                sub.where("code"),
            )
        seen[competence.code] = sub.where("code")
        competences.append(competence)
    return Domain(code, position, fields.localized("title", languages, extra_ok=True), tuple(competences))


def load_framework(file: Path, languages: Sequence[str]) -> Framework:
    """Read and check a framework file for a pack in ``languages``.

    Raises:
        SourceError: naming ``file:line`` and what was expected.
    """
    fields = Fields(load_yaml(file), file, "the framework", ("framework_id", "title", "domains"))
    framework_id = fields.text("framework_id")
    if not _FRAMEWORK_ID.match(framework_id):
        raise SourceError(
            "source.value",
            f"framework_id {framework_id!r}; expected lowercase letters, digits and '-'",
            fields.where("framework_id"),
        )
    title = fields.localized("title", languages, extra_ok=True)
    domains: list[Domain] = []
    domain_lines: dict[str, str] = {}
    competence_lines: dict[str, str] = {}
    for position, item in enumerate(fields.seq("domains").items, start=1):
        sub = Fields(item, file, f"domain #{position}", ("code", "title", "competences"))
        domain = _domain(sub, position, languages, file, competence_lines)
        if domain.code in domain_lines:
            raise SourceError(
                "source.duplicate",
                f"domain {domain.code} is defined twice (first at {domain_lines[domain.code]})",
                sub.where("code"),
            )
        domain_lines[domain.code] = sub.where("code")
        domains.append(domain)
    if not domains:
        raise SourceError(
            "source.value", "the framework has no domain; expected at least one", fields.where("domains")
        )
    return Framework(framework_id, title, tuple(domains))
