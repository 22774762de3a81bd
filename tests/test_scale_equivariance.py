"""Forecasts do not depend on the data's units: f(a * y + b) = a * f(y) + b (#23).

A scaler that maps ``a * y + b`` (``a > 0``) to the same scaled values as ``y``
makes the network see, train on and forecast the same numbers, so the forecasts,
mapped back, follow the change of units. Which scalers owe which property:

- scale-free (any ``a > 0``): "standard", "minmax", "robust", "diff", "mean";
- shift-free (any ``b``): the same but "mean", which divides by the mean
  absolute value without centring;
- None (the identity) owes neither: the network then trains in the data's units.

Tolerances are relative to ``a`` times the spread of ``y``, not to ``b``: float64
holds ``a * y + b`` only to half a unit in the last place of ``b``, so a pair
(a, b) whose ``a * y`` is below float64's resolution at ``b`` is left out.
"""

import functools

import numpy as np
import pandas as pd
import pytest
from _shared import TINY
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sktime_lstm import LSTMForecaster

FH = [1, 2, 3]
INDEX = pd.period_range("2000-01", periods=40, freq="M")
# 40 months in 41-62, with a season, a trend and some noise
Y = pd.Series(
    51.5
    + 8 * np.sin(np.arange(40) / 3)
    + 0.1 * np.arange(40)
    - 2.0
    + np.random.default_rng(0).uniform(-1, 1, 40),
    index=INDEX,
)
SPREAD = float(Y.max() - Y.min())

SCALE_FREE = ("standard", "minmax", "robust", "mean", "diff")
SHIFT_FREE = ("standard", "minmax", "robust", "diff")
FACTORS = (1e-12, 1e-6, 1.0, 1e6, 1e12)
SHIFTS = (0.0, 1e6)
# the forecasts may move by this fraction of a * spread: float32 rounding of the
# scaled values, amplified a little by training; a scaler that mistakes a small
# spread for none, or rounds the data to float32 first, is off by far more
RTOL = 1e-4


def _representable(a: float, b: float) -> bool:
    """Whether float64 holds ``a * y + b`` to 1e-4 of its spread."""
    resolution = np.spacing(abs(b) + a * float(Y.abs().max()))
    return resolution <= 1e-4 * a * SPREAD


@functools.cache
def _forecast(scaler: str | None, a: float, b: float) -> np.ndarray:
    forecaster = LSTMForecaster(**TINY, scaler=scaler)
    return forecaster.fit(a * Y + b, fh=FH).predict().to_numpy()


def _assert_equivariant(scaler: str | None, a: float, b: float) -> None:
    expected = a * _forecast(scaler, 1.0, 0.0) + b
    actual = _forecast(scaler, a, b)
    error = np.abs(actual - expected).max() / (a * SPREAD)
    assert error <= RTOL, (
        f"scaler={scaler!r}, a={a:g}, b={b:g}: forecasts {actual} differ from "
        f"a * f(y) + b = {expected} by {error:.3g} of a * spread"
    )


CASES = [
    pytest.param(scaler, a, b, id=f"{scaler}-a={a:g}-b={b:g}")
    for scaler in SCALE_FREE
    for a in FACTORS
    for b in SHIFTS
    if (b == 0 or scaler in SHIFT_FREE) and _representable(a, b)
]


def test_the_grid_leaves_out_only_what_float64_cannot_hold():
    # only y * 1e-12 + 1e6 is lost (its variation is below 1e6's last place)
    left_out = [(a, b) for a in FACTORS for b in SHIFTS if not _representable(a, b)]
    assert left_out == [(1e-12, 1e6)]
    assert len(CASES) == 5 * 5 + 4 * 4


@pytest.mark.parametrize("scaler, a, b", CASES)
def test_forecasts_follow_a_change_of_units(scaler, a, b):
    _assert_equivariant(scaler, a, b)


@pytest.mark.parametrize(
    "a, b",
    [(1e-14, 0.0), (1e-30, 0.0), (0.01, 1e6 - 0.5), (1e39, 0.0), (1e300, 0.0)]
    + [(1e-300, 0.0)],
)
def test_the_issues_magnitudes_forecast_in_their_own_units(a, b):
    # #23's items 1 (tiny), 2 (a small variation on a large level) and 7 (beyond
    # float32's range); 1e-300 is below float32's smallest number
    _assert_equivariant("standard", a, b)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    exponent=st.floats(-15, 15),
    b=st.sampled_from([0.0, -1e3, 1e6, 1e9]),
    scaler=st.sampled_from(SHIFT_FREE),
)
def test_any_positive_factor_and_shift(exponent, b, scaler):
    a = 10.0**exponent
    assume(_representable(a, b))
    _assert_equivariant(scaler, a, b)


def test_a_tiny_series_in_a_panel_is_forecast_in_its_own_range():
    # three instances that differ only in units share one network: with the
    # default "standard" scaler they are the same series to it
    units = {"plain": (1.0, 0.0), "tiny": (1e-14, 0.0), "offset": (0.01, 1e6 - 0.5)}
    panel = pd.concat(
        [
            pd.DataFrame({"y": a * Y.to_numpy() + b}, index=INDEX)
            for a, b in units.values()
        ],
        keys=list(units),
        names=["unit", "time"],
    )
    y_pred = LSTMForecaster(**TINY).fit(panel, fh=FH).predict()["y"]
    plain = y_pred.loc["plain"].to_numpy()
    for name, (a, b) in units.items():
        actual = y_pred.loc[name].to_numpy()
        error = np.abs(actual - (a * plain + b)).max() / (a * SPREAD)
        assert error <= RTOL, (name, actual, a * plain + b)
        # and so inside the instance's own range, give or take its spread
        low, high = a * Y.min() + b, a * Y.max() + b
        assert np.all((actual > low - a * SPREAD) & (actual < high + a * SPREAD))


@pytest.mark.parametrize("factor", [1e-300, 1e300])
def test_exogenous_columns_forecast_the_same_in_any_units(factor):
    # each X column is scaled by its own scaler, so its units do not matter
    X = pd.DataFrame({"x": np.cos(np.arange(40) / 5)}, index=INDEX)
    future = pd.period_range(INDEX[-1] + 1, periods=3, freq="M")
    X_future = pd.DataFrame({"x": np.cos(np.arange(40, 43) / 5)}, index=future)

    def forecast(a):
        forecaster = LSTMForecaster(**TINY).fit(Y, X=a * X, fh=FH)
        return forecaster.predict(X=a * X_future).to_numpy()

    np.testing.assert_allclose(
        forecast(factor), forecast(1.0), rtol=0, atol=RTOL * SPREAD
    )


def test_future_x_beyond_float32s_reach_raises_instead_of_forecasting_nan():
    X = pd.DataFrame({"x": np.cos(np.arange(40) / 5)}, index=INDEX)
    future = pd.period_range(INDEX[-1] + 1, periods=3, freq="M")
    X_future = pd.DataFrame({"x": [1.0, 1e300, 1.0]}, index=future)
    forecaster = LSTMForecaster(**TINY).fit(Y, X=X, fh=FH)
    with pytest.raises(ValueError, match=r"X column 'x'.*float32's range"):
        forecaster.predict(X=X_future)
