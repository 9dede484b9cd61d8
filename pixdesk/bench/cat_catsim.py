"""The catsim row of ``pixdesk bench cat --vs catsim``. Layer: bench.

Runs catsim (https://pypi.org/project/catsim/, optional ``bench`` extra) on the bench's
bank, examinees and answers: maximum-information selection (``MaxInfoSelector``), its
default estimator (``NumericalSearchEstimator``: maximum likelihood, bounded search,
Dodd's heuristic while all answers agree), start at θ = 0, fixed length. catsim draws
its own answers inside ``Simulator``, so its components are driven here one examinee at
a time with the bench's answer matrix instead; a step (``select`` + ``estimate``) is timed.

catsim is imported by name at run time (``importlib``), so that neither the desktop
bundle nor the type checker pulls it in.
"""

from __future__ import annotations

import contextlib
import importlib
import io
from importlib.metadata import PackageNotFoundError, version
from time import perf_counter
from typing import Any

import numpy as np

from pixdesk.bench.cat_conditions import LENGTH, Outcome, Population
from pixdesk.domain.irt import FloatArray

__all__ = ["catsim_outcome", "catsim_version"]


def catsim_version() -> str | None:
    """catsim's version, or ``None`` when it is not installed."""
    try:
        return version("catsim")
    except PackageNotFoundError:
        return None


def catsim_outcome(a: FloatArray, b: FloatArray, people: Population) -> Outcome:
    """Run catsim's max-information CAT on the bench work (raises ImportError without catsim)."""
    item_bank_module: Any = importlib.import_module("catsim.item_bank")
    selection: Any = importlib.import_module("catsim.selection")
    estimation: Any = importlib.import_module("catsim.estimation")
    items = np.column_stack([a, b, np.zeros_like(a), np.ones_like(a)])
    with contextlib.redirect_stdout(io.StringIO()):  # its validation prints an empty line
        item_bank = item_bank_module.ItemBank(items)
    selector = selection.MaxInfoSelector()
    estimator = estimation.NumericalSearchEstimator()
    estimates = np.zeros(people.size)
    lengths = np.zeros(people.size, dtype=np.int64)
    counts = np.zeros(len(a), dtype=np.int64)
    samples: list[float] = []
    for person in range(people.size):
        administered: list[int] = []
        responses: list[bool] = []
        theta = 0.0
        for _step in range(LENGTH):
            start = perf_counter()
            item = selector.select(item_bank=item_bank, administered_items=administered, est_theta=theta)
            if item is None:
                break
            response = bool(people.answers[person, int(item)])
            administered.append(int(item))
            responses.append(response)
            theta = float(
                estimator.estimate(
                    item_bank=item_bank,
                    administered_items=administered,
                    response_vector=responses,
                    est_theta=theta,
                )
            )
            samples.append(perf_counter() - start)
        estimates[person] = theta
        lengths[person] = len(administered)
        counts[administered] += 1
    return Outcome("catsim", "catsim max-info + ML", estimates, lengths, counts / people.size, samples)
