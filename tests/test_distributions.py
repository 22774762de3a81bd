import numpy as np
import pytest
from scipy import stats

from sktime_lstm.distributions import (
    draw,
    grid_samples,
    quantile_function,
    quantiles,
    variance,
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
        quantiles(normal, "normal", (), [0.05, 0.5]),
        [[1 + 2 * stats.norm.ppf(0.05), 1.0]],
    )
    t = np.array([[1.0, 2.0, 5.0]])
    np.testing.assert_allclose(
        quantiles(t, "student_t", (), [0.9]), [[1 + 2 * stats.t.ppf(0.9, 5)]]
    )


def test_quantile_outside_learnt_levels_raises():
    with pytest.raises(ValueError, match="outside the quantiles the model learnt"):
        quantiles(np.array([[0.0, 1.0, 2.0]]), "quantile", LEVELS, [0.05])


def test_variances():
    assert variance(np.array([3.0, 2.0]), "normal", ()) == 4.0
    assert variance(np.array([0.0, 2.0, 4.0]), "student_t", ()) == 8.0
    spread = variance(np.array([-1.0, 0.0, 1.0]), "quantile", LEVELS)
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
    first = draw(many, distribution, levels, np.random.default_rng(1))
    second = draw(many, distribution, levels, np.random.default_rng(1))
    np.testing.assert_array_equal(first, second)
    assert abs(np.median(first) - 2.0) < 0.05


def test_grid_samples_put_samples_first():
    samples = grid_samples(np.zeros((4, 3, 3)), LEVELS)
    assert samples.shape == (200, 4, 3)
