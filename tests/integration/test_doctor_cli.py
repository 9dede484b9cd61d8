"""``pixdesk doctor`` and the log file, through the real command line."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factories import damage_database_middle, make_trust, root_signed, run_pixdesk

from pixdesk.logsetup import setup_logging
from pixdesk.storage.database import open_store
from pixdesk.storage.migrations import MIGRATIONS

LINE = re.compile(r"^\[(ok  |WARN|FAIL)\] (.+?)\s{2,}(.*)$")


def _checks(stdout: str) -> dict[str, tuple[str, str]]:
    """``name -> (status, detail)`` for each check line of the doctor's output."""
    checks: dict[str, tuple[str, str]] = {}
    for line in stdout.splitlines()[:-1]:
        match = LINE.match(line)
        assert match, f"not a check line: {line!r}"
        checks[match[2].strip()] = (match[1].strip(), match[3])
    return checks


# --- logging ------------------------------------------------------------------------------------


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, given back afterwards with its handlers and level as they were."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler not in handlers:
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_setup_logging_writes_to_the_log_file(root_logger: logging.Logger, tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "logs", "warning")

    logging.getLogger("pixdesk.test").info("not at this level")
    logging.getLogger("pixdesk.test").warning("something to look at")

    assert path == tmp_path / "logs" / "pixdesk.log"
    [handler] = root_logger.handlers
    handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "WARNING pixdesk.test: something to look at" in text
    assert "not at this level" not in text
    assert root_logger.level == logging.WARNING


def test_log_file_rotates_at_1_mb_keeping_5(root_logger: logging.Logger, tmp_path: Path) -> None:
    setup_logging(tmp_path / "logs", "info")
    [handler] = root_logger.handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)
    assert handler.encoding == "utf-8"

    log = logging.getLogger("pixdesk.test")
    for i in range(1300):  # about 1.3 MB
        log.info("record %04d %s", i, "x" * 1000)
    handler.flush()

    logs = tmp_path / "logs"
    assert (logs / "pixdesk.log.1").is_file()
    assert not (logs / "pixdesk.log.2").exists()
    assert (logs / "pixdesk.log.1").stat().st_size <= 1_000_000 + 3000
    assert "record 1299" in (logs / "pixdesk.log").read_text(encoding="utf-8")
    assert "record 0000" in (logs / "pixdesk.log.1").read_text(encoding="utf-8")


def test_setup_logging_twice_keeps_a_single_file_handler(root_logger: logging.Logger, tmp_path: Path) -> None:
    setup_logging(tmp_path / "a")
    setup_logging(tmp_path / "b", verbose=True)

    kinds = sorted(type(h).__name__ for h in root_logger.handlers)
    assert kinds == ["RotatingFileHandler", "StreamHandler"]
    assert root_logger.level == logging.DEBUG


def test_verbose_prints_log_lines_to_stderr(home: Path, tmp_path: Path) -> None:
    fx, _settings = make_trust(tmp_path / "roots", home)
    quiet_root = fx.write_root(root_signed([fx.root_key], [], version=2), [fx.root_key], "v2.json")
    loud_root = fx.write_root(root_signed([fx.root_key], [], version=3), [fx.root_key], "v3.json")

    quiet = run_pixdesk("trust", "update", str(quiet_root))
    loud = run_pixdesk("--verbose", "trust", "update", str(loud_root))

    assert quiet.returncode == loud.returncode == 0
    assert quiet.stderr == ""
    assert "INFO pixdesk.trust_store: trust root test-root updated to version 3" in loud.stderr.splitlines()
    log = (home / "logs" / "pixdesk.log").read_text()
    assert "pixdesk.trust_store: trust root test-root updated to version 2" in log
    assert "pixdesk.trust_store: trust root test-root updated to version 3" in log


# --- doctor -------------------------------------------------------------------------------------


def test_doctor_on_a_fresh_home(home: Path) -> None:
    done = run_pixdesk("doctor")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "all checks passed"
    checks = _checks(done.stdout)
    assert checks["data dir"] == ("ok", f"{home.resolve()} (environment PIXDESK_HOME)")
    assert checks["database"][0] == "ok"
    assert checks["database"][1].startswith(str(home.resolve() / "pixdesk.db"))
    assert checks["schema version"] == ("ok", str(MIGRATIONS[-1].version))
    assert checks["integrity"] == ("ok", "ok")
    assert checks["trust root"][0] == "ok"
    assert checks["trust root"][1].startswith("pixdesk version 1 ")
    assert checks["demo publisher"][0] == "WARN"
    assert "trust_demo_publisher = true" in checks["demo publisher"][1]
    assert checks["packs"] == ("ok", "no pack installed")
    assert (home / "pixdesk.db").is_file()
    assert (home / "logs" / "pixdesk.log").is_file()


def test_doctor_without_the_demo_publisher_has_no_warning(home: Path, tmp_path: Path) -> None:
    fx, _settings = make_trust(tmp_path / "roots", home, trust_demo=False)

    done = run_pixdesk("doctor")

    assert done.returncode == 0, done.stdout
    checks = _checks(done.stdout)
    assert "demo publisher" not in checks
    assert checks["trust root"] == (
        "ok",
        f"test-root version 1 (2 publisher key(s), 0 revoked) from {fx.root_path}",
    )


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database " * 200)


@pytest.mark.parametrize(
    ("damage", "failed_check", "fragment"),
    [(_garbage, "database", "not a usable SQLite database"), (damage_database_middle, "integrity", "")],
    ids=["garbage", "overwritten-middle"],
)
def test_doctor_reports_a_damaged_database(
    home: Path, damage: Callable[[Path], None], failed_check: str, fragment: str
) -> None:
    open_store(home / "pixdesk.db").close()  # a sound database first, as after any earlier run
    damage(home / "pixdesk.db")

    done = run_pixdesk("doctor")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    checks = _checks(done.stdout)
    status, detail = checks[failed_check]
    assert status == "FAIL"
    assert fragment in detail
    assert detail  # names the problem
    if failed_check == "database":
        assert str(home.resolve() / "pixdesk.db") in detail
    assert re.fullmatch(r"\d+ problem\(s\) found", done.stdout.splitlines()[-1])


def test_doctor_reports_a_broken_trust_root(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-root.json"
    broken.write_bytes(b"\x00garbage, not a trust root")
    (home / "config.toml").write_text(f"trusted_roots = [{json.dumps(str(broken))}]\n")

    done = run_pixdesk("doctor")

    assert done.returncode == 1, done.stdout + done.stderr
    checks = _checks(done.stdout)
    assert checks["database"][0] == "ok"
    status, detail = checks["trust root"]
    assert status == "FAIL"
    assert detail.startswith(f"{broken}: ")
    assert done.stdout.splitlines()[-1] == "1 problem(s) found"
