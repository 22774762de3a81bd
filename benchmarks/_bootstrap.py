"""A trial of bagging one short series: train on it and on bootstraps of it.

A global network learns from many series; one short series gives it about ten
windows. ``Bagged(forecaster, n_bootstraps, seed)`` fits ``forecaster`` to a panel
of the series and ``n_bootstraps`` moving-block bootstraps of it (Bergmeir, Hyndman
and Benitez 2016, "Bagging exponential smoothing methods using STL decomposition
and Box-Cox transformation", as R's ``forecast::bld.mbb.bootstrap`` does):

1. a Box-Cox transform, Guerrero's lambda (searched on [-1, 2], as
   ``_log_scale.guerrero`` does) clipped to [0, 1] (none where a value is not
   positive);
2. an STL decomposition with a periodic season where the series holds more than
   two seasons, else a local linear loess trend (a span of 6 points);
3. the remainder resampled in overlapping blocks of two seasons (8 points without
   one), laid end to end from a random offset, added back and transformed back.

The forecast is the network's forecast of the original series (instance 0). The
network's settings that ``"auto"`` derives from one series (window, size, season,
window normalisation) are taken from a first fit on the series alone and fixed for
the panel fit, and so is the number of optimiser steps (the budget counts epochs,
which the bootstraps would lengthen), so that the bootstraps change the data in
each batch and nothing else. The bootstraps are drawn with the network's
``random_state``, so that each seed of a benchmark draws its own. X is not
supported.
The benchmarks' ``--bootstrap N`` option uses it.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import pandas as pd
from _log_scale import guerrero

# the settings that "auto" rules derive from the data, fixed from the single fit
DERIVED = ("window_length", "sp", "window_norm", "hidden_size", "num_layers")


def box_cox(values: np.ndarray, lam: float) -> np.ndarray:
    return np.log(values) if lam == 0 else (values**lam - 1) / lam


def inverse_box_cox(values: np.ndarray, lam: float) -> np.ndarray:
    if lam == 0:
        return np.exp(values)
    return np.maximum(lam * values + 1, 0) ** (1 / lam)


def smooth_and_remainder(values: np.ndarray, period: int) -> tuple:
    """The series' smooth part (trend and season) and its remainder."""
    n = len(values)
    if period > 1 and n > 2 * period:
        from statsmodels.tsa.seasonal import STL

        # a periodic season: the seasonal smoother spans the whole series
        seasonal = 10 * n + 1
        fit = STL(values, period=period, seasonal=seasonal, robust=False).fit()
        smooth = fit.trend + fit.seasonal
    else:
        from statsmodels.nonparametric.smoothers_lowess import lowess

        steps = np.arange(n, dtype=float)
        smooth = lowess(values, steps, frac=min(1.0, 6 / n), it=0, return_sorted=False)
    return smooth, values - smooth


def moving_blocks(remainder: np.ndarray, block: int, rng) -> np.ndarray:
    """Overlapping blocks of the remainder, end to end from a random offset."""
    n = len(remainder)
    block = max(1, min(block, n))
    n_blocks = n // block + 2
    starts = rng.integers(0, n - block + 1, size=n_blocks)
    laid = np.concatenate([remainder[s : s + block] for s in starts])
    offset = rng.integers(0, block)
    return laid[offset : offset + n]


def bootstraps(values: np.ndarray, period: int, n: int, seed: int) -> list:
    """``n`` moving-block bootstraps of one series (its values, in order)."""
    rng = np.random.default_rng(seed)
    positive = bool((values > 0).all())
    lam = min(max(guerrero(values, period), 0.0), 1.0) if positive else None
    scaled = box_cox(values, lam) if positive else values
    smooth, remainder = smooth_and_remainder(scaled, period)
    block = 2 * period if period > 1 else min(8, len(values) // 2)
    out = []
    for _ in range(n):
        draw = smooth + moving_blocks(remainder, block, rng)
        out.append(inverse_box_cox(draw, lam) if positive else draw)
    return out


def steps_taken(fitted, y: pd.Series) -> int:
    """The optimiser steps of a fit on one series: epochs times batches.

    Counts every window (as with ``validation_size=0``, the default, and no
    missing values) and the epochs the history records, which ``max_steps`` may
    have cut short within the last one; exact for the benchmarks' series.
    """
    from sktime_lstm.adaptive import training_windows

    windows = training_windows([len(y)], fitted.window_length_, fitted.horizon_)
    epochs = len(fitted.training_history_)
    return epochs * math.ceil(windows / fitted.batch_size)


def as_panel(y: pd.Series, others: list) -> pd.DataFrame:
    """The series (instance 0) and the bootstraps as a panel on y's index."""
    frames = [y.to_numpy()] + others
    keys = range(len(frames))
    index = pd.MultiIndex.from_tuples(
        [(k, t) for k in keys for t in y.index], names=["instance", "time"]
    )
    return pd.DataFrame({"y": np.concatenate(frames)}, index=index)


class Bagged:
    """Fit ``forecaster`` on one series and ``n_bootstraps`` bootstraps of it."""

    def __init__(self, forecaster, n_bootstraps: int, seed: int = 0) -> None:
        self.forecaster, self.n_bootstraps, self.seed = forecaster, n_bootstraps, seed

    def fit(self, y: pd.Series, X=None, fh=None) -> Bagged:
        from sklearn.base import clone

        if X is not None:
            raise ValueError("the bootstrap trial does not take X")
        single = self.forecaster.fit(y, fh=fh)
        settings = {name: getattr(single, f"{name}_") for name in DERIVED}
        settings["max_epochs"], settings["max_steps"] = None, steps_taken(single, y)
        period = settings["sp"] or 1
        panel = as_panel(
            y, bootstraps(y.to_numpy(float), period, self.n_bootstraps, self.seed)
        )
        self.bagged_ = clone(self.forecaster).set_params(**settings)
        self.bagged_.fit(panel, fh=fh)
        return self

    def predict(self, X=None):
        forecast = self.bagged_.predict()
        return forecast.xs(0, level=0)["y"]

    def __getattr__(self, name: str):
        # reached only for names not set in __init__: the single fit's attributes
        # (window_length_, ...), which the panel fit shares
        if name.startswith("__") or "forecaster" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.forecaster, name)


def bootstrap_wrapper(n_bootstraps: int):
    """The ``--bootstrap`` option's wrapper of a forecaster, or None for 0.

    The bootstraps' seed is the forecaster's ``random_state`` (0 where None).
    """
    if not n_bootstraps:
        return None
    return lambda forecaster: Bagged(
        forecaster, n_bootstraps, forecaster.random_state or 0
    )


def add_bootstrap_option(parser: argparse.ArgumentParser) -> None:
    """``--bootstrap N``: train on the series and N bootstraps of it."""
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N")
