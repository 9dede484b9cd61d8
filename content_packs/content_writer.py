"""Writing a validated source into a new content database (format v1). Layer: authoring.

Authoring may use ``sqlite3`` directly: it fills a file it has just created, in one
transaction, in a fixed order (framework order, then competence files in name order,
then the order of the files), so the same source always gives the same rows. Texts
for people are canonical JSON objects keyed by language. In a certification pack every
``challenge_texts.body`` is sealed with the pack key (pixdesk.packs.sealing).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from content_packs.challenge_body import encode_body
from content_packs.sources_model import Localized, PackSource
from pixdesk import canonical
from pixdesk.packs.sealing import seal

__all__ = ["ContentCounts", "write_content"]


@dataclass(frozen=True)
class ContentCounts:
    """How many rows of each kind went into the content database."""

    domains: int
    competences: int
    tubes: int
    skills: int
    challenges: int
    media: int
    tutorials: int


def _json(texts: Localized) -> str:
    return canonical.dumps(dict(texts)).decode("utf-8")


def _framework(conn: sqlite3.Connection, source: PackSource) -> None:
    for domain in source.framework.domains:
        conn.execute(
            "INSERT INTO domains VALUES (?, ?, ?)", (domain.code, domain.position, _json(domain.title))
        )
        for c in domain.competences:
            conn.execute(
                "INSERT INTO competences VALUES (?, ?, ?, ?, ?)",
                (c.code, c.domain_code, c.position, _json(c.title), _json(c.description)),
            )


def _tubes(conn: sqlite3.Connection, source: PackSource) -> None:
    for tube in source.tubes:
        conn.execute(
            "INSERT INTO tubes VALUES (?, ?, ?, ?)",
            (tube.id, tube.competence_code, _json(tube.title), _json(tube.description)),
        )
        conn.executemany(
            "INSERT INTO skills VALUES (?, ?, ?, ?)",
            [(s.id, s.tube_id, s.level, s.status) for s in tube.skills],
        )


def _media(conn: sqlite3.Connection, source: PackSource) -> int:
    media = source.media()
    for ref in media:
        conn.execute(
            "INSERT INTO media VALUES (?, ?, ?, ?, ?, ?)",
            (ref.media_id, ref.mime, ref.filename, _json(ref.alt), ref.sha256, ref.path.read_bytes()),
        )
    return len(media)


def _challenges(conn: sqlite3.Connection, source: PackSource, pack_key: bytes | None) -> None:
    for c in source.challenges:
        conn.execute(
            "INSERT INTO challenges (id, skill_id, format, timer_seconds, focused, accessible, t1, t2, t3,"
            " discrimination, difficulty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c.id,
                c.skill_id,
                c.format,
                c.timer,
                int(c.focused),
                int(c.accessible),
                int(c.t1),
                int(c.t2),
                int(c.t3),
                c.discrimination,
                c.difficulty,
            ),
        )
        for lang in source.languages:
            body = encode_body(c, lang)
            if pack_key is not None:
                body = seal(pack_key, source.pack_id, c.id, lang, body)
            conn.execute("INSERT INTO challenge_texts VALUES (?, ?, ?)", (c.id, lang, body))
        conn.executemany(
            "INSERT INTO challenge_media VALUES (?, ?, ?)",
            [(c.id, ref.media_id, ref.role) for ref in c.media],
        )


def _tutorials(conn: sqlite3.Connection, source: PackSource) -> None:
    links: set[tuple[str, str]] = set()
    for u in source.tutorials:
        conn.execute(
            "INSERT INTO tutorials VALUES (?, ?, ?, ?, ?, ?)",
            (u.id, u.tube_id, u.kind, u.duration_minutes, _json(u.title), _json(u.body)),
        )
        links.update((u.id, ref.target) for ref in u.skills)
    for c in source.challenges:
        links.update((ref.target, c.skill_id) for ref in c.tutorials)
    conn.executemany("INSERT INTO tutorial_skills VALUES (?, ?)", sorted(links))


def write_content(conn: sqlite3.Connection, source: PackSource, pack_key: bytes | None) -> ContentCounts:
    """Insert every row of ``source`` in one transaction; seal bodies when ``pack_key`` is given."""
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        _framework(conn, source)
        _tubes(conn, source)
        media = _media(conn, source)
        _challenges(conn, source, pack_key)
        _tutorials(conn, source)
    return ContentCounts(
        domains=len(source.framework.domains),
        competences=len(source.framework.competence_codes()),
        tubes=len(source.tubes),
        skills=len(source.skills),
        challenges=len(source.challenges),
        media=media,
        tutorials=len(source.tutorials),
    )
