"""2PL probability and information, likelihood tables and EAP on a grid, against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pixdesk.domain.flash import FlashSettings, ItemBank, estimate
from pixdesk.domain.irt import (
    Grid,
    Prior,
    information,
    likelihood_tables,
    log_prior,
    posterior_moments,
    probability,
)

SIGMA_1 = 1 / (1 + math.exp(-1))  # σ(1) = 0.7310585786


def tiny_bank() -> ItemBank:
    """Item 0: a = 1, b = 0. Item 1: a = 2, b = 0.5. Different tubes and competences."""
    return ItemBank(
        np.array([1.0, 2.0]), np.array([0.0, 0.5]), np.array([0, 1]), np.array([0, 1]), np.array([True, True])
    )


def test_probability_is_the_2pl_logistic() -> None:
    assert probability(0.0, 1.0, 0.0) == pytest.approx(0.5)
    assert probability(1.0, 2.0, 0.5) == pytest.approx(SIGMA_1)  # a (θ - b) = 2 x 0.5 = 1
    assert probability(-1.0, 2.0, -0.5) == pytest.approx(1 - SIGMA_1)


def test_probability_broadcasts_examinees_against_items() -> None:
    p = probability(np.array([[0.0], [1.0]]), np.array([1.0, 2.0]), np.array([0.0, 0.5]))
    assert p.shape == (2, 2)
    assert p[1, 1] == pytest.approx(SIGMA_1)


def test_information_is_a_squared_p_q() -> None:
    assert information(0.0, 1.0, 0.0) == pytest.approx(0.25)
    assert information(1.0, 2.0, 0.5) == pytest.approx(4 * SIGMA_1 * (1 - SIGMA_1))  # 0.786448
    assert information(0.5, 2.0, 0.5) == pytest.approx(1.0)  # peak a² / 4 at θ = b


def test_likelihood_tables_hold_log_p_and_log_q_and_stay_finite() -> None:
    a, b = np.array([1.0, 50.0]), np.array([0.0, 0.0])
    tables = likelihood_tables(a, b, Grid(-9.0, 9.0, 3))
    expected = [1 / (1 + math.exp(9)), 0.5, 1 / (1 + math.exp(-9))]  # σ(-9), σ(0), σ(9)
    assert tables.log_right[0] == pytest.approx(np.log(expected))
    assert tables.log_wrong[0] == pytest.approx(np.log(expected[::-1]))
    assert np.all(np.isfinite(tables.log_right)) and np.all(np.isfinite(tables.log_wrong))
    assert tables.log_wrong[1, 0] == pytest.approx(0.0, abs=1e-12)  # far below b: a wrong answer is sure
    assert not tables.log_right.flags.writeable


def test_eap_with_normal_prior_on_a_three_point_grid() -> None:
    # Grid -1, 0, 1; prior N(0, 1): weights e^-0.5, 1, e^-0.5; item a=1, b=0 answered right:
    # likelihood σ(-1), 0.5, σ(1) -> posterior ∝ 0.163121, 0.5, 0.443409 (sum 1.106531)
    # mean = (0.443409 - 0.163121) / 1.106531 = 0.253304; E[θ²] = 0.548137; sd = 0.695683.
    settings = FlashSettings(grid=Grid(-1.0, 1.0, 3), prior=Prior(sd=1.0))
    result = estimate(tiny_bank(), [0], [True], settings)
    assert result.theta == pytest.approx(0.2533036, abs=1e-6)
    assert result.se == pytest.approx(0.6956828, abs=1e-6)


def test_eap_with_flat_prior_and_two_answers() -> None:
    # Flat prior; item 0 right, item 1 wrong: σ(g)·(1 - σ(2(g - 0.5))) at g = -1, 0, 1
    # = 0.256187, 0.365529, 0.196612 -> mean = (0.196612 - 0.256187) / 0.818328 = -0.072801.
    settings = FlashSettings(grid=Grid(-1.0, 1.0, 3), prior=Prior(sd=None))
    result = estimate(tiny_bank(), [0, 1], [True, False], settings)
    assert result.theta == pytest.approx(-0.0728005, abs=1e-6)


def test_no_answer_gives_the_prior() -> None:
    settings = FlashSettings(prior=Prior(mean=0.0, sd=1.0))
    result = estimate(tiny_bank(), [], [], settings)
    assert result.theta == pytest.approx(0.0)
    assert result.se == pytest.approx(1.0)


def test_posterior_moments_are_vectorised_over_examinees() -> None:
    grid = Grid(-1.0, 1.0, 3).values()
    log_post = np.log(np.array([[1.0, 1.0, 1.0], [0.0 + 1e-300, 0.0 + 1e-300, 1.0]]))
    mean, sd = posterior_moments(log_post, grid)
    assert mean == pytest.approx([0.0, 1.0])
    assert sd == pytest.approx([math.sqrt(2 / 3), 0.0], abs=1e-9)


def test_posterior_moments_survive_very_negative_log_densities() -> None:
    grid = Grid(-1.0, 1.0, 3).values()
    mean, _sd = posterior_moments(np.array([-5000.0, -5001.0, -5000.0]), grid)
    assert math.isfinite(float(mean))
    assert float(mean) == pytest.approx(0.0)


def test_recentred_prior_follows_the_given_centres() -> None:
    grid = Grid(-2.0, 2.0, 5).values()
    prior = Prior(sd=1.0, recentred=True)
    rows = log_prior(prior, grid, centre=np.array([0.0, 1.0]))
    assert rows.shape == (2, 5)
    assert int(np.argmax(rows[0])) == 2 and int(np.argmax(rows[1])) == 3


def test_max_move_caps_one_answer() -> None:
    settings = FlashSettings(start=0.0, prior=Prior(sd=None, max_move=0.1))
    result = estimate(tiny_bank(), [1], [True], settings)
    assert result.theta == pytest.approx(0.1)


def test_invalid_grid_and_prior_are_refused() -> None:
    with pytest.raises(ValueError):
        Grid(1.0, -1.0, 10)
    with pytest.raises(ValueError):
        Prior(sd=0.0)
    with pytest.raises(ValueError):
        Prior(max_move=-1.0)
