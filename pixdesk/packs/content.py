"""Reading an installed pack's content into domain objects. Layer: packs.

:func:`load_content` reads the framework and every challenge's engine data at once
(small: a few MB for 10,000 challenges); bodies, media and tutorials are read on
demand. Certification bodies are sealed: they are readable only with the pack key,
and a wrong key is recognised by its id before any decryption.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from pixdesk import canonical
from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, Matching
from pixdesk.domain.framework import Competence, Framework, Skill
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.errors import PackError
from pixdesk.packs.content_schema import open_content
from pixdesk.packs.installed import InstalledPack

__all__ = ["Media", "PackContent", "Tutorial", "load_content"]


@dataclass(frozen=True)
class Media:
    id: str
    mime: str
    filename: str
    alt: dict[str, str]
    data: bytes


@dataclass(frozen=True)
class Tutorial:
    id: str
    tube_id: str
    kind: str
    duration_minutes: int
    title: dict[str, str]
    body: dict[str, str]
    skills: tuple[str, ...]


class PackContent:
    """An installed pack opened read-only. Thread-safe for reads."""

    def __init__(
        self,
        pack: InstalledPack,
        meta: dict[str, str],
        framework: Framework,
        challenges: dict[ChallengeId, Challenge],
        competence_titles: dict[CompetenceCode, dict[str, str]],
        pack_key: bytes | None,
    ) -> None:
        self.pack = pack
        self.meta = meta
        self.framework = framework
        self.challenges = challenges
        self.competence_titles = competence_titles
        self._pack_key = pack_key
        self._conn = open_content(pack.content_path, shared=True)
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, str], ChallengeBody] = {}

    @property
    def unlocked(self) -> bool:
        """Whether sealed bodies can be read (always true for a practice pack)."""
        return not self.sealed or self._pack_key is not None

    @property
    def sealed(self) -> bool:
        return self.pack.kind == "certification"

    def body(self, challenge_id: ChallengeId, lang: str) -> ChallengeBody:
        """The challenge's texts and solutions in ``lang`` (unsealed if need be)."""
        key = (challenge_id, lang)
        cached = self._bodies.get(key)
        if cached is not None:
            return cached
        with self._lock:
            row = self._conn.execute(
                "SELECT body FROM challenge_texts WHERE challenge_id = ? AND lang = ?", key
            ).fetchone()
        if row is None:
            raise PackError(
                "pack.no_text", f"challenge {challenge_id} has no {lang!r} version", self.pack.pack_id
            )
        raw: bytes = row[0]
        if self.sealed:
            if self._pack_key is None:
                raise PackError(
                    "pack.locked",
                    "certification content is locked: the session key is needed",
                    self.pack.pack_id,
                )
            from pixdesk.packs.sealing import unseal  # cryptography: only for certification bodies

            raw = unseal(self._pack_key, self.pack.pack_id, challenge_id, lang, raw)
        body = ChallengeBody.from_json(canonical.loads_strict(raw), self.challenges[challenge_id].format)
        self._bodies[key] = body
        return body

    def media(self, media_id: str) -> Media:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, mime, filename, alt, data FROM media WHERE id = ?", (media_id,)
            ).fetchone()
        if row is None:
            raise PackError("pack.no_media", f"no media {media_id}", self.pack.pack_id)
        return Media(row[0], row[1], row[2], json.loads(row[3]), bytes(row[4]))

    def tutorials_for(self, skills: set[str]) -> list[Tutorial]:
        """Tutorials that teach at least one of ``skills``, in id order."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT t.id, t.tube_id, t.kind, t.duration_minutes, t.title, t.body,"
                " group_concat(ts.skill_id) FROM tutorials t JOIN tutorial_skills ts ON ts.tutorial_id = t.id"
                " GROUP BY t.id ORDER BY t.id"
            ).fetchall()
        result = []
        for tid, tube, kind, minutes, title, body, linked in rows:
            taught = tuple(sorted(linked.split(",")))
            if skills.intersection(taught):
                result.append(Tutorial(tid, tube, kind, minutes, json.loads(title), json.loads(body), taught))
        return result

    def close(self) -> None:
        self._conn.close()


def _rows(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql).fetchall())


def load_content(pack: InstalledPack, pack_key: bytes | None = None) -> PackContent:
    """Read ``pack``'s framework and challenges (the pack must have been verified).

    Raises:
        PackError: a certification pack given a key whose id is not the pack's.
    """
    conn = open_content(pack.content_path)
    try:
        meta = dict(_rows(conn, "SELECT key, value FROM meta"))
        if pack_key is not None:
            manifest = json.loads((pack.folder / "manifest.json").read_bytes())
            expected = (manifest.get("encryption") or {}).get("key_id")
            from pixdesk.packs.sealing import pack_key_id

            if pack_key_id(pack_key) != expected:
                raise PackError(
                    "pack.wrong_key", "this key does not open this certification pack", pack.pack_id
                )
        competences = []
        titles: dict[CompetenceCode, dict[str, str]] = {}
        for code, domain, title in _rows(
            conn, "SELECT code, domain_code, title FROM competences ORDER BY position, code"
        ):
            titles[CompetenceCode(code)] = json.loads(title)
            competences.append(Competence(CompetenceCode(code), domain, titles[CompetenceCode(code)]))
        skills = [
            Skill(SkillId(sid), TubeId(tube), CompetenceCode(comp), level, status == "active")
            for sid, tube, comp, level, status in _rows(
                conn,
                "SELECT s.id, s.tube_id, t.competence_code, s.level, s.status"
                " FROM skills s JOIN tubes t ON t.id = s.tube_id ORDER BY s.id",
            )
        ]
        framework = Framework.build(competences, skills, int(meta.get("max_open_level", "6")))
        languages: dict[str, set[str]] = {}
        for cid, lang in _rows(conn, "SELECT challenge_id, lang FROM challenge_texts"):
            languages.setdefault(cid, set()).add(lang)
        challenges: dict[ChallengeId, Challenge] = {}
        for row in _rows(
            conn,
            "SELECT c.id, c.skill_id, c.format, c.timer_seconds, c.focused, c.accessible, c.t1, c.t2, c.t3,"
            " c.discrimination, c.difficulty FROM challenges c ORDER BY c.id",
        ):
            cid, sid, fmt, timer, focused, accessible, t1, t2, t3, a, b = row
            skill = framework.skill(SkillId(sid))
            challenges[ChallengeId(cid)] = Challenge(
                id=ChallengeId(cid),
                skill_id=skill.id,
                tube_id=skill.tube_id,
                competence=skill.competence,
                level=skill.level,
                format=Format(fmt),
                timer_seconds=timer,
                focused=bool(focused),
                accessible=bool(accessible),
                matching=Matching(bool(t1), bool(t2), bool(t3)),
                discrimination=float(a),
                difficulty=float(b),
                languages=frozenset(languages.get(cid, ())),
            )
    finally:
        conn.close()
    return PackContent(pack, meta, framework, challenges, titles, pack_key)
