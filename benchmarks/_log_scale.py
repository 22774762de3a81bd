"""A trial of a log scale: fit a forecaster on the logarithm of a positive series.

``LogScaled(forecaster, rule, period)`` fits ``forecaster`` on ``log(y)`` and
exponentiates its point forecast, as sktime's ``LogTransformer() * forecaster``
does; which ``y`` it logs depends on ``rule``:

- ``"all"``: every ``y`` whose values are all above zero (a series or a panel);
- ``"guerrero"``: a positive single series whose Guerrero (1993) Box-Cox lambda,
  on seasons of ``period`` steps (2 without a season), rounds to 0 of
  {0, 0.5, 1} (lambda < 0.25): one whose spread grows with its level. Panels
  are not logged.
- ``"seasonal"``: as ``"guerrero"``, on the seasons of the period the forecaster
  detects on ``y`` (``sp_``, from a first fit), and only where it detects one: a
  season whose swing grows with the level. The first fit is kept where ``y`` is
  not logged.

Any other ``y`` passes through unchanged. Attributes not its own
(``window_length_``, ``network_``, ...) are the wrapped forecaster's. The
benchmarks' ``--log [guerrero | seasonal]`` option (:func:`add_log_option`) uses it.
``python benchmarks/_log_scale.py`` prints the lambda of each of ``single.py``'s
series at each of three validation origins.
"""

from __future__ import annotations

import argparse

import numpy as np

RULES = ("all", "guerrero", "seasonal")
# the midpoint between the log (lambda 0) and the square root (0.5)
LOG_BELOW = 0.25


class LogScaled:
    """Fit ``forecaster`` on the logarithm of a positive ``y`` that ``rule`` picks."""

    def __init__(self, forecaster, rule: str, period: int | None = None) -> None:
        if rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}, not {rule!r}")
        self.forecaster, self.rule, self.period = forecaster, rule, period
        self.logged = False

    def fit(self, y, X=None, fh=None) -> LogScaled:
        if self.rule == "seasonal":
            self.forecaster.fit(y, X=X, fh=fh)
            self.period = self.forecaster.sp_
            self.logged = bool(self.period and self.period > 1) and self._picks(y)
            if self.logged:
                self.forecaster.fit(np.log(y), X=X, fh=fh)
            return self
        self.logged = self._picks(y)
        self.forecaster.fit(np.log(y) if self.logged else y, X=X, fh=fh)
        return self

    def _picks(self, y) -> bool:
        values = np.asarray(y, float)
        if not (values > 0).all():
            return False
        if self.rule == "all":
            return True
        if y.index.nlevels > 1 or values.ndim > 1 and values.shape[1] > 1:
            return False  # a panel, or several columns
        return guerrero(values.ravel(), self.period or 1) < LOG_BELOW

    def predict(self, X=None):
        forecast = self.forecaster.predict(X=X)
        return np.exp(forecast) if self.logged else forecast

    def __getattr__(self, name: str):
        # reached only for names not set in __init__: the fitted attributes
        if name.startswith("__") or "forecaster" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.forecaster, name)


def guerrero(values: np.ndarray, period: int) -> float:
    """Guerrero's (1993) Box-Cox lambda in [-1, 2]: the one whose seasons'
    spread over mean ** (1 - lambda) varies least (on a 0.01 grid); 1 (no
    transform) where fewer than two seasons of ``period`` steps fit."""
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
    """The ``--log`` option's wrapper of a forecaster, or None without a rule."""
    if rule is None:
        return None
    return lambda forecaster: LogScaled(forecaster, rule, period)


def add_log_option(parser: argparse.ArgumentParser) -> None:
    """``--log`` (the rule ``"all"``), ``--log guerrero`` or ``--log seasonal``."""
    parser.add_argument("--log", nargs="?", const="all", choices=RULES)


def describe(rule: str | None) -> str:
    """The results' title's words for the rule."""
    return f", on the logarithm of each positive target ({rule})" if rule else ""


def print_lambdas(origins: int = 3) -> None:
    """Each single.py series' lambda at each validation origin (``--origins``)."""
    import single

    for name, (load, (period, horizon)) in {
        **single.SERIES,
        **single.EXTRA_SERIES,
    }.items():
        parts = single.origin_parts(load(), horizon, "validation", origins)
        lambdas = [
            f"{guerrero(train.to_numpy(), period):.2f}" if (train > 0).all() else "n/p"
            for train, _ in parts
        ]
        print(f"{name}: {' '.join(lambdas)}")


if __name__ == "__main__":
    print_lambdas()
