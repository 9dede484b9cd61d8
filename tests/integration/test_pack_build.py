"""``pixdesk pack build`` on the shipped sources: real keys, real SQLite, real pack files.

The built packs must pass the same verification and import as any pack from outside,
hold the right rows, be reproducible, and (certification) carry sealed bodies whose key
is written beside the pack only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from factories import TrustFixture, make_trust

from content_packs.builder import build_pack
from content_packs.challenge_body import encode_body
from content_packs.pack_key_file import PackKey, install_key_file, read_key_file, stage_key_file
from content_packs.source_errors import SourceError
from content_packs.sources_format import load_source
from pixdesk import canonical
from pixdesk.config import Settings, load_settings
from pixdesk.errors import KeyFileError, PackError
from pixdesk.packs.content_schema import TABLES, open_content
from pixdesk.packs.sealing import unseal
from pixdesk.packs.verify import verify_pack
from pixdesk.services.packs import PackService
from pixdesk.signing import SigningKey, load_private_key, save_private_key
from pixdesk.timeutil import utc_now

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "content_packs" / "sources"
SHIPPED, SHIPPED_CERT = SOURCES / "demo", SOURCES / "demo-cert"
# Content assertions run on a frozen copy of the first demo content, so that they do not
# change as the shipped content grows (the shipped sources are built and imported below,
# and `make test` lints them).
FIXTURES = REPO / "tests" / "fixtures"
DEMO, DEMO_CERT = FIXTURES / "small_demo", FIXTURES / "small_cert"
CREATED = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def trust(tmp_path: Path, home: Path) -> tuple[TrustFixture, Settings]:
    return make_trust(tmp_path / "trust", home)


def staged_content(pack: Path, settings: Settings, folder: Path) -> Path:
    """Verify ``pack`` completely and return its content database, copied into ``folder``."""
    folder.mkdir(parents=True)
    verify_pack(pack, PackService(settings).trust(), utc_now(), folder)
    return folder / "content.db"


def all_rows(db: Path, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
    conn = open_content(db)
    try:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in sorted(TABLES - skip)
        }
    finally:
        conn.close()


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = open_content(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def localized(text: str) -> dict[str, str]:
    value = json.loads(text)
    assert set(value) == {"en", "fr"} and all(v.strip() for v in value.values()), text
    return dict(value)


# --- the practice demo ----------------------------------------------------------------


def test_demo_builds_into_a_pack_that_verifies_and_imports(
    tmp_path: Path, trust: tuple[TrustFixture, Settings]
) -> None:
    fixture, settings = trust
    out = tmp_path / "build" / "demo.pixpack"
    result = build_pack(DEMO, out, fixture.practice, CREATED)
    source = load_source(DEMO)
    assert re.fullmatch(
        rf"built demo version 1 \(practice\): 16 competences, {len(source.challenges)} challenges,"
        rf" 2 media, {len(source.tutorials)} tutorials -> {re.escape(str(out))} \(\d+\.\d kB\)",
        result.summary(),
    )
    assert (result.key_file, out.with_name("demo.pixpack.key").exists()) == (None, False)
    assert sorted(p.name for p in out.parent.iterdir()) == ["demo.pixpack"]  # no temporary left behind

    verified = PackService(settings).verify_file(out)
    manifest = verified.manifest
    assert (manifest.pack_id, manifest.version, manifest.kind, manifest.languages) == (
        "demo",
        1,
        "practice",
        ("en", "fr"),
    )
    assert (manifest.framework_id, manifest.encryption_key_id, manifest.created) == (
        "pix-digcomp",
        None,
        CREATED,
    )
    assert (manifest.expires - manifest.created).days == 730
    assert manifest.title == {"en": "PixDesk demo pack", "fr": "Paquet de démonstration PixDesk"}

    [imported] = PackService(settings).import_path(out)
    assert imported.error is None and imported.outcome is not None
    assert imported.outcome.action == "installed"
    db = imported.outcome.pack.content_path
    meta = dict(query(db, "SELECT key, value FROM meta"))
    assert (meta["max_open_level"], meta["languages"], meta["framework_id"]) == ("6", "en,fr", "pix-digcomp")
    assert localized(meta["framework_title"])["fr"].startswith("Référentiel")
    assert query(db, "PRAGMA foreign_key_check") == []


@pytest.mark.parametrize(("source", "kind"), [(SHIPPED, "practice"), (SHIPPED_CERT, "certification")])
def test_the_shipped_sources_build_and_import(
    tmp_path: Path, trust: tuple[TrustFixture, Settings], source: Path, kind: str
) -> None:
    fixture, settings = trust
    key = fixture.practice if kind == "practice" else fixture.certification
    out = tmp_path / f"{source.name}.pixpack"
    result = build_pack(source, out, key)
    assert result.kind == kind and result.counts.competences == 16
    [imported] = PackService(settings).import_path(out)
    assert imported.error is None and imported.outcome is not None
    assert query(imported.outcome.pack.content_path, "PRAGMA foreign_key_check") == []


def test_demo_content_rows(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, settings = trust
    out = build_pack(DEMO, tmp_path / "demo.pixpack", fixture.practice).out
    db = staged_content(out, settings, tmp_path / "staged")
    source = load_source(DEMO)

    domains = query(db, "SELECT code, position, title FROM domains ORDER BY position")
    assert [(code, pos) for code, pos, _ in domains] == [(str(n), n) for n in range(1, 6)]
    competences = query(db, "SELECT code, domain_code, title, description FROM competences ORDER BY code")
    expected = [
        f"{domain}.{n}"
        for domain, count in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2))
        for n in range(1, count + 1)
    ]
    assert [c[0] for c in competences] == expected
    assert all(code.startswith(domain + ".") for code, domain, _, _ in competences)
    titles = {code: localized(title) for code, _, title, _ in competences}
    descriptions = [localized(description) for _, _, _, description in competences]
    assert all(text.endswith(".") for d in descriptions for text in d.values())  # one sentence each
    assert all(localized(title) for _, _, title in domains)
    assert titles["1.1"]["fr"] == "Mener une recherche et une veille d'information"
    assert titles["4.3"]["en"] == "Protecting health, well-being and the environment"

    skills = query(db, "SELECT id, tube_id, level, status FROM skills ORDER BY id")
    assert skills == sorted((s.id, s.tube_id, s.level, s.status) for s in source.skills)
    assert all(skill_id == f"@{tube}{level}" for skill_id, tube, level, _ in skills)
    tubes = query(db, "SELECT id, competence_code FROM tubes")
    assert {competence for _, competence in tubes} == {"1.1", "1.3", "3.1", "4.1"}

    challenges = query(
        db, "SELECT id, skill_id, format, timer_seconds, focused, discrimination, difficulty FROM challenges"
    )
    assert len(challenges) == len(source.challenges) >= 15
    assert {c[2] for c in challenges} == {"qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"}
    assert any(c[3] for c in challenges) and any(c[4] for c in challenges)  # timed, focused
    assert {c[6] for c in challenges} == {-2.25, -1.35, -0.45, 0.45}  # default difficulties of levels 1-4
    assert all(c[1] in {s[0] for s in skills} for c in challenges)

    texts = query(db, "SELECT challenge_id, lang, body FROM challenge_texts")
    assert sorted((cid, lang) for cid, lang, _ in texts) == sorted(
        (c.id, lang) for c in source.challenges for lang in ("en", "fr")
    )
    by_id = {c.id: c for c in source.challenges}
    inputs: list[dict[str, Any]] = []
    for cid, lang, body in texts:
        assert body == encode_body(by_id[cid], lang)
        document = canonical.loads_canonical(body)
        assert set(document) == {"instruction", "proposals", "inputs", "solutions", "explanation", "media"}
        inputs.extend(document["inputs"])
    assert {"number", "select", "text"} <= {spec["input"] for spec in inputs}


def test_demo_media_and_tutorials(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, settings = trust
    out = build_pack(DEMO, tmp_path / "demo.pixpack", fixture.practice).out
    db = staged_content(out, settings, tmp_path / "staged")

    media = query(db, "SELECT id, mime, filename, alt, sha256, data FROM media ORDER BY filename")
    assert [(m[1], m[2]) for m in media] == [
        ("image/svg+xml", "address-bar.svg"),
        ("text/csv", "temperatures.csv"),
    ]
    for media_id, _mime, filename, alt, sha256, data in media:
        assert sha256 == hashlib.sha256(data).hexdigest() and media_id == sha256[:16]
        assert data == (DEMO / "media" / filename).read_bytes()
        localized(alt)
    roles = query(db, "SELECT m.filename, cm.role FROM challenge_media cm JOIN media m ON m.id = cm.media_id")
    assert sorted(roles) == [("address-bar.svg", "illustration"), ("temperatures.csv", "attachment")]

    tutorials = query(db, "SELECT id, tube_id, kind, duration_minutes, title, body FROM tutorials")
    tubes = {row[0] for row in query(db, "SELECT id FROM tubes")}
    assert {t[1] for t in tutorials} == tubes  # one tutorial (at least) per tube
    for _, _, kind, minutes, title, body in tutorials:
        assert kind in ("text", "howto") and minutes > 0
        localized(title)
        assert all(len(text) > 200 for text in localized(body).values())
    links = query(db, "SELECT tutorial_id, skill_id FROM tutorial_skills")
    skills = {row[0] for row in query(db, "SELECT id FROM skills")}
    assert {t for t, _ in links} == {t[0] for t in tutorials}
    assert {s for _, s in links} <= skills


def test_same_source_gives_the_same_content(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, settings = trust
    first = build_pack(DEMO, tmp_path / "a" / "demo.pixpack", fixture.practice, CREATED).out
    second = build_pack(DEMO, tmp_path / "b" / "demo.pixpack", fixture.practice, utc_now()).out
    rows_a = all_rows(staged_content(first, settings, tmp_path / "sa"))
    rows_b = all_rows(staged_content(second, settings, tmp_path / "sb"))
    assert rows_a == rows_b
    assert len(rows_a["challenge_texts"]) == 2 * len(rows_a["challenges"])
    again = build_pack(DEMO, tmp_path / "c" / "demo.pixpack", fixture.practice, CREATED).out
    assert again.read_bytes() == first.read_bytes()  # same instant and key: the very same file


# --- the certification demo -----------------------------------------------------------


def test_demo_cert_is_sealed_and_its_key_is_beside_the_pack(
    tmp_path: Path, trust: tuple[TrustFixture, Settings]
) -> None:
    fixture, settings = trust
    out = tmp_path / "demo-cert.pixpack"
    result = build_pack(DEMO_CERT, out, fixture.certification)
    key_file = out.with_name("demo-cert.pixpack.key")
    assert result.key_file == key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert set(json.loads(key_file.read_bytes())) == {"pack_id", "version", "key_id", "key"}
    pack_key = read_key_file(key_file)
    assert (pack_key.pack_id, pack_key.version, pack_key.key_id) == ("demo-cert", 1, result.key_id)
    assert f"pack key {pack_key.key_id} -> {key_file}" in result.summary()
    pack_bytes = out.read_bytes()
    assert pack_key.key not in pack_bytes and base64.b64encode(pack_key.key) not in pack_bytes

    verified = PackService(settings).verify_file(out)
    assert (verified.manifest.kind, verified.manifest.encryption_key_id) == ("certification", pack_key.key_id)
    [imported] = PackService(settings).import_path(out)
    assert imported.error is None and imported.outcome is not None

    db = imported.outcome.pack.content_path
    source = load_source(DEMO_CERT)
    texts = query(db, "SELECT challenge_id, lang, body FROM challenge_texts")
    assert len(texts) == 2 * len(source.challenges) >= 8
    by_id = {c.id: c for c in source.challenges}
    for cid, lang, body in texts:
        with pytest.raises(canonical.CanonicalError):
            canonical.loads_strict(body)
        assert unseal(pack_key.key, "demo-cert", cid, lang, body) == encode_body(by_id[cid], lang)
    assert not {c.id for c in source.challenges} & {c.id for c in load_source(DEMO).challenges}
    assert query(db, "SELECT id, status FROM skills WHERE status = 'archived'") == [
        ("@passwords6", "archived")
    ]


def test_certification_rebuild_replaces_the_key_file(
    tmp_path: Path, trust: tuple[TrustFixture, Settings]
) -> None:
    fixture, settings = trust
    out = tmp_path / "out" / "demo-cert.pixpack"
    key_file = out.with_name(out.name + ".key")
    out.parent.mkdir()
    key_file.write_text("an old key file, readable by others")
    os.chmod(key_file, 0o644)
    first = build_pack(DEMO_CERT, out, fixture.certification)
    first_db = all_rows(staged_content(out, settings, tmp_path / "s1"), skip=frozenset({"challenge_texts"}))
    second = build_pack(DEMO_CERT, out, fixture.certification)
    assert first.key_id != second.key_id
    assert (
        read_key_file(key_file).key_id
        == second.key_id
        == PackService(settings).verify_file(out).manifest.encryption_key_id
    )
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "demo-cert.pixpack",
        "demo-cert.pixpack.key",
    ]
    second_db = all_rows(staged_content(out, settings, tmp_path / "s2"), skip=frozenset({"challenge_texts"}))
    assert first_db == second_db  # only the sealed bodies differ (fresh key, fresh nonces)


def test_a_key_file_that_does_not_match_its_key_id_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "x.pixpack.key"
    install_key_file(stage_key_file(target, PackKey("x", 2, bytes(range(32)))), target)
    assert read_key_file(target) == PackKey("x", 2, bytes(range(32)))
    document = json.loads(target.read_bytes())
    document["key"] = base64.b64encode(bytes(32)).decode()
    target.write_text(json.dumps(document))
    with pytest.raises(KeyFileError) as caught:
        read_key_file(target)
    assert caught.value.code == "key.malformed"


# --- refusals ---------------------------------------------------------------------------


def broken_demo(tmp_path: Path) -> tuple[Path, Path, int]:
    """A copy of the demo source with one answer outside its proposals; returns (source, file, line)."""
    root = tmp_path / "sources"
    shutil.copytree(FIXTURES, root)  # small_demo, small_cert and framework.yaml, like content_packs/sources
    file = root / "small_demo" / "competences" / "4.1.yaml"
    text = file.read_text(encoding="utf-8")
    needle = "          answer: 4\n          explanation: It is long"
    assert text.count(needle) == 1
    file.write_text(text.replace(needle, needle.replace("answer: 4", "answer: 7")), encoding="utf-8")
    return root / "small_demo", file, text[: text.index(needle)].count("\n") + 1


def test_a_malformed_source_writes_nothing(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, _settings = trust
    source, file, line = broken_demo(tmp_path)
    out = tmp_path / "out" / "demo.pixpack"
    with pytest.raises(SourceError) as caught:
        build_pack(source, out, fixture.practice)
    assert (caught.value.code, caught.value.path) == ("source.answer", f"{file}:{line}")
    assert "answer 7 is not a proposal number" in caught.value.message
    assert not out.parent.exists()


def test_output_must_be_a_pixpack_file(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, _settings = trust
    with pytest.raises(PackError) as caught:
        build_pack(DEMO, tmp_path / "demo.zip", fixture.practice)
    assert caught.value.code == "pack.output"
    with pytest.raises(PackError):
        build_pack(DEMO, tmp_path, fixture.practice)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(PackError) as caught:
        build_pack(DEMO, tmp_path / "a-file" / "demo.pixpack", fixture.practice)
    assert caught.value.code == "pack.output" and "cannot write the pack" in caught.value.message


def test_the_shipped_demo_key_builds_a_pack_the_default_trust_accepts(tmp_path: Path, home: Path) -> None:
    key_path = tmp_path / "demo-publisher.key"
    shutil.copyfile(REPO / "content_packs" / "keys" / "demo-publisher.key", key_path)
    os.chmod(key_path, 0o600)
    out = build_pack(DEMO, tmp_path / "demo.pixpack", load_private_key(key_path)).out
    verified = PackService(load_settings()).verify_file(out)
    assert verified.publisher.key_id == "9fa5fbf4c4342149"


# --- the command line -------------------------------------------------------------------


def pixdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_key(key: SigningKey, path: Path) -> Path:
    save_private_key(key, path)
    return path


def test_cli_build_then_import(tmp_path: Path, trust: tuple[TrustFixture, Settings]) -> None:
    fixture, _settings = trust
    key = write_key(fixture.practice, tmp_path / "keys" / "practice.key")
    out = tmp_path / "packs" / "demo.pixpack"
    built = pixdesk("pack", "build", DEMO, "-o", out, "--key", key)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built demo version 1 (practice): 16 competences, ")
    imported = pixdesk("pack", "import", out)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "installed pack demo version 1 (practice)" in imported.stdout


def test_cli_reports_a_malformed_source_in_one_line(
    tmp_path: Path, trust: tuple[TrustFixture, Settings]
) -> None:
    fixture, _settings = trust
    key = write_key(fixture.practice, tmp_path / "keys" / "practice.key")
    source, file, line = broken_demo(tmp_path)
    out = tmp_path / "packs" / "demo.pixpack"
    result = pixdesk("pack", "build", source, "-o", out, "--key", key)
    assert result.returncode == 2
    assert result.stdout == ""
    [error] = result.stderr.splitlines()
    assert error.startswith(f"pixdesk: error: {file}:{line}: ")
    assert "answer 7 is not a proposal number" in error and "expected 1 to 4" in error
    assert not out.exists()
