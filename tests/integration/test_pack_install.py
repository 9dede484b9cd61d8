"""Installing signed content packs: happy paths, read-only files, doctor, atomicity, progress.

Layer: tests (integration). Real keys, real packs, a real machine database; most steps
run the real command line in a subprocess, the crash and progress tests run in process.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from factories import publisher_entry
from pack_mutations import (
    OTHER_PACK,
    Machine,
    build_content_pack,
    flip_byte,
    layout,
    new_machine,
    rotate_root,
    run_cli,
    take_snapshot,
)

from pixdesk.packs.container import CHUNK
from pixdesk.services.packs import PackService
from pixdesk.storage.database import Store


@pytest.fixture
def machine(tmp_path: Path, home: Path) -> Machine:
    return new_machine(tmp_path, home, preinstall=False)


def rows(machine: Machine) -> list[tuple[str, int, str]]:
    return [(p.pack_id, p.version, p.status) for p in PackService(machine.settings).installed(True)]


def version_dir(machine: Machine, pack_id: str, version: int) -> Path:
    return machine.settings.packs_dir / pack_id / str(version)


def assert_read_only(folder: Path) -> None:
    assert stat.S_IMODE(folder.stat().st_mode) == 0o555, folder
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["content.db", "manifest.json", "manifest.sig"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path


def listed(output: str) -> list[tuple[str, str, str]]:
    """(id, version, status) of each row printed by ``pack list``."""
    lines = output.splitlines()
    assert lines[0].split()[:4] == ["ID", "VERSION", "KIND", "STATUS"], output
    return [(fields[0], fields[1], fields[3]) for fields in (line.split() for line in lines[1:])]


def one_error_line(stderr: str, path: Path) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"pixdesk: error: {path}: "), stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# Import, supersede, list, skip, folders, remove, verify
# ---------------------------------------------------------------------------------------------


def test_newer_version_supersedes_the_older_one(machine: Machine) -> None:
    v1, v2 = machine.pack("v1"), machine.pack("v2", version=2)

    first = run_cli("pack", "import", str(v1))
    assert first.returncode == 0, first
    assert first.stdout == f"{v1}: installed pack testpack version 1 (practice)\n"
    second = run_cli("pack", "import", str(v2))
    assert second.returncode == 0, second
    assert second.stdout == f"{v2}: installed pack testpack version 2 (practice)\n"
    assert second.stderr == ""

    assert rows(machine) == [("testpack", 1, "superseded"), ("testpack", 2, "active")]
    for version in (1, 2):
        assert_read_only(version_dir(machine, "testpack", version))
    assert (version_dir(machine, "testpack", 1) / "content.db").read_bytes() != (
        version_dir(machine, "testpack", 2) / "content.db"
    ).read_bytes()

    active = run_cli("pack", "list")
    assert active.returncode == 0, active
    assert listed(active.stdout) == [("testpack", "2", "active")]
    everything = run_cli("pack", "list", "--all")
    assert everything.returncode == 0, everything
    assert listed(everything.stdout) == [("testpack", "1", "superseded"), ("testpack", "2", "active")]


def test_installed_files_are_the_signed_bytes(machine: Machine) -> None:
    pack = machine.pack()
    machine.install(pack)
    folder = version_dir(machine, "testpack", 1)
    data = pack.read_bytes()
    where = layout(pack)
    start, size = where.members["content.db"]
    assert (folder / "content.db").read_bytes() == data[start : start + size]
    assert (folder / "manifest.json").read_bytes() == data[where.manifest_offset : where.sig_len_offset]
    assert (folder / "manifest.sig").read_bytes() == data[where.sig_offset : where.members_offset]
    assert_read_only(folder)


@pytest.mark.parametrize("version", [2, 1], ids=["equal-version", "older-version"])
def test_if_newer_skips_what_is_installed_with_exit_0(machine: Machine, version: int) -> None:
    machine.install(machine.pack("installed", version=2))
    again = machine.pack("again", version=version)  # rebuilt: other bytes, same id
    before = take_snapshot(machine.settings)

    result = run_cli("pack", "import", "--if-newer", str(again))

    assert result.returncode == 0, result
    assert result.stdout == f"{again}: skipped, pack testpack version 2 already installed\n"
    assert result.stderr == ""
    assert take_snapshot(machine.settings) == before


def test_folder_import_installs_every_pack_of_the_folder(machine: Machine) -> None:
    usb = machine.work / "usb"
    usb.mkdir()
    alpha = machine.pack("usb/alpha", pack_id="alpha")
    beta = machine.pack("usb/beta", pack_id="beta", version=4)
    (usb / "README.txt").write_text("not a pack, and not named .pixpack: ignored\n")

    result = run_cli("pack", "import", str(usb))

    assert result.returncode == 0, result
    assert result.stdout.splitlines() == [
        f"{alpha}: installed pack alpha version 1 (practice)",
        f"{beta}: installed pack beta version 4 (practice)",
    ]
    assert result.stderr == ""
    assert rows(machine) == [("alpha", 1, "active"), ("beta", 4, "active")]


def test_folder_import_takes_pack_files_whatever_the_case_of_their_suffix(machine: Machine) -> None:
    """FAT-formatted USB sticks often show names in capitals: DEMO.PIXPACK is a pack too."""
    usb = machine.work / "usb"
    usb.mkdir()
    upper = machine.pack("usb/upper", pack_id="upper").rename(usb / "UPPER.PIXPACK")

    result = run_cli("pack", "import", str(usb))

    assert result.returncode == 0, result
    assert result.stdout == f"{upper}: installed pack upper version 1 (practice)\n"
    assert rows(machine) == [("upper", 1, "active")]


def test_imports_and_removals_are_serialised_by_a_lock_beside_the_packs(machine: Machine) -> None:
    """While another process holds the packs lock, an import waits instead of interleaving."""
    pack = machine.pack()
    lock = machine.settings.data_dir / "packs.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pixdesk.filelock import exclusive_lock\n"
            "with exclusive_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(1.5)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = run_cli("pack", "import", str(pack))
        assert holder.poll() is not None, "the import finished while another process held the lock"
    finally:
        holder.wait(timeout=10)
    assert result.returncode == 0, result
    assert rows(machine) == [("testpack", 1, "active")]


def test_folder_with_one_bad_pack_installs_the_good_one_and_reports_the_bad_one(machine: Machine) -> None:
    usb = machine.work / "usb"
    usb.mkdir()
    good = machine.pack("usb/good", pack_id="good")
    source = machine.pack("source", pack_id="damaged")
    start, size = layout(source).members["content.db"]
    bad = flip_byte(source, usb / "damaged.pixpack", start + size // 2)

    result = run_cli("pack", "import", str(usb))

    assert result.returncode == 2, result
    assert result.stdout == f"{good}: installed pack good version 1 (practice)\n"
    line = one_error_line(result.stderr, bad)
    assert "does not match its SHA-256" in line
    assert rows(machine) == [("good", 1, "active")]
    assert not (machine.settings.packs_dir / "damaged").exists()
    assert [p.name for p in machine.settings.packs_dir.iterdir()] == ["good"]


def test_remove_deletes_every_version_and_nothing_else(machine: Machine) -> None:
    machine.install(machine.pack("other", pack_id=OTHER_PACK))
    machine.install(machine.pack("v1"))
    machine.install(machine.pack("v2", version=2))
    other_folder = version_dir(machine, OTHER_PACK, 1)
    other_files = {p.name: p.read_bytes() for p in other_folder.iterdir()}

    result = run_cli("pack", "remove", "testpack")

    assert result.returncode == 0, result
    assert result.stdout == "removed pack testpack (version 1, 2)\n"
    assert rows(machine) == [(OTHER_PACK, 1, "active")]
    assert not (machine.settings.packs_dir / "testpack").exists()
    assert {p.name: p.read_bytes() for p in other_folder.iterdir()} == other_files
    assert_read_only(other_folder)

    again = run_cli("pack", "remove", "testpack")
    assert again.returncode == 2, again
    assert "no installed pack has this id" in one_error_line(again.stderr, Path("testpack"))


def nothing_installed(machine: Machine) -> bool:
    """Verification stages its copy inside the data dir (not a RAM-backed /tmp) and removes it."""
    packs = machine.settings.packs_dir
    return not packs.exists() or not any(packs.iterdir())


def test_verify_prints_ok_and_installs_nothing(machine: Machine) -> None:
    pack = machine.pack()

    result = run_cli("pack", "verify", str(pack))

    assert result.returncode == 0, result
    assert result.stdout.startswith(
        f"{pack}: OK — pack testpack version 1 (practice), signed by Test publisher"
    )
    assert machine.trust.practice.key_id in result.stdout
    assert nothing_installed(machine)
    assert not machine.settings.db_path.exists()


def test_verify_checks_the_content_database_too(machine: Machine) -> None:
    def add_view(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE VIEW v AS SELECT 1")

    bad = build_content_pack(machine.work / "view.pixpack", machine.trust.practice, add_view)

    result = run_cli("pack", "verify", str(bad))

    assert result.returncode == 2, result
    assert "content.db holds a view (v)" in one_error_line(result.stderr, bad)
    assert result.stdout == ""
    assert nothing_installed(machine)


# ---------------------------------------------------------------------------------------------
# doctor re-verifies what is installed
# ---------------------------------------------------------------------------------------------


def doctor_failures(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("[FAIL]")]


def test_doctor_fails_on_an_altered_installed_pack(machine: Machine) -> None:
    machine.install(machine.pack("other", pack_id=OTHER_PACK))
    machine.install(machine.pack())
    healthy = run_cli("doctor")
    assert healthy.returncode == 0, healthy
    assert doctor_failures(healthy.stdout) == []
    assert "all checks passed" in healthy.stdout

    content = version_dir(machine, "testpack", 1) / "content.db"
    content.chmod(0o644)
    data = bytearray(content.read_bytes())
    data[len(data) // 2] ^= 0x01
    content.write_bytes(bytes(data))

    damaged = run_cli("doctor")
    assert damaged.returncode == 1, damaged
    [failure] = doctor_failures(damaged.stdout)
    assert "pack testpack v1" in failure and "installed member 'content.db' was altered" in failure
    assert "1 problem(s) found" in damaged.stdout


def test_doctor_fails_when_the_trust_root_in_force_revokes_the_publisher(machine: Machine) -> None:
    machine.install(machine.pack())
    assert run_cli("doctor").returncode == 0

    rotate_root(
        machine.trust,
        machine.settings,
        [publisher_entry(machine.trust.practice, ["practice"])],
        revoked=[machine.trust.practice.key_id],
    )
    revoked = run_cli("doctor")

    assert revoked.returncode == 1, revoked
    [failure] = doctor_failures(revoked.stdout)
    assert "pack testpack v1" in failure
    assert f"publisher key {machine.trust.practice.key_id} has been revoked" in failure


# ---------------------------------------------------------------------------------------------
# Atomicity: a failure or a crash between the rename and the commit
# ---------------------------------------------------------------------------------------------


class SimulatedCrash(RuntimeError):
    pass


def test_failed_commit_after_the_rename_leaves_nothing_behind(
    machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine.install(machine.pack("other", pack_id=OTHER_PACK))
    pack = machine.pack()
    final = version_dir(machine, "testpack", 1)
    before = take_snapshot(machine.settings)
    renamed: list[bool] = []

    def failing(self: Store) -> AbstractContextManager[object]:
        renamed.append(final.is_dir())
        raise SimulatedCrash("the insert failed")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "transaction", failing)
        with pytest.raises(SimulatedCrash):
            PackService(machine.settings).import_path(pack)

    assert renamed == [True], "the failure must come after the rename into packs/"
    assert take_snapshot(machine.settings) == before
    machine.install(pack)
    assert rows(machine) == [(OTHER_PACK, 1, "active"), ("testpack", 1, "active")]
    assert_read_only(final)


CRASH_SCRIPT = """
import os, sys
from contextlib import contextmanager
from pathlib import Path

from pixdesk.config import load_settings
from pixdesk.services.packs import PackService
from pixdesk.storage.database import Store

settings = load_settings()
final = settings.packs_dir / sys.argv[2] / sys.argv[3]
real = Store.transaction

@contextmanager
def crashing(self):
    if final.is_dir():
        os._exit(75)  # the plug is pulled: no except clause, no finally, no cleanup
    with real(self) as db:
        yield db

Store.transaction = crashing
PackService(settings).import_path(Path(sys.argv[1]))
"""


def test_crash_between_rename_and_commit_is_cleaned_by_the_next_import(machine: Machine) -> None:
    machine.install(machine.pack("other", pack_id=OTHER_PACK))
    pack = machine.pack()
    final = version_dir(machine, "testpack", 1)
    stale_staging = machine.settings.packs_dir / ".staging-0123456789abcdef"
    stale_staging.mkdir()
    (stale_staging / "content.db").write_bytes(b"half a copy")

    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(pack), "testpack", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert crashed.returncode == 75, crashed.stderr
    assert sorted(p.name for p in final.iterdir()) == ["content.db", "manifest.json", "manifest.sig"]
    assert rows(machine) == [(OTHER_PACK, 1, "active")]
    final.chmod(0o755)  # mark the orphan, to see that the next import replaced it
    (final / "marker").write_bytes(b"orphan")
    final.chmod(0o555)

    result = run_cli("pack", "import", str(pack))

    assert result.returncode == 0, result
    assert rows(machine) == [(OTHER_PACK, 1, "active"), ("testpack", 1, "active")]
    assert_read_only(final)
    assert not (final / "marker").exists(), "the orphan folder must have been replaced"
    assert not stale_staging.exists()
    assert "removing unregistered pack folder" in (machine.settings.logs_dir / "pixdesk.log").read_text()
    assert run_cli("doctor").returncode == 0


def test_stray_entries_in_the_packs_folder_neither_break_an_import_nor_lead_outside(
    machine: Machine, tmp_path: Path
) -> None:
    machine.install(machine.pack("v1"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    outside.chmod(0o700)
    packs = machine.settings.packs_dir
    (packs / "testpack" / ".DS_Store").write_bytes(b"left by a file browser")
    (packs / "testpack" / "9").symlink_to(outside)
    (packs / "elsewhere").symlink_to(outside)

    result = run_cli("pack", "import", str(machine.pack("v2", version=2)))

    assert result.returncode == 0, result
    assert rows(machine) == [("testpack", 1, "superseded"), ("testpack", 2, "active")]
    assert sorted(p.name for p in (packs / "testpack").iterdir()) == ["1", "2"]
    assert (outside / "precious.txt").read_text() == "keep me\n"
    assert stat.S_IMODE(outside.stat().st_mode) == 0o700, "a link out of packs/ was followed"
    assert (packs / "elsewhere").is_symlink()


# ---------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------


def test_progress_reports_increasing_byte_counts_up_to_the_total(machine: Machine) -> None:
    pack = machine.work / "big.pixpack"

    def alter(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO media VALUES ('m1', 'image/png', 'big.png', '{}', '', ?)",
            (os.urandom(3 * CHUNK + 12345),),
        )

    build_content_pack(pack, machine.trust.practice, alter)
    total = layout(pack).members["content.db"][1]
    calls: list[tuple[Path, int, int]] = []

    [result] = PackService(machine.settings).import_path(
        pack, lambda f, done, all_: calls.append((f, done, all_))
    )

    assert result.error is None, result.error
    assert len(calls) >= 4
    assert {f for f, _done, _all in calls} == {pack}
    assert {all_ for _f, _done, all_ in calls} == {total}
    counts = [done for _f, done, _all in calls]
    assert all(a < b for a, b in itertools.pairwise(counts))
    assert counts[0] > 0
    assert counts[-1] == total
