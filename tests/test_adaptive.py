"""Settings derived from the data: the window, the network's size, a budget in steps."""

import numpy as np
import pandas as pd
import pytest
from _shared import TINY

from sktime_lstm import LSTMForecaster
from sktime_lstm.adaptive import (
    BASE_NETWORK,
    FEW_WINDOWS,
    FEW_WINDOWS_NETWORK,
    auto_network_size,
    auto_window_length,
    natural_period,
    training_windows,
)

# TINY without its window: the window is what these tests look at
TINY_AUTO = {k: v for k, v in TINY.items() if k != "window_length"}


@pytest.mark.parametrize(
    ("step", "period"),
    [
        (pd.Timedelta(minutes=15), 96),
        (pd.Timedelta(hours=1), 24),
        (pd.Timedelta(days=1), 7),
        (pd.Timedelta(days=7), 52),
        (pd.Timedelta(days=30), 12),
        (pd.Timedelta(days=91), 4),
        (pd.Timedelta(days=365), None),
        (pd.Timedelta(minutes=7), None),  # does not divide a day
        (pd.Timedelta(days=3), None),  # no cycle of whole steps
        (None, None),
    ],
)
def test_the_cycle_a_step_implies(step, period):
    assert natural_period(step) == period


def test_the_window_shows_two_long_cycles_within_the_series_lengths():
    assert auto_window_length(18, [100, 144, 300]) == 24  # as validated on M3
    assert auto_window_length(8, [40, 50] * 20, period=4) == 24  # short season
    assert auto_window_length(24, [2000], period=24) == 48  # two days of hours
    assert auto_window_length(48, [4000], period=48) == 96
    # a panel of short series: the median length less the horizon
    assert auto_window_length(6, [14, 19, 19, 40] * 100) == 13
    # few windows in all: half of that, so that each series gives several
    assert auto_window_length(6, [14, 19, 19, 40]) == 6
    assert auto_window_length(48, [100], period=48) == 26  # 100 points, h = 48
    assert auto_window_length(18, [144]) == 24  # airline, h = 18: room enough
    assert auto_window_length(10, [8]) == 1  # never below one step


def test_training_windows_counts_what_make_windows_makes():
    from sktime_lstm.windows import make_windows

    lengths = [30, 10, 3, 2]
    series = [np.ones((n, 1)) for n in lengths]
    windows = make_windows(series, window_length=5, horizon=2)
    assert training_windows(lengths, 5, 2) == len(windows.train_starts) == 29


def test_the_network_is_small_below_few_windows_and_the_base_one_from_there():
    assert (BASE_NETWORK, FEW_WINDOWS_NETWORK) == ((64, 2), (16, 1))
    horizon, window = 6, 10  # a series of n points gives n - 15 windows
    assert auto_network_size([FEW_WINDOWS + 14], window, horizon) == (16, 1)
    assert auto_network_size([FEW_WINDOWS + 15], window, horizon) == (64, 2)
    # counted over the panel: 3 series of 100 give 255 windows, 4 give 340
    assert auto_network_size([100] * 3, window, horizon) == (16, 1)
    assert auto_network_size([100] * 4, window, horizon) == (64, 2)


def series(n: int, freq: str, start: str = "2000-01-01") -> pd.Series:
    index = pd.date_range(start, periods=n, freq=freq)
    values = 10 + np.sin(np.arange(n) * 2 * np.pi / 48)
    return pd.Series(values, index=index)


def test_a_half_hourly_series_gets_two_days_of_window():
    forecaster = LSTMForecaster(**TINY_AUTO).fit(series(600, "30min"), fh=[1, 2])
    assert forecaster.window_length_ == 96
    assert forecaster.predict().shape == (2,)


def test_short_series_get_a_window_they_fill():
    rng = np.random.default_rng(0)
    frames = [
        pd.DataFrame({"y": rng.normal(size=n)}, index=pd.RangeIndex(n))
        for n in (14, 19, 20, 35)
    ]
    panel = pd.concat(frames, keys=range(4), names=["series", "time"])
    forecaster = LSTMForecaster(**TINY_AUTO).fit(panel, fh=range(1, 7))
    # median length 19.5 -> 19, less 6: 13; 4 short series give few windows,
    # so half of that
    assert forecaster.window_length_ == 6
    # the head reads the 4 hidden units at each of the 6 steps
    assert forecaster.network_.head[-1].in_features == 4 * 6


def test_a_given_window_is_kept_and_a_given_season_is_shown_twice():
    y = series(600, "h")
    fixed = LSTMForecaster(window_length=10, **TINY_AUTO).fit(y, fh=[1])
    assert fixed.window_length_ == 10
    seasonal = LSTMForecaster(sp=30, **TINY_AUTO).fit(y, fh=[1])
    assert seasonal.window_length_ == 60


def test_the_season_fits_even_where_the_series_are_short():
    # 40 points, h = 4: one series allows 18, the season needs 30
    y = pd.Series(np.sin(np.arange(40.0)), index=pd.RangeIndex(40))
    forecaster = LSTMForecaster(sp=30, **TINY_AUTO).fit(y, fh=range(1, 5))
    assert forecaster.window_length_ == 30
    short = pd.Series(np.sin(np.arange(20.0)), index=pd.RangeIndex(20))
    fitted = LSTMForecaster(sp=18, **TINY_AUTO).fit(short, fh=range(1, 5))
    assert fitted.window_length_ == 18  # 16 would fit; the profile needs 18


def test_fit_after_pretrain_reads_the_pretrained_window():
    long = series(600, "30min")
    panel = pd.concat({"a": long, "b": long + 1}).to_frame("y")
    forecaster = LSTMForecaster(**TINY_AUTO).pretrain(panel, fh=[1, 2])
    assert forecaster.pretrain_window_length_ == 96
    forecaster.fit(long.iloc[:60], fh=[1, 2])  # alone it would get (60 - 2) // 2
    assert forecaster.window_length_ == 96
    assert forecaster.predict().shape == (2,)


def test_max_epochs_none_trains_max_steps_steps():
    # 89 windows in one batch an epoch: 100 epochs would end training first
    y = series(100, "D")
    settings = dict(TINY_AUTO, max_epochs=None, max_steps=150, batch_size=256)
    forecaster = LSTMForecaster(window_length=10, **settings).fit(y, fh=[1, 2])
    assert len(forecaster.training_history_) == 150
    bounded = LSTMForecaster(window_length=10, **dict(settings, max_epochs=100))
    assert len(bounded.fit(y, fh=[1, 2]).training_history_) == 100


def test_an_auto_window_serves_update_intervals_and_fitted_values():
    y = series(120, "D")
    settings = dict(TINY_AUTO, loss="normal")
    forecaster = LSTMForecaster(**settings).fit(y.iloc[:100], fh=[1, 2])
    window = forecaster.window_length_
    assert window == 24
    forecaster.update(y.iloc[100:110], update_params=True)
    intervals = forecaster.predict_interval(fh=[1, 2, 3])
    assert (intervals.iloc[:, 1] > intervals.iloc[:, 0]).all()
    fitted = forecaster.predict(fh=[-2, -1, 0])
    assert fitted.notna().all() and forecaster.window_length_ == window


def test_max_epochs_and_max_steps_cannot_both_be_unbounded():
    forecaster = LSTMForecaster(**dict(TINY_AUTO, max_epochs=None, max_steps=None))
    with pytest.raises(ValueError, match="max_steps cannot be None too"):
        forecaster.fit(series(50, "D"), fh=[1])


# TINY without its network size: the size is what this test looks at
TINY_SIZED_AUTO = {
    k: v for k, v in TINY.items() if k not in ("hidden_size", "num_layers")
}


def test_auto_sizes_the_network_by_the_windows_and_a_given_size_is_kept():
    assert LSTMForecaster().get_params()["hidden_size"] == "auto"
    assert LSTMForecaster().get_params()["num_layers"] == "auto"
    short = series(60, "D")  # 60 - 6 - 2 + 1 = 53 windows
    small = LSTMForecaster(**TINY_SIZED_AUTO).fit(short, fh=[1, 2])
    assert (small.hidden_size_, small.num_layers_) == (16, 1)
    assert small.network_.encoder.hidden_size == 16
    assert small.network_.encoder.num_layers == 1
    # 5 such series: 265 windows, the base network
    panel = pd.concat({k: short + k for k in range(5)}).to_frame("y")
    base = LSTMForecaster(**TINY_SIZED_AUTO).fit(panel, fh=[1, 2])
    assert (base.hidden_size_, base.num_layers_) == (64, 2)
    assert base.network_.encoder.num_layers == 2
    # a given value is used as it is; the other stays "auto"
    given = LSTMForecaster(hidden_size=8, **TINY_SIZED_AUTO).fit(short, fh=[1, 2])
    assert (given.hidden_size_, given.num_layers_) == (8, 1)
    deep = LSTMForecaster(num_layers=3, **TINY_SIZED_AUTO).fit(panel, fh=[1, 2])
    assert (deep.hidden_size_, deep.num_layers_) == (64, 3)


def test_the_windows_are_counted_with_the_head_width_and_for_pretrain_too():
    y = series(265, "D")  # a window of 6: 250 windows for 10 steps, 259 for one
    direct = LSTMForecaster(**TINY_SIZED_AUTO).fit(y, fh=range(1, 11))
    assert (direct.hidden_size_, direct.num_layers_) == (16, 1)
    recursive = LSTMForecaster(strategy="recursive", **TINY_SIZED_AUTO)
    assert recursive.fit(y, fh=range(1, 11)).num_layers_ == 2
    # pretrain sizes its network by the panel it trains on; fit keeps it
    panel = pd.concat({k: series(60, "D") + k for k in range(5)}).to_frame("y")
    forecaster = LSTMForecaster(**TINY_SIZED_AUTO).pretrain(panel, fh=[1, 2])
    assert forecaster.pretrained_network_.encoder.hidden_size == 64
    forecaster.fit(series(30, "D"), fh=[1, 2])
    assert (forecaster.hidden_size_, forecaster.num_layers_) == (64, 2)
