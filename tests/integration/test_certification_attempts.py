"""Certification attempts on the shipped demo-cert pack: IRT selection, abort rules, replay."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust

from content_packs.builder import build_pack
from pixdesk.config import Settings
from pixdesk.domain.challenge import Format
from pixdesk.errors import PackError
from pixdesk.services.attempts import AttemptError, AttemptService, Step
from pixdesk.services.packs import PackService

SHIPPED_CERT = Path(__file__).resolve().parents[2] / "content_packs" / "sources" / "demo-cert"


@pytest.fixture
def room(tmp_path: Path, home: Path) -> Iterator[tuple[Settings, AttemptService, bytes]]:
    trust, settings = make_trust(tmp_path / "trust", home)
    out = tmp_path / "packs" / "demo-cert.pixpack"
    build_pack(SHIPPED_CERT, out, trust.certification)
    small = build_demo_packs(tmp_path / "small", trust.practice, trust.certification)
    service_packs = PackService(settings)
    assert service_packs.import_path(out)[0].outcome is not None
    assert service_packs.import_path(small["demo"])[0].outcome is not None
    key = base64.b64decode(json.loads(out.with_name("demo-cert.pixpack.key").read_text())["key"])
    service = AttemptService(settings)
    service.ensure_learner("cand", "Candidate")
    yield settings, service, key
    service.close()


def some_answer(step: Step, rng: random.Random) -> object:
    challenge, body = step.challenge, step.body
    assert challenge is not None and body is not None
    right = rng.random() < 0.6
    if challenge.format is Format.QCU:
        return body.solutions[0] if right else body.solutions[0] % len(body.proposals) + 1
    if challenge.format is Format.QCM:
        return frozenset(body.solutions) if right else frozenset({1})
    if challenge.format is Format.QROC:
        spec = body.inputs[0]
        return body.solutions[spec.name][0]
    if challenge.format is Format.QROCM_IND:
        return {spec.name: body.solutions[spec.name][0] for spec in body.inputs}
    return {
        spec.name: group[0] if right else "zzz"
        for spec, group in zip(body.inputs, body.solutions, strict=False)
    }


def take(service: AttemptService, step: Step, count: int | None = None, seed: int = 1) -> Step:
    rng = random.Random(seed)
    while not step.finished and (count is None or step.answered < count):
        step = service.answer(step.attempt_id, step.challenge.id, some_answer(step, rng))  # type: ignore[arg-type]
    return step


def test_a_full_certification_asks_32_items_under_the_content_rules_and_replays(room) -> None:
    _settings, service, key = room
    step = service.start_certification("cand", "demo-cert", "fr", key)
    assert step.total == 32 and step.checkpoint == ()
    asked = []
    rng = random.Random(7)
    while not step.finished:
        asked.append(step.challenge)
        assert step.checkpoint == (), "no correction checkpoint in certification"
        step = service.answer(step.attempt_id, step.challenge.id, some_answer(step, rng))
    assert len(asked) == 32
    assert len({c.tube_id for c in asked}) == 32, "at most one question per tube"
    for n in range(2, len(asked)):
        assert asked[n].competence not in {asked[n - 1].competence, asked[n - 2].competence}
    result = step.result
    assert result["provisional"] is True and result["status"] == "validated"
    assert 0 <= result["pix"] <= result["max_pix"] == 767
    assert result["global_level"] in {"pre_beginner", "beginner", "independent", "advanced", "expert"}
    report = service.verify(step.attempt_id, key)
    assert report.ok, report.problems
    assert report.replayed_result == result


def test_abort_rules(room) -> None:
    _settings, service, key = room
    early = take(service, service.start_certification("cand", "demo-cert", "en", key), count=10)
    technical = service.finish(early.attempt_id, "technical")
    assert technical.result["status"] == "cancelled" and technical.result["answers"] == 10

    early2 = take(service, service.start_certification("cand", "demo-cert", "en", key), count=10, seed=2)
    assert service.finish(early2.attempt_id, "candidate").result["status"] == "rejected"

    late = take(service, service.start_certification("cand", "demo-cert", "en", key), count=25, seed=3)
    aborted = service.finish(late.attempt_id, "candidate")
    assert aborted.result["status"] == "validated" and aborted.result["skipped"] == 7
    assert aborted.result["aborted"] == "candidate"
    assert service.verify(late.attempt_id, key).ok


def test_the_key_is_needed_and_checked_and_resume_needs_it_again(room) -> None:
    settings, service, key = room
    with pytest.raises(PackError) as wrong:
        service.start_certification("cand", "demo-cert", "en", bytes(32))
    assert wrong.value.code == "pack.wrong_key"
    with pytest.raises(AttemptError) as practice:
        service.start_certification("cand", "demo", "en", key)
    assert practice.value.code == "attempt.not_certification"

    step = take(service, service.start_certification("cand", "demo-cert", "en", key), count=3)
    current = step.challenge.id
    service.close()
    reopened = AttemptService(settings)
    try:
        with pytest.raises(PackError) as locked:
            reopened.current_step(step.attempt_id)
        assert locked.value.code == "pack.locked"
        reopened.unlock_pack("demo-cert", key)
        assert reopened.current_step(step.attempt_id).challenge.id == current
    finally:
        reopened.close()


def test_an_altered_installed_pack_is_refused_before_a_certification(room) -> None:
    settings, service, key = room
    [pack] = [p for p in PackService(settings).installed() if p.pack_id == "demo-cert"]
    content = pack.content_path
    content.chmod(0o644)
    data = bytearray(content.read_bytes())
    data[len(data) // 2] ^= 0x01
    content.write_bytes(bytes(data))
    with pytest.raises(PackError) as altered:
        service.start_certification("cand", "demo-cert", "en", key)
    assert altered.value.code == "pack.hash_mismatch"
