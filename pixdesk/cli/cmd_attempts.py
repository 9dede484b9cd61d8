"""``pixdesk attempt verify | list``. Layer: entry point."""

from __future__ import annotations

import argparse
import base64
import json

from pixdesk.cli.context import settings_for

__all__ = ["list_", "verify"]


def _pack_key(args: argparse.Namespace) -> bytes | None:
    if not getattr(args, "key", None):
        return None
    from pixdesk.errors import KeyFileError

    try:
        data = json.loads(args.key.read_text())
        return base64.b64decode(data["key"], validate=True)
    except (OSError, ValueError, KeyError) as exc:
        raise KeyFileError("key.malformed", f"not a pack key file: {exc}", str(args.key)) from None


def verify(args: argparse.Namespace) -> int:
    from pixdesk.services.attempts import AttemptService

    service = AttemptService(settings_for(args))
    try:
        report = service.verify(args.attempt_id, _pack_key(args))
    finally:
        service.close()
    print(f"attempt {report.attempt_id}: {report.events} events, {report.answers} answers replayed")
    if report.finished and report.replayed_result is not None:
        shown = {
            k: v
            for k, v in report.replayed_result.items()
            if k in ("answers", "correct", "competences", "pix")
        }
        print(f"result: {json.dumps(shown, ensure_ascii=False, sort_keys=True)}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print(
        "chain, signatures, decisions and result verified"
        if report.ok
        else f"{len(report.problems)} problem(s)"
    )
    return 0 if report.ok else 1


def list_(args: argparse.Namespace) -> int:
    from pixdesk.services.attempts import AttemptService

    service = AttemptService(settings_for(args))
    try:
        rows = service.list_attempts()
    finally:
        service.close()
    if not rows:
        print("no attempt on this machine")
    for row in rows:
        what = row["competence"] or row["kind"]
        print(
            f"{row['id']}  {row['started_at']}  {row['status']:<8} {row['kind']:<13} {what:<6}"
            f" {row['answers_count']:>3} answers  learner {row['learner_id']}"
        )
    return 0
