"""The trust in force on disk: stored rotations, the demo key, the shipped root, ``pixdesk trust``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from factories import TrustFixture, make_trust, publisher_entry, root_signed, run_pixdesk

from pixdesk.config import RESOURCES_DIR, Settings, load_settings
from pixdesk.errors import TrustError
from pixdesk.signing import generate_key, save_private_key
from pixdesk.trust import load_demo_publishers, parse_root
from pixdesk.trust_store import load_chains, load_trust, update_root

SHIPPED_ROOT = RESOURCES_DIR / "trust" / "pixdesk-root.json"
DEMO_FILE = RESOURCES_DIR / "trust" / "demo-publishers.json"


@pytest.fixture
def trust(home: Path, tmp_path: Path) -> tuple[TrustFixture, Settings]:
    return make_trust(tmp_path / "roots", home)


def _files(folder: Path) -> list[str]:
    return (
        sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        if folder.exists()
        else []
    )


def _v2(
    fx: TrustFixture,
    name: str = "v2.json",
    version: int = 2,
    revoked: list[str] | None = None,
    root_id: str = "test-root",
) -> Path:
    """A newer version of the fixture's root, signed by its root key, adding one publisher."""
    extra = generate_key()
    signed = root_signed(
        [fx.root_key],
        [
            publisher_entry(fx.practice, ["practice"]),
            publisher_entry(extra, ["practice"], name="Added in v2"),
        ],
        version=version,
        revoked=revoked,
        root_id=root_id,
    )
    return fx.write_root(signed, [fx.root_key], name)


def test_update_root_persists_the_new_version_and_load_trust_uses_it(
    trust: tuple[TrustFixture, Settings],
) -> None:
    fx, settings = trust
    path = _v2(fx, revoked=[fx.certification.key_id])

    root = update_root(settings, path)

    stored = settings.trust_dir / "test-root" / "2.json"
    assert root.version == 2
    assert stored.read_bytes() == path.read_bytes()
    path.unlink()  # what is in force no longer depends on the file given to update
    [chain] = load_chains(settings)
    assert chain.in_force.version == 2
    assert chain.source == str(stored)
    assert chain.bootstrap == fx.root_path
    loaded = load_trust(settings)
    assert "Added in v2" in {p.name for p in loaded.publishers().values()}
    assert fx.certification.key_id not in {p.key_id for p in loaded.roots[0].publishers.values()}
    assert loaded.revoked == {fx.certification.key_id}


@pytest.mark.parametrize("version", [1, 2])
def test_update_with_an_older_or_equal_version_is_refused_and_writes_nothing(
    trust: tuple[TrustFixture, Settings], version: int
) -> None:
    fx, settings = trust
    update_root(settings, _v2(fx))
    before = _files(settings.trust_dir)
    candidate = _v2(fx, name="again.json", version=version)

    with pytest.raises(TrustError) as info:
        update_root(settings, candidate)

    assert info.value.code == "trust.rollback"
    assert _files(settings.trust_dir) == before == ["test-root/2.json"]


def test_updating_to_the_bootstrap_version_writes_nothing(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust

    with pytest.raises(TrustError) as info:
        update_root(settings, fx.root_path)

    assert info.value.code == "trust.rollback"
    assert not settings.trust_dir.exists()


def test_update_not_co_signed_by_the_root_in_force_is_refused(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    intruder = generate_key()
    signed = root_signed([intruder], [publisher_entry(intruder, ["certification"])], version=2)
    path = fx.write_root(signed, [intruder], "hijack.json")

    with pytest.raises(TrustError) as info:
        update_root(settings, path)

    assert info.value.code == "trust.rotation_unsigned"
    assert info.value.path == str(path)
    assert not settings.trust_dir.exists()


def test_update_of_an_unknown_root_id_is_refused(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust

    with pytest.raises(TrustError) as info:
        update_root(settings, _v2(fx, root_id="another-root"))

    assert info.value.code == "trust.unknown_root"
    assert "test-root" in str(info.value)
    assert not settings.trust_dir.exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"garbage", "trust.malformed"), (None, "trust.missing")],
)
def test_update_with_an_unreadable_root_is_refused(
    trust: tuple[TrustFixture, Settings], tmp_path: Path, content: bytes | None, code: str
) -> None:
    _fx, settings = trust
    path = tmp_path / "candidate.json"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(TrustError) as info:
        update_root(settings, path)

    assert info.value.code == code
    assert not settings.trust_dir.exists()


def _drop(settings: Settings, name: str, data: bytes) -> Path:
    folder = settings.trust_dir / "test-root"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_self_signed_root_dropped_into_the_store_cannot_widen_trust(
    trust: tuple[TrustFixture, Settings],
) -> None:
    fx, settings = trust
    intruder = generate_key()
    signed = root_signed([intruder], [publisher_entry(intruder, ["certification"])], version=9)
    dropped = _drop(settings, "9.json", fx.write_root(signed, [intruder], "hijack.json").read_bytes())

    with pytest.raises(TrustError) as info:
        load_trust(settings)

    assert info.value.code == "trust.rotation_unsigned"
    assert info.value.path == str(dropped)


@pytest.mark.parametrize(
    ("name", "code"),
    [("9.json", "trust.malformed"), ("3.json", "trust.store_damaged")],
)
def test_a_damaged_store_file_makes_loading_fail(
    trust: tuple[TrustFixture, Settings], name: str, code: str
) -> None:
    fx, settings = trust
    if code == "trust.malformed":
        dropped = _drop(settings, name, b"{not json")
    else:  # a genuine, co-signed version 2 stored under the name of version 3
        dropped = _drop(settings, name, _v2(fx).read_bytes())

    with pytest.raises(TrustError) as info:
        load_trust(settings)

    assert info.value.code == code
    assert info.value.path == str(dropped)


def test_stored_files_that_are_not_newer_versions_are_ignored(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    for name in ("1.json", "0.json", "notes.json", "².json", "2.txt"):
        _drop(settings, name, b"garbage")

    [chain] = load_chains(settings)

    assert chain.in_force.version == 1
    assert chain.source == str(fx.root_path)


def test_a_properly_co_signed_file_in_the_store_is_followed(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    _drop(settings, "4.json", _v2(fx, version=4).read_bytes())

    [chain] = load_chains(settings)

    assert chain.in_force.version == 4


def test_demo_publisher_trusted_only_when_configured(home: Path, tmp_path: Path) -> None:
    demo_ids = set(load_demo_publishers(DEMO_FILE))
    assert demo_ids

    _fx, without = make_trust(tmp_path / "a", home, trust_demo=False)
    assert load_trust(without).demo_publishers == {}
    assert not demo_ids & set(load_trust(without).publishers())

    _fx, with_demo = make_trust(tmp_path / "b", home, trust_demo=True)
    assert set(load_trust(with_demo).demo_publishers) == demo_ids
    assert demo_ids <= set(load_trust(with_demo).publishers())


def test_the_shipped_root_parses_and_is_self_signed() -> None:
    root = parse_root(SHIPPED_ROOT.read_bytes(), str(SHIPPED_ROOT))

    assert root.root_id == "pixdesk"
    assert root.version >= 1
    assert root.publishers
    signers = {entry["key_id"] for entry in root.document["signatures"]}
    assert len(signers & set(root.root_keys)) >= root.threshold


def test_default_settings_trust_the_shipped_root_and_the_demo_key(home: Path) -> None:
    settings = load_settings()

    trust = load_trust(settings)

    assert [r.root_id for r in trust.roots] == ["pixdesk"]
    assert set(trust.demo_publishers) == set(load_demo_publishers(DEMO_FILE))


def test_two_roots_with_the_same_id_are_refused(home: Path, tmp_path: Path) -> None:
    fx, _ = make_trust(tmp_path / "roots", home)
    copy = tmp_path / "copy.json"
    copy.write_bytes(fx.root_path.read_bytes())
    (home / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(fx.root_path))}, {json.dumps(str(copy))}]\n"
    )

    with pytest.raises(TrustError) as info:
        load_trust(load_settings())

    assert info.value.code == "trust.duplicate_root"


def test_a_missing_bootstrap_root_is_refused(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    (home / "config.toml").write_text(f"trusted_roots = [{json.dumps(str(missing))}]\n")

    with pytest.raises(TrustError) as info:
        load_trust(load_settings())

    assert info.value.code == "trust.missing"
    assert str(missing) in str(info.value)


# --- pixdesk trust ----------------------------------------------------------------------------


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("pixdesk: error: ")
    return lines[0]


def test_cli_trust_show(trust: tuple[TrustFixture, Settings]) -> None:
    fx, _settings = trust

    done = run_pixdesk("trust", "show")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("root test-root version 1 issued ")
    assert lines[0].endswith(f"(from {fx.root_path})")
    assert lines[1] == f"  root keys: {fx.root_key.key_id} (threshold 1)"
    assert any(
        line.startswith(f"  publisher {fx.practice.key_id} ") and "roles=practice" in line for line in lines
    )
    assert any(
        f"publisher {fx.certification.key_id} " in line and "roles=certification" in line for line in lines
    )
    assert lines[-1] == "demo publisher: not trusted (trust_demo_publisher = false)"


def test_cli_trust_show_marks_revoked_keys(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    update_root(settings, _v2(fx, revoked=[fx.practice.key_id]))

    done = run_pixdesk("trust", "show")

    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if f"publisher {fx.practice.key_id}" in line]
    assert line.endswith("REVOKED")
    assert f"  revoked: {fx.practice.key_id}" in done.stdout.splitlines()


def test_cli_trust_update(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust

    done = run_pixdesk("trust", "update", str(_v2(fx)))

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["trust root test-root is now version 2"]
    assert _files(settings.trust_dir) == ["test-root/2.json"]
    assert "version 2" in run_pixdesk("trust", "show").stdout.splitlines()[0]


def test_cli_trust_update_refuses_a_bad_root_with_one_line(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    intruder = generate_key()
    hijack = fx.write_root(root_signed([intruder], [], version=2), [intruder], "hijack.json")
    garbage = fx.folder / "garbage.json"
    garbage.write_bytes(b"\x00\xffnot a root")

    for path, fragment in (
        (hijack, "root keys of version 1 in force"),
        (garbage, "not UTF-8"),
    ):
        line = _one_error_line(run_pixdesk("trust", "update", str(path)))
        assert line.startswith(f"pixdesk: error: {path}: ")
        assert fragment in line
    assert not settings.trust_dir.exists()


def test_cli_trust_update_refuses_a_root_with_a_lone_surrogate(trust: tuple[TrustFixture, Settings]) -> None:
    fx, settings = trust
    signed = root_signed([fx.root_key], [], version=2)
    signed["issued"] = "\ud800"
    path = fx.folder / "surrogate.json"
    path.write_text(json.dumps({"signed": signed, "signatures": []}))  # ASCII JSON with a \ud800 escape

    line = _one_error_line(run_pixdesk("trust", "update", str(path)))

    assert "lone surrogate" in line
    assert not settings.trust_dir.exists()


def _root_key_file(fx: TrustFixture, tmp_path: Path) -> Path:
    path = tmp_path / "root-key.pem"
    save_private_key(fx.root_key, path)
    return path


def test_cli_sign_root_produces_a_root_that_parses_and_updates(
    trust: tuple[TrustFixture, Settings], tmp_path: Path
) -> None:
    fx, settings = trust
    draft = tmp_path / "draft.json"
    draft.write_text(
        json.dumps(
            root_signed([fx.root_key], [publisher_entry(fx.practice, ["practice"])], version=2), indent=2
        )
    )
    out = tmp_path / "out" / "root-v2.json"

    done = run_pixdesk(
        "trust", "sign-root", str(draft), "--key", str(_root_key_file(fx, tmp_path)), "-o", str(out)
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"wrote {out}: root test-root version 2"]
    root = parse_root(out.read_bytes(), str(out))
    assert root.version == 2
    assert list(root.publishers) == [fx.practice.key_id]
    assert update_root(settings, out).version == 2


def test_cli_sign_root_refuses_a_draft_its_keys_cannot_sign(
    trust: tuple[TrustFixture, Settings], tmp_path: Path
) -> None:
    fx, _settings = trust
    draft = tmp_path / "draft.json"
    other = generate_key()
    draft.write_text(json.dumps(root_signed([other], [], version=2)))
    out = tmp_path / "root.json"

    line = _one_error_line(
        run_pixdesk(
            "trust", "sign-root", str(draft), "--key", str(_root_key_file(fx, tmp_path)), "-o", str(out)
        )
    )

    assert line.startswith(f"pixdesk: error: {draft}: ")
    assert "signed by 0 of its root keys" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [('{"a": 1.5}', "floats are not allowed"), ('{"a": 1, "a": 2}', "duplicate key"), ("{", "invalid JSON")],
)
def test_cli_sign_root_refuses_a_bad_draft_with_one_line(
    trust: tuple[TrustFixture, Settings], tmp_path: Path, text: str, fragment: str
) -> None:
    fx, _settings = trust
    draft = tmp_path / "draft.json"
    draft.write_text(text)
    out = tmp_path / "root.json"

    line = _one_error_line(
        run_pixdesk(
            "trust", "sign-root", str(draft), "--key", str(_root_key_file(fx, tmp_path)), "-o", str(out)
        )
    )

    assert line.startswith(f"pixdesk: error: {draft}: cannot read root draft")
    assert fragment in line
    assert not out.exists()


def test_cli_sign_root_refuses_a_key_others_can_read(
    trust: tuple[TrustFixture, Settings], tmp_path: Path
) -> None:
    fx, _settings = trust
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(root_signed([fx.root_key], [], version=2)))
    key = _root_key_file(fx, tmp_path)
    key.chmod(0o644)

    line = _one_error_line(
        run_pixdesk("trust", "sign-root", str(draft), "--key", str(key), "-o", str(tmp_path / "o"))
    )

    assert f"chmod 600 {key}" in line
