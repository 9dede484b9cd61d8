"""Many real signed result bundles, fast: for sync benchmarks and fault tests. Layer: bench.

Every bundle comes from a real competence evaluation taken through AttemptService —
the same matching, choice of questions, signed events and outbox code as on a lab
machine — so the server's re-scoring replays each one for real. Learners answer from a
seeded generator (right with probability ``right_share``). Put the machine's home on a
RAM disk (``/dev/shm``) when you need thousands: the answers are committed with
``synchronous=FULL``, which is what makes a real disk slow, not the work itself.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from pixdesk.bench.demo_sized_pack import response_for
from pixdesk.config import Settings
from pixdesk.services.attempts import AttemptError, AttemptService

__all__ = ["fill_outbox"]


def fill_outbox(
    settings: Settings,
    pack_id: str,
    count: int,
    seed: int = 2026,
    right_share: float = 0.7,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Take evaluations until the machine's outbox holds ``count`` more bundles; returns how many.

    Learners ``bench-0000``, ``bench-0001``… each evaluate the pack's competences in
    order; a competence with nothing left to assess for a learner is skipped.
    """
    rng = random.Random(seed)
    service = AttemptService(settings)
    made = 0
    try:
        competences = [c.code for c in service.content(pack_id).framework.competences]
        learner_number = 0
        while made < count:
            learner = f"bench-{learner_number:04d}"
            service.ensure_learner(learner, f"Bench learner {learner_number}")
            learner_number += 1
            for competence in competences:
                if made >= count:
                    break
                try:
                    step = service.start_competence(learner, pack_id, competence, "en")
                except AttemptError:
                    continue  # nothing to assess in this competence for this learner
                while not step.finished:
                    assert step.challenge is not None and step.body is not None
                    response = response_for(step.challenge, step.body, rng.random() < right_share)
                    step = service.answer(step.attempt_id, step.challenge.id, response)
                made += 1
                if progress is not None:
                    progress(made)
            if learner_number > count + 10:  # a pack with nothing to assess at all
                break
    finally:
        service.close()
    return made
