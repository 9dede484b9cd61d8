"""A synthetic signed pack and the trust root that accepts it, for benchmarks. Layer: packs (authoring).

The content database has the format-v1 schema with a whole framework (5 domains,
16 competences, tubes, skills of levels 1-8, one tutorial per tube), ``challenges``
challenges with an English and a French JSON text of a few hundred bytes each, and
``media_blobs`` media rows of random bytes, each linked to a challenge. Rows are
inserted in batches in one transaction; media are generated one blob at a time, so
building never holds more than one blob in memory. Random data comes from a seeded
generator: the same scale always gives the same content.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from pixdesk.packs.assemble import PackInfo, assemble_pack, create_content_db
from pixdesk.signing import SigningKey, generate_key
from pixdesk.timeutil import format_utc, utc_now
from pixdesk.trust import sign_root

__all__ = ["Scale", "SyntheticPack", "build_synthetic_pack", "write_trust_root"]

PACK_ID = "bench-synthetic"
COMPETENCES = (
    ("1", ("1.1", "1.2", "1.3")),
    ("2", ("2.1", "2.2", "2.3", "2.4")),
    ("3", ("3.1", "3.2", "3.3", "3.4")),
    ("4", ("4.1", "4.2", "4.3")),
    ("5", ("5.1", "5.2")),
)
TUBES_PER_COMPETENCE = 10
LEVELS = range(1, 9)
FORMATS = ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep")
MIMES = (("image/png", "png"), ("image/jpeg", "jpg"), ("application/pdf", "pdf"))
BATCH = 1000
WORDS = (  # noqa: SIM905 (a sentence reads better than 33 quoted words)
    "fichier dossier navigateur moteur recherche courriel pièce jointe mot de passe réseau tableur cellule"
    " formule document image format licence données personnelles cookie sauvegarde partage lien adresse"
    " serveur logiciel mise à jour sécurité identité"
).split()


@dataclass(frozen=True)
class Scale:
    """How big the synthetic pack is."""

    challenges: int
    media_blobs: int
    blob_bytes: int

    @property
    def media_bytes(self) -> int:
        return self.media_blobs * self.blob_bytes


@dataclass(frozen=True)
class SyntheticPack:
    path: Path
    root_path: Path
    scale: Scale
    pack_bytes: int


def write_trust_root(folder: Path, publisher: SigningKey) -> Path:
    """Write ``folder/root.json``: a root (its own fresh key) trusting ``publisher`` for practice packs."""
    now = utc_now()
    root_key = generate_key()
    signed = {
        "type": "pixdesk-trust-root",
        "id": "bench-root",
        "version": 1,
        "issued": format_utc(now),
        "threshold": 1,
        "root_keys": [{"key_id": root_key.key_id, "public_key": root_key.public.b64}],
        "publishers": [
            {
                "key_id": publisher.key_id,
                "public_key": publisher.public.b64,
                "name": "Benchmark publisher",
                "roles": ["practice"],
                "not_before": format_utc(now - timedelta(days=1)),
                "not_after": format_utc(now + timedelta(days=365)),
            }
        ],
        "revoked": [],
    }
    path = folder / "root.json"
    path.write_bytes(sign_root(signed, [root_key]))
    return path


def _batches(rows: Iterable[tuple[Any, ...]], size: int = BATCH) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _title(text: str) -> str:
    return json.dumps({"en": text, "fr": text}, ensure_ascii=False)


def _tubes() -> Iterator[tuple[str, str]]:
    """(tube id, competence code) of every tube."""
    for _domain, competences in COMPETENCES:
        for code in competences:
            for t in range(TUBES_PER_COMPETENCE):
                yield f"tube{code.replace('.', '_')}_{t}", code


def _challenge_body(rng: random.Random, index: int, lang: str) -> bytes:
    def phrase(count: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(count))

    body = {
        "instruction": f"[{lang}] Question {index}: {phrase(24)} ?",
        "proposals": [phrase(4) for _ in range(4)],
        "solutions": [str(rng.randint(1, 4))],
        "hint": phrase(10),
        "illustration_alt": phrase(6),
    }
    return json.dumps(body, ensure_ascii=False).encode()


def _fill_framework(conn: sqlite3.Connection) -> list[str]:
    """Domains, competences, tubes, skills and tutorials; returns the skill ids."""
    conn.executemany(
        "INSERT INTO domains VALUES (?, ?, ?)",
        [(domain, int(domain), _title(f"Domain {domain}")) for domain, _c in COMPETENCES],
    )
    conn.executemany(
        "INSERT INTO competences VALUES (?, ?, ?, ?, ?)",
        [
            (code, domain, position, _title(f"Competence {code}"), _title(f"What competence {code} covers"))
            for domain, codes in COMPETENCES
            for position, code in enumerate(codes, 1)
        ],
    )
    tubes = list(_tubes())
    conn.executemany(
        "INSERT INTO tubes VALUES (?, ?, ?, ?)",
        [(tube, code, _title(tube), _title(f"Tube {tube}")) for tube, code in tubes],
    )
    skills = [(f"@{tube}{level}", tube, level) for tube, _code in tubes for level in LEVELS]
    conn.executemany("INSERT INTO skills VALUES (?, ?, ?, 'active')", skills)
    conn.executemany(
        "INSERT INTO tutorials VALUES (?, ?, 'text', 5, ?, ?)",
        [
            (f"tuto-{tube}", tube, _title(f"Tutorial {tube}"), _title("Read this, then try again."))
            for tube, _ in tubes
        ],
    )
    conn.executemany(
        "INSERT INTO tutorial_skills VALUES (?, ?)",
        [(f"tuto-{tube}", skill) for skill, tube, _level in skills],
    )
    return [skill for skill, _tube, _level in skills]


def _fill_challenges(
    conn: sqlite3.Connection, scale: Scale, skills: list[str], rng: random.Random
) -> list[str]:
    ids = [f"ch{i:06d}" for i in range(scale.challenges)]
    rows = (
        (
            cid,
            skills[i % len(skills)],
            FORMATS[i % len(FORMATS)],
            rng.uniform(0.5, 2.5),
            rng.uniform(-4.0, 4.0),
        )
        for i, cid in enumerate(ids)
    )
    for batch in _batches(rows):
        conn.executemany(
            "INSERT INTO challenges (id, skill_id, format, discrimination, difficulty)"
            " VALUES (?, ?, ?, ?, ?)",
            batch,
        )
    texts = ((cid, lang, _challenge_body(rng, i, lang)) for i, cid in enumerate(ids) for lang in ("en", "fr"))
    for batch in _batches(texts):
        conn.executemany("INSERT INTO challenge_texts VALUES (?, ?, ?)", batch)
    return ids


def _fill_media(conn: sqlite3.Connection, scale: Scale, challenges: list[str], rng: random.Random) -> None:
    def media() -> Iterator[tuple[str, str, str, str, str, bytes]]:
        for i in range(scale.media_blobs):
            data = rng.randbytes(scale.blob_bytes)  # one blob at a time, never the whole media set
            mime, ext = MIMES[i % len(MIMES)]
            yield (
                f"media{i:05d}",
                mime,
                f"media-{i:05d}.{ext}",
                f"Illustration {i}",
                hashlib.sha256(data).hexdigest(),
                data,
            )

    conn.executemany("INSERT INTO media VALUES (?, ?, ?, ?, ?, ?)", media())  # consumes the generator lazily
    step = max(1, len(challenges) // max(1, scale.media_blobs))
    links = ((challenges[(i * step) % len(challenges)], f"media{i:05d}") for i in range(scale.media_blobs))
    for batch in _batches(links):
        conn.executemany("INSERT INTO challenge_media VALUES (?, ?, 'illustration')", batch)


def build_synthetic_pack(folder: Path, scale: Scale, seed: int = 20240501) -> SyntheticPack:
    """Build ``folder/bench.pixpack``, signed by a fresh key, and ``folder/root.json`` trusting it."""
    key = generate_key()
    root_path = write_trust_root(folder, key)
    info = PackInfo(
        PACK_ID,
        1,
        "practice",
        "pix-digcomp",
        ("en", "fr"),
        {"en": "Benchmark", "fr": "Banc d'essai"},
        utc_now() - timedelta(days=1),
    )
    db = folder / "content.db"
    conn = create_content_db(db, info)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        rng = random.Random(seed)
        with conn:  # one transaction for every row
            skills = _fill_framework(conn)
            challenges = _fill_challenges(conn, scale, skills, rng)
            _fill_media(conn, scale, challenges, rng)
    finally:
        conn.close()
    out = folder / "bench.pixpack"
    try:
        assemble_pack(out, db, info, key)
    finally:
        db.unlink(missing_ok=True)
    return SyntheticPack(out, root_path, scale, out.stat().st_size)
