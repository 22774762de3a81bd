"""Detecting a panel's seasonal period (``sp="auto"``)."""

import numpy as np
import pytest

import sktime_lstm.seasonality
from sktime_lstm.seasonality import detect_period, mean_autocorrelation


def seasonal_panel(period, n_series=20, length=60, noise=0.5, seed=0):
    """Trending series with an irregular (non-sine) season of ``period`` steps."""
    rng = np.random.default_rng(seed)
    panel = []
    for _ in range(n_series):
        pattern = rng.normal(size=period)
        t = np.arange(length)
        trend = rng.normal() * t / 10
        panel.append(
            trend + np.tile(pattern, length)[:length] + noise * rng.normal(size=length)
        )
    return panel


@pytest.mark.parametrize("period", [4, 7, 12])
def test_a_seasonal_panel_gives_its_period(period):
    assert detect_period(seasonal_panel(period), max_period=24) == period


def test_one_noisy_seasonal_series_is_enough():
    assert detect_period(seasonal_panel(12, n_series=1, length=120), 24) == 12


@pytest.mark.parametrize(
    "make",
    [
        lambda rng: rng.normal(size=100),  # white noise
        lambda rng: np.cumsum(rng.normal(size=100)),  # random walk
        lambda rng: 0.5 * np.arange(100) + rng.normal(size=100),  # trend
    ],
    ids=["noise", "random walk", "trend"],
)
def test_series_without_a_season_give_none(make):
    rng = np.random.default_rng(0)
    assert detect_period([make(rng) for _ in range(20)], max_period=24) is None


def test_persistence_is_not_a_season():
    # smooth growth: the differences correlate most at lag 1 and less after it
    # (the falling correlation of momentum, not a peak), strongly over 20 series
    rng = np.random.default_rng(0)
    panel = []
    for _ in range(20):
        growth = np.zeros(150)
        for i in range(1, 150):
            growth[i] = 0.8 * growth[i - 1] + rng.normal()
        panel.append(np.cumsum(growth))
    correlation, z = mean_autocorrelation(panel, 24)
    assert correlation[2] > 0.3 and z[2] > 3  # strong and significant at lag 2 ...
    assert detect_period(panel, 24) is None  # ... but falling from lag 1


def test_z_is_about_standard_normal_for_differenced_noise():
    # differencing white noise makes r_1 = -0.5; without Bartlett's factor the
    # z-scores at higher lags would spread 1.22 times too wide
    rng = np.random.default_rng(0)
    z = np.array(
        [mean_autocorrelation([rng.normal(size=200)], 6)[1][2:] for _ in range(400)]
    )
    assert 0.9 < z.std() < 1.1
    assert abs(z.mean()) < 0.1


def test_periods_beyond_max_period_are_not_chosen():
    panel = seasonal_panel(12)
    assert detect_period(panel, max_period=24) == 12
    found = detect_period(panel, max_period=8)
    assert found is None or found <= 8
    assert detect_period(panel, max_period=1) is None


def test_missing_values_columns_and_degenerate_series():
    panel = seasonal_panel(4, n_series=10)
    with_gaps = [s.copy() for s in panel]
    for s in with_gaps:
        s[5:8] = np.nan
    two_columns = [np.column_stack([s, 2 * s]) for s in panel]
    assert detect_period(with_gaps, 12) == 4
    assert detect_period(two_columns, 12) == 4
    # constant, too short and all-missing series carry no evidence, and break nothing
    degenerate = [
        np.ones(50),
        np.array([1.0, 2.0, 3.0]),
        np.full(30, np.nan),
        np.zeros(0),  # empty, as fit may pass before its length check
        np.zeros((0, 2)),
    ]
    assert detect_period(degenerate, 12) is None
    assert detect_period(degenerate + panel, 12) == 4
    correlation, z = mean_autocorrelation(degenerate, 12)
    assert np.isnan(correlation).all() and np.isnan(z).all()


@pytest.mark.parametrize(
    "at_half, expected", [(0.30, 12), (0.20, 24)], ids=["close", "far"]
)
def test_twice_the_period_yields_to_the_period_when_close(
    at_half, expected, monkeypatch
):
    # noise can put a stable season's peak at twice its period (M3 monthly's
    # second block of 200 series: 0.12 at lag 24, 0.107 at 12)
    correlation = np.zeros(25)
    correlation[[1, 12, 24]] = [-0.2, at_half, 0.33]
    z = np.full(25, 10.0)
    monkeypatch.setattr(
        sktime_lstm.seasonality,
        "mean_autocorrelation",
        lambda series, max_lag: (correlation, z),
    )
    assert detect_period([np.zeros(100)], 24) == expected
