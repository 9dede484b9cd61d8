"""Typed identifiers. Layer: domain."""

from __future__ import annotations

from typing import NewType

__all__ = ["AttemptId", "ChallengeId", "CompetenceCode", "LearnerId", "SkillId", "TubeId"]

ChallengeId = NewType("ChallengeId", str)
SkillId = NewType("SkillId", str)  # "@<tube><level>", e.g. "@passwords3"
TubeId = NewType("TubeId", str)
CompetenceCode = NewType("CompetenceCode", str)  # "1.1" … "5.2"
AttemptId = NewType("AttemptId", str)
LearnerId = NewType("LearnerId", str)
