"""The desktop bundle: build.spec builds, and the built `pixdesk` runs on its own.

Builds the onedir bundle with PyInstaller into a temporary folder (about 20 s), after
building the demo pack when its builder exists, then runs the bundled executable with
a clean environment (no PYTHONPATH, no QT_* variables, a temporary PIXDESK_HOME, an empty
machine config) from a folder outside the repository, so that nothing can be found
through the source tree or the venv.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import pixdesk

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
DEMO_SOURCE = REPO / "content_packs" / "sources" / "demo"
DEMO_KEY = REPO / "content_packs" / "keys" / "demo-publisher.key"
PACKS_DIR = REPO / "build" / "packs"
APP_PACKAGES = ("pixdesk", "ui", "content_packs", "sync")
NOT_BUNDLED = ("sync.server", "sync.bench", "sync.bench_server", "tkinter", "pytest", "fastapi", "sqlalchemy")
UNUSED_QT_LIBS = ("libQt6Qml", "libQt6Quick", "libQt6WebEngine", "libQt6Pdf", "libQt6Designer")
MAX_BUNDLE_MB = 300  # ~175 MB today; far above means a heavy dependency slipped in


@dataclass(frozen=True)
class Bundle:
    folder: Path  # <dist>/pixdesk
    exe: Path  # <dist>/pixdesk/pixdesk
    data: Path  # <dist>/pixdesk/_internal (sys._MEIPASS)
    pyz: Path  # the archive of the bundled Python modules, in PyInstaller's work dir
    packs: tuple[str, ...]  # names of the .pixpack files build.spec had to bundle


def _run(
    cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    out, err = result.stdout[-4000:], result.stderr[-4000:]
    return f"exit {result.returncode}\n--- stdout\n{out}\n--- stderr\n{err}"


def _isolated_env(tmp: Path) -> dict[str, str]:
    """The caller's environment without anything pointing at Python or Qt, plus a fresh PixDesk home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "QT_", "PIXDESK_")) and key not in ("LD_LIBRARY_PATH", "VIRTUAL_ENV")
    }
    tmp.mkdir(parents=True, exist_ok=True)
    machine = tmp / "machine.toml"
    machine.write_text("")
    env["PIXDESK_HOME"] = str(tmp / "home")
    env["PIXDESK_CONFIG"] = str(machine)
    return env


def _build_demo_pack(tmp: Path) -> None:
    """`make packs`: the demo practice and certification packs, into build/packs."""
    DEMO_KEY.chmod(0o600)
    for name in ("demo", "demo-cert"):
        cmd = [sys.executable, "-m", "pixdesk", "pack", "build", str(DEMO_SOURCE.parent / name)]
        cmd += ["-o", str(PACKS_DIR / f"{name}.pixpack"), "--key", str(DEMO_KEY)]
        result = _run(cmd, _isolated_env(tmp), REPO)
        assert result.returncode == 0, f"building the {name} pack failed: " + _explain(result)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    tmp = tmp_path_factory.mktemp("bundle")
    _build_demo_pack(tmp / "packs-build")
    packs = tuple(sorted(p.name for p in PACKS_DIR.glob("*.pixpack")))
    dist, work = tmp / "dist", tmp / "work"
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), "build.spec"]
    started = time.monotonic()
    result = _run(cmd, dict(os.environ), REPO, timeout=900)
    assert result.returncode == 0, "pyinstaller build.spec failed: " + _explain(result)
    print(f"bundle built in {time.monotonic() - started:.1f} s")
    folder = dist / "pixdesk"
    (pyz,) = work.glob("*/PYZ-00.pyz")
    return Bundle(folder, folder / "pixdesk", folder / "_internal", pyz, packs)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return _isolated_env(tmp_path)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working directory with nothing in it: the bundle must not rely on the repository."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def _in_package(path: Path) -> bool:
    folder = path.parent
    while folder != REPO:
        if not (folder / "__init__.py").is_file():
            return False
        folder = folder.parent
    return True


def _app_modules() -> Iterator[str]:
    """Every module of the app's packages that the bundle must carry (commands import them lazily)."""
    for package in APP_PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if not _in_package(path):
                continue  # e.g. a script among the pack sources
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name.endswith("__main__") or name.startswith(("sync.server", "sync.bench")):
                continue
            yield name


def test_layout_modules_and_size(bundle: Bundle) -> None:
    from PyInstaller.archive.readers import ZlibArchiveReader

    assert bundle.exe.is_file() and os.access(bundle.exe, os.X_OK)
    assert (bundle.data / "resources" / "trust" / "pixdesk-root.json").is_file()
    assert (bundle.data / "resources" / "trust" / "demo-publishers.json").is_file()
    assert not list((bundle.data / "resources").rglob("*.ts")), "translation sources are not shipped"
    bundled_packs = tuple(sorted(p.name for p in (bundle.data / "packs").glob("*.pixpack")))
    assert bundled_packs == bundle.packs

    modules = set(ZlibArchiveReader(str(bundle.pyz)).toc)
    missing = sorted(set(_app_modules()) - modules)
    assert not missing, f"modules missing from the bundle (hidden imports): {missing}"
    stray = sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_BUNDLED))
    assert not stray, f"modules that must not be bundled: {stray}"

    files = [p for p in bundle.folder.rglob("*") if p.is_file() and not p.is_symlink()]
    heavy_qt = sorted(p.name for p in files if p.name.startswith(UNUSED_QT_LIBS))
    assert not heavy_qt, f"unused Qt libraries bundled: {heavy_qt}"
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    assert size_mb < MAX_BUNDLE_MB, f"bundle is {size_mb:.0f} MB"


def test_version(bundle: Bundle, env: dict[str, str], outside: Path) -> None:
    result = _run([str(bundle.exe), "--version"], env, outside)
    assert result.returncode == 0, _explain(result)
    assert result.stdout == f"pixdesk {pixdesk.__version__}\n"


def _doctor(bundle: Bundle, env: dict[str, str], cwd: Path) -> str:
    result = _run([str(bundle.exe), "doctor"], env, cwd)
    assert result.returncode == 0, _explain(result)
    assert "all checks passed" in result.stdout
    return result.stdout


def _import_bundled_packs(bundle: Bundle, env: dict[str, str], cwd: Path) -> list[tuple[str, str]]:
    """`pixdesk pack import <bundle>/_internal/packs`; the (pack id, version) of each installed pack."""
    result = _run([str(bundle.exe), "pack", "import", str(bundle.data / "packs")], env, cwd)
    assert result.returncode == 0, _explain(result)
    return re.findall(r"installed pack (\S+) version (\d+)", result.stdout)


def test_doctor_then_import_the_bundled_packs(bundle: Bundle, env: dict[str, str], outside: Path) -> None:
    report = _doctor(bundle, env, outside)
    trust_line = next(line for line in report.splitlines() if "trust root" in line)
    assert "pixdesk version 1" in trust_line
    # the trust root comes from the bundle's own resources/, not from the source tree
    assert f"from {bundle.data / 'resources' / 'trust' / 'pixdesk-root.json'}" in trust_line
    assert "no pack installed" in report

    assert bundle.packs == ("demo-cert.pixpack", "demo.pixpack")
    installed = _import_bundled_packs(bundle, env, outside)
    assert len(installed) == len(bundle.packs)
    report = _doctor(bundle, env, outside)
    for pack_id, version in installed:
        line = rf"\[ok  \] pack {re.escape(pack_id)} v{version}\s+\S.*, verified"
        assert re.search(line, report, re.MULTILINE), f"pack {pack_id} v{version} not verified:\n{report}"


def test_app_starts_offscreen(bundle: Bundle, env: dict[str, str], outside: Path, tmp_path: Path) -> None:
    """The window opens with the bundled Qt platform plugins and stays up until terminated."""
    _import_bundled_packs(bundle, env, outside)  # let the window list something
    log = tmp_path / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(bundle.exe), "app"],
            cwd=outside,
            env=env | {"QT_QPA_PLATFORM": "offscreen"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            exited = proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            exited = None  # still up: what we want
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert exited is None, f"pixdesk app exited early with {exited}:\n{log.read_text()}"
