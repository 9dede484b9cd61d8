"""Settings: defaults, machine and user files, locks, type errors, and ``pixdesk config show``."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import pytest

from pixdesk.config import OPTIONS, RESOURCES_DIR, load_settings
from pixdesk.errors import ConfigError


@dataclass
class Files:
    machine: Path
    home: Path

    @property
    def user(self) -> Path:
        return self.home / "config.toml"

    def env(self, home: bool = True) -> dict[str, str]:
        env = {"PIXDESK_CONFIG": str(self.machine)}
        if home:
            env["PIXDESK_HOME"] = str(self.home)
        return env

    def write(self, which: str, text: str) -> Path:
        path = self.machine if which == "machine" else self.user
        path.write_text(text)
        return path


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Files:
    """An empty machine file and an empty home; the platform's own folders point into tmp_path."""
    etc = tmp_path / "etc"
    etc.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    machine = etc / "pixdesk.toml"
    machine.write_text("")
    monkeypatch.setattr(platformdirs, "user_config_path", lambda app: tmp_path / "user-config")
    monkeypatch.setattr(platformdirs, "user_data_path", lambda app: tmp_path / "user-data")
    return Files(machine, home)


def test_defaults_when_no_file_sets_anything(files: Files) -> None:
    settings = load_settings(files.env())

    for key, option in OPTIONS.items():
        if key == "data_dir":
            continue
        assert settings[key] == option.default, key
        assert settings.sources[key] == "default", key
    assert settings.locked == frozenset()
    assert settings.root_files == [RESOURCES_DIR / "trust" / "pixdesk-root.json"]


def test_without_pixdesk_home_data_dir_is_the_platform_default(files: Files, tmp_path: Path) -> None:
    settings = load_settings(files.env(home=False))

    assert settings.data_dir == tmp_path / "user-data"
    assert settings.sources["data_dir"] == "platform default"
    assert settings.user_config == tmp_path / "user-config" / "config.toml"


def test_machine_file_values_name_the_file_as_source(files: Files) -> None:
    files.write(
        "machine",
        'server_url = "https://cert.example.org"\ncentre_id = "C-42"\nlanguage = "en"\n'
        "trust_demo_publisher = false\n",
    )

    settings = load_settings(files.env())

    assert settings["server_url"] == "https://cert.example.org"
    assert settings["centre_id"] == "C-42"
    assert settings["language"] == "en"
    assert settings["trust_demo_publisher"] is False
    for key in ("server_url", "centre_id", "language", "trust_demo_publisher"):
        assert settings.sources[key] == f"machine config {files.machine}"
    assert settings.sources["log_level"] == "default"


def test_user_file_overrides_an_unlocked_key(files: Files) -> None:
    files.write("machine", 'language = "en"\nlog_level = "warning"\nlocked = ["log_level"]\n')
    files.write("user", 'language = "fr"\n')

    settings = load_settings(files.env())

    assert settings["language"] == "fr"
    assert settings.sources["language"] == f"user config {files.user}"
    assert settings["log_level"] == "warning"
    assert settings.sources["log_level"] == f"machine config {files.machine}"
    assert settings.locked == frozenset({"log_level"})


@pytest.mark.parametrize("value", ['"en"', '"fr"'])  # even the same value: the key is not the user's to set
def test_user_file_may_not_set_a_locked_key(files: Files, value: str) -> None:
    files.write("machine", 'language = "fr"\nlocked = ["language"]\n')
    files.write("user", f"language = {value}\n")

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.locked"
    text = str(info.value)
    assert str(files.user) in text
    assert "'language'" in text
    assert "locked" in text


def test_locked_is_refused_in_a_user_file(files: Files) -> None:
    files.write("user", 'locked = ["language"]\n')

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.locked_in_user"
    assert str(files.user) in str(info.value)
    assert "'locked'" in str(info.value)


@pytest.mark.parametrize("value", ['"language"', '["nope"]', "[1]", '[["language"]]', "{ a = 1 }"])
def test_bad_locked_list_in_machine_file(files: Files, value: str) -> None:
    files.write("machine", f"locked = {value}\n")

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.bad_type"
    assert str(files.machine) in str(info.value)
    assert "'locked'" in str(info.value)


@pytest.mark.parametrize("which", ["machine", "user"])
def test_unknown_key_is_named_with_the_known_keys(files: Files, which: str) -> None:
    path = files.write(which, 'sever_url = "https://typo.example.org"\n')

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.unknown_key"
    text = str(info.value)
    assert str(path) in text
    assert "'sever_url'" in text
    for key in OPTIONS:
        assert key in text


BAD_VALUES = [
    ("trust_demo_publisher", '"false"', "true or false"),
    ("trust_demo_publisher", "1", "true or false"),
    ("language", '"de"', "one of 'fr', 'en'"),
    ("language", "true", "one of 'fr', 'en'"),
    ("log_level", '"verbose"', "one of 'debug', 'info', 'warning', 'error'"),
    ("server_url", "5", "a string"),
    ("centre_id", "true", "a string"),
    ("data_dir", "3", "a path (string)"),
    ("data_dir", '""', "a path (string)"),
    ("data_dir", '["a"]', "a path (string)"),
    ("trusted_roots", '"root.json"', "a list of paths (strings)"),
    ("trusted_roots", "[1]", "a list of paths (strings)"),
    ("trusted_roots", '[""]', "a list of paths (strings)"),
]


@pytest.mark.parametrize("which", ["machine", "user"])
@pytest.mark.parametrize(("key", "value", "expected"), BAD_VALUES)
def test_bad_type_names_file_key_and_expected_type(
    files: Files, which: str, key: str, value: str, expected: str
) -> None:
    path = files.write(which, f"{key} = {value}\n")

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.bad_type"
    text = str(info.value)
    assert str(path) in text
    assert repr(key) in text
    assert f"expected {expected}" in text


@pytest.mark.parametrize("which", ["machine", "user"])
@pytest.mark.parametrize("text", ["language = ", 'language = "en"\nlanguage = "fr"\n', "[section\n"])
def test_invalid_toml_names_the_file(files: Files, which: str, text: str) -> None:
    path = files.write(which, text)

    with pytest.raises(ConfigError) as info:
        load_settings(files.env())

    assert info.value.code == "config.syntax"
    assert str(info.value).startswith(f"{path}: invalid TOML")


def test_pixdesk_config_naming_a_missing_file_is_an_error(files: Files, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "pixdesk.toml"

    with pytest.raises(ConfigError) as info:
        load_settings({"PIXDESK_CONFIG": str(missing), "PIXDESK_HOME": str(files.home)})

    assert info.value.code == "config.missing"
    assert str(missing) in str(info.value)


def test_relative_paths_resolve_against_the_folder_of_their_file(
    files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "userhome"))
    files.write("machine", 'data_dir = "data"\ntrusted_roots = ["roots/a.json", "/abs/b.json", "~/c.json"]\n')

    settings = load_settings(files.env(home=False))

    etc = files.machine.parent
    assert settings.data_dir == etc / "data"
    assert settings.sources["data_dir"] == f"machine config {files.machine}"
    assert settings["trusted_roots"] == [
        etc / "roots" / "a.json",
        Path("/abs/b.json"),
        tmp_path / "userhome" / "c.json",
    ]
    assert settings.root_files == settings["trusted_roots"]


def test_relative_paths_in_the_user_file_resolve_against_home(files: Files) -> None:
    files.write("user", 'trusted_roots = ["../roots/r.json"]\n')

    settings = load_settings(files.env())

    assert settings["trusted_roots"] == [files.home.parent / "roots" / "r.json"]


def test_pixdesk_home_wins_for_data_dir_and_holds_the_user_config(files: Files, tmp_path: Path) -> None:
    files.write("machine", f'data_dir = "{tmp_path / "elsewhere"}"\n')
    files.write("user", f'data_dir = "{tmp_path / "other"}"\ncentre_id = "from-home"\n')

    settings = load_settings(files.env())

    home = files.home.resolve()
    assert settings.data_dir == home
    assert settings["data_dir"] == home
    assert settings.sources["data_dir"] == "environment PIXDESK_HOME"
    assert settings.user_config == files.home / "config.toml"
    assert settings["centre_id"] == "from-home"
    assert settings.db_path == home / "pixdesk.db"
    assert settings.packs_dir == home / "packs"
    assert settings.trust_dir == home / "trust"
    assert settings.keys_dir == home / "keys"
    assert settings.logs_dir == home / "logs"


# --- pixdesk config show ---------------------------------------------------------------------


def _config_show(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", "config", "show"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_config_show_prints_every_key_with_value_and_source(files: Files) -> None:
    files.write("machine", 'language = "en"\ntrust_demo_publisher = false\nlocked = ["language"]\n')
    files.write("user", 'server_url = "https://cert.example.org"\n')

    done = _config_show(files.env())

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"machine config: {files.machine}"
    assert lines[1] == f"user config:    {files.user}"
    by_key = {line.split(" = ", 1)[0]: line for line in lines[2:]}
    assert list(by_key) == list(OPTIONS)
    machine, user = f"machine config {files.machine}", f"user config {files.user}"
    assert by_key["data_dir"] == f"data_dir = {files.home.resolve()}    # environment PIXDESK_HOME"
    assert by_key["server_url"] == f"server_url = https://cert.example.org    # {user}"
    assert by_key["centre_id"] == "centre_id = (not set)    # default"
    assert by_key["trusted_roots"] == "trusted_roots = []    # default"
    assert by_key["trust_demo_publisher"] == f"trust_demo_publisher = false    # {machine}"
    assert by_key["language"] == f"language = en    # {machine} [locked]"
    assert by_key["log_level"] == "log_level = info    # default"
    assert [key for key, line in by_key.items() if "[locked]" in line] == ["language"]


def test_config_show_marks_absent_files(files: Files) -> None:
    done = _config_show(files.env())

    assert done.returncode == 0, done.stderr
    assert f"user config:    {files.user} (absent)" in done.stdout.splitlines()


@pytest.mark.parametrize(
    ("which", "text", "fragment"),
    [
        ("user", 'colour = "blue"\n', "unknown key"),
        ("user", "trust_demo_publisher = true\n", "locked"),
        ("machine", 'language = "de"\n', "expected one of"),
        ("machine", "language = \n", "invalid TOML"),
    ],
)
def test_config_show_exits_2_with_one_error_line_on_a_bad_config(
    files: Files, which: str, text: str, fragment: str
) -> None:
    files.write("machine", "trust_demo_publisher = false\nlocked = ['trust_demo_publisher']\n")
    path = files.write(which, text)

    done = _config_show(files.env())

    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"pixdesk: error: {path}: ")
    assert fragment in lines[0]


def test_config_show_exits_2_when_pixdesk_config_is_missing(files: Files, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"

    done = _config_show({"PIXDESK_CONFIG": str(missing), "PIXDESK_HOME": str(files.home)})

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"pixdesk: error: {missing}: PIXDESK_CONFIG names a file that does not exist"
    ]
