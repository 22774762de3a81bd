"""Predictive distributions from the network's parameters: quantiles, variance, draws.

``params`` has the distribution's parameters on its last axis, in the data's units:
``(mu, sigma)`` for "normal", ``(mu, sigma, df)`` for "student_t", or the values of
the learnt quantile ``levels`` for "quantile" (a piecewise-linear quantile function,
flat beyond the outer levels). NumPy and SciPy only.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

# quantile-function grid that stands in for a "quantile" forecast's distribution
GRID_SIZE = 200
GRID = (np.arange(GRID_SIZE) + 0.5) / GRID_SIZE


def quantile_function(
    values: np.ndarray, levels: tuple[float, ...], u: np.ndarray
) -> np.ndarray:
    """Interpolate learnt quantiles ``values (..., L)`` at probabilities ``u``.

    ``u`` broadcasts against ``values[..., 0]``; beyond the outer levels the
    function is flat.

    Examples
    --------
    >>> float(quantile_function(np.array([0.0, 10.0]), (0.1, 0.9), np.array(0.5)))
    5.0
    """
    levels_arr = np.asarray(levels)
    u = np.clip(u, levels_arr[0], levels_arr[-1])
    upper = np.clip(np.searchsorted(levels_arr, u), 1, len(levels_arr) - 1)
    low_level, high_level = levels_arr[upper - 1], levels_arr[upper]
    weight = (u - low_level) / (high_level - low_level)
    shape = np.broadcast_shapes(upper.shape, values.shape[:-1])
    values = np.broadcast_to(values, shape + values.shape[-1:])
    pick = np.broadcast_to(upper, shape)
    low = np.take_along_axis(values, (pick - 1)[..., None], axis=-1)[..., 0]
    high = np.take_along_axis(values, pick[..., None], axis=-1)[..., 0]
    return low + weight * (high - low)


def quantiles(
    params: np.ndarray, distribution: str, levels: tuple[float, ...], alpha: list
) -> np.ndarray:
    """Quantiles at each ``alpha``: shape ``params.shape[:-1] + (len(alpha),)``.

    Raises
    ------
    ValueError
        For a "quantile" forecast, an ``alpha`` outside the learnt levels.
    """
    out = []
    for a in alpha:
        if distribution == "normal":
            q = params[..., 0] + params[..., 1] * stats.norm.ppf(a)
        elif distribution == "student_t":
            q = params[..., 0] + params[..., 1] * stats.t.ppf(a, params[..., 2])
        else:
            check_levels(levels, [a])
            q = quantile_function(params, levels, np.full(params.shape[:-1], a))
        out.append(q)
    return np.stack(out, axis=-1)


def check_levels(levels: tuple[float, ...], alpha) -> None:
    """Reject quantile levels outside those a "quantile" forecast learnt.

    Its quantile function is flat beyond the outer levels, so such a quantile,
    whether computed or estimated from draws, would carry the outer level's value.

    Raises
    ------
    ValueError
        For an ``alpha`` below the first or above the last learnt level.
    """
    for a in alpha:
        # a tolerance for rounding: 1 - 0.8 is 0.0999...98, float32(0.1) 0.1000000015
        if not levels[0] - 1e-7 <= a <= levels[-1] + 1e-7:
            raise ValueError(
                f"alpha={a} lies outside the quantiles the model learnt "
                f"({levels[0]} to {levels[-1]}); refit with quantiles covering it."
            )


def variance(
    params: np.ndarray, distribution: str, levels: tuple[float, ...]
) -> np.ndarray:
    """Variance of each forecast: ``params.shape[:-1]``."""
    if distribution == "normal":
        return params[..., 1] ** 2
    if distribution == "student_t":
        df = params[..., 2]
        return params[..., 1] ** 2 * df / (df - 2)
    return grid_samples(params, levels).var(axis=0)


def grid_samples(params: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """Evaluate the quantile function at 200 even probabilities (samples first)."""
    return grid_draws(params, "quantile", levels, GRID_SIZE)


def grid_draws(
    params: np.ndarray, distribution: str, levels: tuple[float, ...], n: int
) -> np.ndarray:
    """Evaluate the quantile function at ``n`` even probabilities ``(k + 0.5) / n``.

    A deterministic stand-in for ``n`` draws: shape ``(n,) + params.shape[:-1]``.
    """
    u = ((np.arange(n) + 0.5) / n).reshape((-1,) + (1,) * (params.ndim - 1))
    if distribution == "normal":
        return params[None, ..., 0] + params[None, ..., 1] * stats.norm.ppf(u)
    if distribution == "student_t":
        t = stats.t.ppf(u, params[None, ..., 2])
        return params[None, ..., 0] + params[None, ..., 1] * t
    return quantile_function(params[None], levels, u)


def draw(
    params: np.ndarray,
    distribution: str,
    levels: tuple[float, ...],
    rng: np.random.Generator,
) -> np.ndarray:
    """One random draw per forecast: ``params.shape[:-1]``."""
    shape = params.shape[:-1]
    if distribution == "normal":
        return params[..., 0] + params[..., 1] * rng.standard_normal(shape)
    if distribution == "student_t":
        return params[..., 0] + params[..., 1] * rng.standard_t(params[..., 2])
    return quantile_function(params, levels, rng.uniform(size=shape))
