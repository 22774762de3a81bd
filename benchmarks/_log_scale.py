"""A trial of a log scale: fit a forecaster on the logarithm of a positive series.

``LogScaled(forecaster)`` fits ``forecaster`` on ``log(y)`` where every value of
``y`` is above zero (a series or a panel), and exponentiates its point forecast;
any other ``y`` passes through unchanged. Attributes not its own (``window_length_``,
``network_``, ...) are the wrapped forecaster's. Used by the benchmarks' ``--log``
option, which tries the scale before the package offers one. With ``period``
given (``--log guerrero``), only a series whose Guerrero (1993) Box-Cox lambda,
on subseries of ``period`` steps (2 without a season), rounds to 0 of
{0, 0.5, 1} (lambda < 0.25) is logged: one whose spread grows with its level.
"""

from __future__ import annotations

import numpy as np


class LogScaled:
    """Fit ``forecaster`` on the logarithm of a strictly positive ``y``."""

    def __init__(self, forecaster, period: int | None = None) -> None:
        self.forecaster = forecaster
        self.period = period
        self.logged = False

    def fit(self, y, X=None, fh=None) -> LogScaled:
        values = np.asarray(y, float)
        self.logged = bool((values > 0).all())
        if self.logged and self.period is not None:
            if values.ndim > 1 and values.shape[1] == 1 and y.index.nlevels == 1:
                values = values[:, 0]
            self.logged = values.ndim == 1 and guerrero(values, self.period) < 0.25
        self.forecaster.fit(np.log(y) if self.logged else y, X=X, fh=fh)
        return self

    def predict(self, X=None):
        forecast = self.forecaster.predict(X=X)
        return np.exp(forecast) if self.logged else forecast

    def __getattr__(self, name: str):
        # only reached for names not set in __init__: the fitted attributes
        return getattr(self.__dict__["forecaster"], name)


def guerrero(values: np.ndarray, period: int) -> float:
    """Guerrero's (1993) Box-Cox lambda in [-1, 2]: the one whose subseries'
    spread over mean ** (1 - lambda) varies least (on a 0.01 grid); 1 (no
    transform) where fewer than two subseries of ``period`` steps fit."""
    period = max(period, 2)
    whole = len(values) // period
    if whole < 2:
        return 1.0
    blocks = values[len(values) - whole * period :].reshape(whole, period)
    means, spreads = blocks.mean(axis=1), blocks.std(axis=1, ddof=1)
    grid = np.round(np.arange(-1.0, 2.0001, 0.01), 2)
    ratios = spreads[None, :] / means[None, :] ** (1 - grid[:, None])
    variation = ratios.std(axis=1) / ratios.mean(axis=1)
    return float(grid[np.nanargmin(variation)])


def log_wrapper(rule: str | None, period: int | None):
    """The ``--log`` option's wrapper of a forecaster: None (no wrapper), ``"all"``
    (every positive series) or ``"guerrero"`` (a positive series whose lambda
    rounds to 0, on subseries of ``period`` steps)."""
    if rule is None:
        return None
    return lambda forecaster: LogScaled(
        forecaster, period if rule == "guerrero" else None
    )
