"""Settings: every option declared once, typed, with a default and where it came from.

Layer: core (reads TOML files and the environment; no SQLite).

Precedence, lowest first: the declared default, the machine-wide file (IT staff;
``PIXDESK_CONFIG`` or the platform's site config dir), the user file (``config.toml``
in ``PIXDESK_HOME`` or the platform's user config dir). The machine file may list
``locked = [...]`` keys that a user file must not change. ``PIXDESK_HOME``, when set,
holds everything: database, packs, keys, logs and the user config.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from pixdesk.errors import ConfigError

__all__ = ["OPTIONS", "RESOURCES_DIR", "Option", "Settings", "load_settings"]

APP = "pixdesk"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class Option:
    """One setting: its TOML key, type, default and meaning."""

    key: str
    kind: str  # "str" | "bool" | "int" | "path" | "paths"
    default: Any
    help: str
    choices: tuple[str, ...] = ()

    @property
    def expected(self) -> str:
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return {
            "str": "a string",
            "bool": "true or false",
            "int": "a whole number, 0 or more",
            "path": "a path (string)",
            "paths": "a list of paths (strings)",
        }[self.kind]


OPTIONS: dict[str, Option] = {
    option.key: option
    for option in (
        Option("data_dir", "path", None, "Folder of the database, packs, keys and logs."),
        Option("server_url", "str", "", "Certification server URL; empty: sync not configured."),
        Option("centre_id", "str", "", "Certification centre this machine belongs to."),
        Option(
            "trusted_roots",
            "paths",
            [],
            "Trust root files in force; empty: the PixDesk root shipped in resources/trust.",
        ),
        Option(
            "trust_demo_publisher",
            "bool",
            True,
            "Trust the bundled demo publisher key. Production machines set false and lock it.",
        ),
        Option(
            "sync_interval_seconds",
            "int",
            300,
            "Seconds between automatic sync rounds of the desktop app when enrolled; 0: only on demand.",
        ),
        Option("language", "str", "fr", "Language of the interface and content.", ("fr", "en")),
        Option(
            "log_level",
            "str",
            "info",
            "Level of the log file.",
            ("debug", "info", "warning", "error"),
        ),
    )
}


@dataclass(frozen=True)
class Settings:
    """The effective settings, each with the place its value came from."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    locked: frozenset[str]
    data_dir: Path
    machine_config: Path
    user_config: Path
    notes: tuple[str, ...] = field(default=())

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def db_path(self) -> Path:
        return self.data_dir / "pixdesk.db"

    @property
    def packs_dir(self) -> Path:
        return self.data_dir / "packs"

    @property
    def trust_dir(self) -> Path:
        return self.data_dir / "trust"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def root_files(self) -> list[Path]:
        roots: list[Path] = list(self.values["trusted_roots"])
        return roots or [RESOURCES_DIR / "trust" / "pixdesk-root.json"]

    @property
    def demo_publishers_file(self) -> Path:
        return RESOURCES_DIR / "trust" / "demo-publishers.json"


def _coerce(option: Option, value: Any, origin: Path) -> Any:
    where = f"{origin}: key {option.key!r}"
    bad = ConfigError("config.bad_type", f"expected {option.expected}, got {value!r}", where)
    if option.kind == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if option.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad
        return value
    if option.kind == "str":
        if not isinstance(value, str) or (option.choices and value not in option.choices):
            raise bad
        return value
    if option.kind == "path":
        if not isinstance(value, str) or not value:
            raise bad
        return (origin.parent / Path(value).expanduser()).resolve()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise bad
    return [(origin.parent / Path(v).expanduser()).resolve() for v in value]


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at the top: most machines have no config file to parse

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config.syntax", f"invalid TOML: {exc}", str(path)) from None
    except OSError as exc:
        raise ConfigError("config.unreadable", f"cannot read: {exc.strerror}", str(path)) from None


def _check_keys(data: dict[str, Any], path: Path, allow_locked: bool) -> None:
    for key in data:
        if key == "locked" and allow_locked:
            continue
        if key == "locked":
            raise ConfigError(
                "config.locked_in_user", "only the machine-wide file may lock keys", f"{path}: key 'locked'"
            )
        if key not in OPTIONS:
            known = ", ".join(sorted(OPTIONS))
            raise ConfigError(
                "config.unknown_key", f"unknown key (known keys: {known})", f"{path}: key {key!r}"
            )


def machine_config_path(env: Mapping[str, str]) -> Path:
    """Where the machine-wide file is read from."""
    if env.get("PIXDESK_CONFIG"):
        return Path(env["PIXDESK_CONFIG"]).expanduser()
    on_linux = sys.platform.startswith("linux")  # a variable: the same code type-checks on every OS
    if on_linux:
        return Path("/etc/pixdesk/pixdesk.toml")  # fixed: not moved by a session's XDG_CONFIG_DIRS
    return platformdirs.site_config_path(APP) / "pixdesk.toml"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Resolve the effective settings from defaults, files and the environment.

    Raises:
        ConfigError: a file is unreadable or invalid, a key unknown, a value of the
            wrong type, or a user file changes a locked key.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {key: option.default for key, option in OPTIONS.items()}
    sources: dict[str, str] = {key: "default" for key in OPTIONS}
    locked: set[str] = set()

    machine = machine_config_path(env)
    if env.get("PIXDESK_CONFIG") and not machine.is_file():
        raise ConfigError("config.missing", "PIXDESK_CONFIG names a file that does not exist", str(machine))
    if machine.is_file():
        data = _read_toml(machine)
        _check_keys(data, machine, allow_locked=True)
        lock_list = data.pop("locked", [])
        if not isinstance(lock_list, list) or any(
            not isinstance(k, str) or k not in OPTIONS for k in lock_list
        ):
            raise ConfigError("config.bad_type", "expected a list of known keys", f"{machine}: key 'locked'")
        locked.update(lock_list)
        for key, value in data.items():
            values[key] = _coerce(OPTIONS[key], value, machine)
            sources[key] = f"machine config {machine}"

    home = env.get("PIXDESK_HOME")
    user = (
        Path(home).expanduser() / "config.toml"
        if home
        else platformdirs.user_config_path(APP) / "config.toml"
    )
    if user.is_file():
        data = _read_toml(user)
        _check_keys(data, user, allow_locked=False)
        for key, value in data.items():
            if key in locked:
                raise ConfigError(
                    "config.locked",
                    f"this key is locked by the machine config {machine}",
                    f"{user}: key {key!r}",
                )
            values[key] = _coerce(OPTIONS[key], value, user)
            sources[key] = f"user config {user}"

    if home:
        data_dir = Path(home).expanduser().resolve()
        values["data_dir"] = data_dir
        sources["data_dir"] = "environment PIXDESK_HOME"
    elif values["data_dir"] is not None:
        data_dir = values["data_dir"]
    else:
        data_dir = platformdirs.user_data_path(APP)
        values["data_dir"] = data_dir
        sources["data_dir"] = "platform default"
    return Settings(
        values=values,
        sources=sources,
        locked=frozenset(locked),
        data_dir=data_dir,
        machine_config=machine,
        user_config=user,
    )
