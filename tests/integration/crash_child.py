"""Child process of the crash test: takes tests forever, reporting each recorded answer.

Usage: python crash_child.py SEED. PIXDESK_HOME names the machine. After every answer
the service has returned for (so the UI would have shown it as recorded) it prints
``ANSWERED <attempt> <position> <challenge> <next or ->`` and flushes.
"""

from __future__ import annotations

import random
import sys

from pixdesk.config import load_settings
from pixdesk.services.attempts import AttemptError, AttemptService


def _wrong(spec, accepted) -> str:  # type: ignore[no-untyped-def]
    """A wrong value the input accepts: another option of a drop-down, else nonsense text."""
    if spec.input == "select":
        return next(option for option in spec.options if option not in accepted)
    return "zzz"


def response_for(step, rng: random.Random):  # type: ignore[no-untyped-def]
    challenge, body = step.challenge, step.body
    if rng.random() < 0.15:
        return None
    right = rng.random() < 0.6
    if challenge.format == "qcu":
        return body.solutions[0] if right else (body.solutions[0] % len(body.proposals)) + 1
    if challenge.format == "qcm":
        return frozenset(body.solutions) if right else frozenset({1})
    specs = {spec.name: spec for spec in body.inputs}
    if challenge.format in ("qroc", "qrocm-ind"):
        values = {name: (v[0] if right else _wrong(specs[name], v)) for name, v in body.solutions.items()}
        return values if challenge.format == "qrocm-ind" else next(iter(values.values()))
    return {
        spec.name: (group[0] if right else _wrong(spec, group))
        for spec, group in zip(body.inputs, body.solutions, strict=False)
    }


def main() -> None:
    rng = random.Random(int(sys.argv[1]))
    service = AttemptService(load_settings())
    competences = ["1.1", "1.3", "3.1", "4.1"]
    learner, exhausted = 0, set()
    while True:
        learner_id = f"learner-{learner}"
        service.ensure_learner(learner_id, f"Learner {learner}")
        running = service.in_progress(learner_id)
        if running:
            step = service.current_step(running[0]["id"])
        else:
            competence = rng.choice(competences)
            try:
                step = service.start_competence(learner_id, "demo", competence, "fr")
            except AttemptError as exc:
                if exc.code != "attempt.nothing_to_assess":
                    raise
                exhausted.add(competence)
                if exhausted == set(competences):  # this learner has done everything: next one
                    learner, exhausted = learner + 1, set()
                continue
        while not step.finished:
            challenge = step.challenge
            step = service.answer(step.attempt_id, challenge.id, response_for(step, rng))
            following = step.challenge.id if step.challenge else "-"
            print(f"ANSWERED {step.attempt_id} {step.answered} {challenge.id} {following}", flush=True)


if __name__ == "__main__":
    main()
