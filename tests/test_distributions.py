import numpy as np
import pytest
from scipy import stats

from sktime_lstm.distributions import (
    GRID_SIZE,
    Normal,
    Quantiles,
    StudentT,
    likelihood_for,
    quantile_function,
)

LEVELS = (0.1, 0.5, 0.9)


def test_quantile_function_interpolates_and_is_flat_beyond_the_levels():
    values = np.array([[0.0, 4.0, 12.0]])
    u = np.array([[0.05, 0.1, 0.3, 0.7, 0.95]])
    np.testing.assert_allclose(
        quantile_function(values, LEVELS, u), [[0.0, 0.0, 2.0, 8.0, 12.0]]
    )


def test_normal_and_t_quantiles_match_scipy():
    normal = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(
        Normal().quantiles(normal, [0.05, 0.5]),
        [[1 + 2 * stats.norm.ppf(0.05), 1.0]],
    )
    t = np.array([[1.0, 2.0, 5.0]])
    np.testing.assert_allclose(
        StudentT().quantiles(t, [0.9]), [[1 + 2 * stats.t.ppf(0.9, 5)]]
    )


def test_quantile_outside_learnt_levels_raises():
    with pytest.raises(ValueError, match="outside the quantiles the model learnt"):
        Quantiles(LEVELS).quantiles(np.array([[0.0, 1.0, 2.0]]), [0.05])


def test_variances():
    assert Normal().variance(np.array([3.0, 2.0])) == 4.0
    assert StudentT().variance(np.array([0.0, 2.0, 4.0])) == 8.0
    spread = Quantiles(LEVELS).variance(np.array([-1.0, 0.0, 1.0]))
    assert 0 < spread < 1  # flat tails beyond 0.1/0.9


@pytest.mark.parametrize(
    "params, distribution, levels",
    [
        (np.array([2.0, 0.5]), "normal", ()),
        (np.array([2.0, 0.5, 30.0]), "student_t", ()),
        (np.array([1.5, 2.0, 2.5]), "quantile", LEVELS),
    ],
)
def test_draws_are_reproducible_and_centred(params, distribution, levels):
    many = np.broadcast_to(params, (20_000, len(params)))
    likelihood = likelihood_for(distribution, levels)
    first = likelihood.draw(many, np.random.default_rng(1))
    second = likelihood.draw(many, np.random.default_rng(1))
    np.testing.assert_array_equal(first, second)
    assert abs(np.median(first) - 2.0) < 0.05


def test_grid_samples_put_samples_first():
    samples = Quantiles(LEVELS).grid(np.zeros((4, 3, 3)), GRID_SIZE)
    assert samples.shape == (200, 4, 3)
