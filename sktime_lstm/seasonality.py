"""Estimate a panel's seasonal period from its autocorrelation (pure numpy).

``sp="auto"`` on the forecasters calls :func:`detect_period` on the training series
(``sp="auto-single"``, the default, on one series only).
One period is chosen for the whole panel, since one network is trained for all of
it: the lag at which the series' first differences correlate most, on average
over the series, if that correlation is both material and significant.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: the least mean autocorrelation that counts as a season
MIN_CORRELATION = 0.1
#: the least z-score of that mean (one-sided p of about 0.001 at each lag)
MIN_Z = 3.0
#: half the peak's lag is taken instead if its correlation is at least this share
HARMONIC_RATIO = 0.8


def mean_autocorrelation(
    series: Sequence[np.ndarray], max_lag: int
) -> tuple[np.ndarray, np.ndarray]:
    """Autocorrelation of first differences, averaged over series and columns.

    Parameters
    ----------
    series : sequence of arrays of shape (length,) or (length, n_columns)
        NaN marks a missing value; pairs with a missing side are left out.
    max_lag : int
        Largest lag computed.

    Returns
    -------
    correlation, z : arrays of shape (max_lag + 1,)
        At each lag ``k`` (index 0 unused, NaN): the mean of the per-series
        autocorrelations ``r_k`` weighted by their numbers of differences ``n``,
        and its z-score ``sum(n r_k) / sqrt(sum(n b))``, with Bartlett's variance
        factor ``b = 1 + 2 r_1^2`` for lags above 1 (``b = 1`` at lag 1): the
        differences of white noise are an MA(1) series (``r_1 = -0.5``), whose
        ``r_k`` is about ``N(0, b / n)``. The factor counts lag 1 only, so that a
        strong season (correlated at every lag) does not widen its own band.
        NaN where no series is long enough.

    Examples
    --------
    >>> t = np.arange(120)
    >>> correlation, z = mean_autocorrelation([np.sin(2 * np.pi * t / 12)], 12)
    >>> int(np.nanargmax(correlation))
    12
    """
    weighted = np.zeros(max_lag + 1)
    counts = np.zeros(max_lag + 1)
    variances = np.zeros(max_lag + 1)
    for values in series:
        values = np.asarray(values, dtype=float)
        for column in np.atleast_2d(values.T):  # (length,) or (length, columns)
            r, n = _autocorrelation(np.diff(column), max_lag)
            if n == 0:
                continue
            seen = ~np.isnan(r)
            bartlett = np.full(max_lag + 1, 1 + 2 * np.nan_to_num(r[1]) ** 2)
            bartlett[:2] = 1.0
            weighted[seen] += n * r[seen]
            counts[seen] += n
            variances[seen] += n * bartlett[seen]
    with np.errstate(invalid="ignore", divide="ignore"):
        correlation = np.where(counts > 0, weighted / counts, np.nan)
        z = np.where(counts > 0, weighted / np.sqrt(variances), np.nan)
    return correlation, z


def _autocorrelation(differences: np.ndarray, max_lag: int) -> tuple[np.ndarray, int]:
    """One column's autocorrelations at lags 0..max_lag (NaN: too short), and n."""
    r = np.full(max_lag + 1, np.nan)
    observed = ~np.isnan(differences)
    n = int(observed.sum())
    if n < 4:
        return r, 0
    centred = np.where(observed, differences - differences[observed].mean(), 0)
    variance = float(centred @ centred)
    if variance == 0:
        return r, 0
    # a lag needs at least two pairs beyond itself to say anything
    for lag in range(1, min(max_lag, len(differences) - 2) + 1):
        r[lag] = float(centred[lag:] @ centred[:-lag]) / variance
    return r, n


def detect_period(series: Sequence[np.ndarray], max_period: int) -> int | None:
    """Detect a panel's seasonal period; None if it shows no season.

    The lag in ``2..max_period`` with the highest mean autocorrelation of first
    differences (:func:`mean_autocorrelation`), if that is at least
    ``MIN_CORRELATION``, its z-score at least ``MIN_Z``, and above the lag-1
    correlation. Differencing first keeps trends from passing for seasons; the
    lag-1 condition keeps persistence (correlation falling from lag 1) from it.
    A stable season also correlates at twice its period, and in noise that can
    come out highest: half the peak's lag is taken instead where it passes the
    same conditions with at least ``HARMONIC_RATIO`` of the peak's correlation.

    On the training parts of the M3, M1 and tourism competitions' data this gives
    12 for every monthly and 4 for every quarterly panel (mean autocorrelations
    0.22 to 0.64), and None for M3's yearly panel (at most 0.003).

    Parameters
    ----------
    series : sequence of arrays of shape (length,) or (length, n_columns)
        The panel's series; NaN marks a missing value.
    max_period : int
        Largest period considered (the forecasters pass their ``window_length``).

    Returns
    -------
    int or None

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> t = np.arange(96)
    >>> monthly = [10 + t / 20 + np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.3, 96)]
    >>> detect_period(monthly, max_period=24)
    12
    >>> detect_period([np.cumsum(rng.normal(size=96))], max_period=24) is None
    True
    """
    if max_period < 2:
        return None
    correlation, z = mean_autocorrelation(series, max_period)
    candidates = correlation[2:]
    if np.isnan(candidates).all():
        return None
    period = 2 + int(np.nanargmax(candidates))
    if not _is_clear(correlation, z, period):
        return None
    # a stable season correlates at twice its period nearly as much: prefer the
    # period itself when it is clear and close to the peak (24 -> 12 in noise)
    half = period // 2
    if period % 2 == 0 and half >= 2 and _is_clear(correlation, z, half):
        if correlation[half] >= HARMONIC_RATIO * correlation[period]:
            return half
    return period


def _is_clear(correlation: np.ndarray, z: np.ndarray, lag: int) -> bool:
    peak = correlation[lag]
    # persistence (correlation falling from lag 1) is not a season
    above_lag_one = np.isnan(correlation[1]) or peak > correlation[1]
    return bool(above_lag_one and peak >= MIN_CORRELATION and z[lag] >= MIN_Z)


__all__ = [
    "HARMONIC_RATIO",
    "MIN_CORRELATION",
    "MIN_Z",
    "detect_period",
    "mean_autocorrelation",
]
