"""``pixdesk app | doctor | config show | keys new``. Layer: entry point."""

from __future__ import annotations

import argparse
from pathlib import Path

from pixdesk.cli.context import settings_for

__all__ = ["app", "config_show", "doctor", "keys_new"]


def app(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    from ui.app import run_app

    return run_app(settings, packs_window=args.packs)


def doctor(args: argparse.Namespace) -> int:
    from pixdesk.services.doctor import run_doctor

    settings = settings_for(args)
    checks = run_doctor(settings)
    width = max(len(c.name) for c in checks)
    for check in checks:
        mark = {"ok": "ok  ", "warning": "WARN", "error": "FAIL"}[check.status]
        print(f"[{mark}] {check.name:<{width}}  {check.detail}")
    failed = [c for c in checks if c.status == "error"]
    print(f"{len(failed)} problem(s) found" if failed else "all checks passed")
    return 1 if failed else 0


def config_show(args: argparse.Namespace) -> int:
    from pixdesk.config import OPTIONS

    settings = settings_for(args)
    print(
        f"machine config: {settings.machine_config}{'' if settings.machine_config.is_file() else ' (absent)'}"
    )
    print(f"user config:    {settings.user_config}{'' if settings.user_config.is_file() else ' (absent)'}")
    for key in OPTIONS:
        value = settings[key]
        if isinstance(value, list):
            text = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value) if value not in (None, "") else "(not set)"
        lock = " [locked]" if key in settings.locked else ""
        print(f"{key} = {text}    # {settings.sources[key]}{lock}")
    return 0


def keys_new(args: argparse.Namespace) -> int:
    import logging

    from pixdesk.signing import generate_key, save_private_key

    settings_for(args)  # logging into the data dir, as for every command
    out: Path = args.out
    key = generate_key()
    save_private_key(key, out)
    logging.getLogger("pixdesk.cli").info("new key %s written to %s", key.key_id, out)
    print(f"wrote {out} (mode 0600)")
    print(f"key id:     {key.key_id}")
    print(f"public key: {key.public.b64}")
    return 0
