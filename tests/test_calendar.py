"""Calendar features from the index: cycles per frequency, and what they buy."""

import numpy as np
import pandas as pd
import pytest
from _shared import TINY

from sktime_lstm import GRUForecaster, LSTMForecaster
from sktime_lstm.calendar import cycles_for, feature_names, features, step_length


@pytest.mark.parametrize(
    "index, expected",
    [
        (
            pd.date_range("2020", periods=5, freq="30min"),
            ["hour_of_day", "day_of_week", "day_of_year"],
        ),
        (
            pd.date_range("2020", periods=5, freq="h"),
            ["hour_of_day", "day_of_week", "day_of_year"],
        ),
        (pd.date_range("2020", periods=5, freq="D"), ["day_of_week", "day_of_year"]),
        (pd.date_range("2020", periods=5, freq="B"), ["day_of_week", "day_of_year"]),
        (pd.date_range("2020", periods=5, freq="W-SUN"), ["week_of_year"]),
        (pd.date_range("2020", periods=5, freq="MS"), ["month_of_year"]),
        (pd.period_range("2020-01", periods=5, freq="M"), ["month_of_year"]),
        (pd.period_range("2020Q1", periods=5, freq="Q"), ["quarter_of_year"]),
        (pd.period_range("2020", periods=5, freq="Y"), []),
        (pd.RangeIndex(5), []),
    ],
)
def test_each_frequency_gets_the_cycles_its_steps_resolve(index, expected):
    freq = getattr(index, "freq", None)
    assert cycles_for(step_length(index, freq)) == expected


def test_features_are_the_phase_on_the_unit_circle():
    hours = pd.date_range("2020-01-06", periods=3, freq="6h")  # a Monday
    values = features(hours, ["hour_of_day", "day_of_week"])
    np.testing.assert_allclose(values[:, 0], [0.0, 1.0, 0.0], atol=1e-12)  # sin
    np.testing.assert_allclose(values[:, 1], [1.0, 0.0, -1.0], atol=1e-12)  # cos
    np.testing.assert_allclose(values[:, 2:], [[0.0, 1.0]] * 3, atol=1e-12)
    assert feature_names(["hour_of_day"]) == ["hour_of_day_sin", "hour_of_day_cos"]
    december, january = features(
        pd.period_range("2020-12", periods=2, freq="M"), ["month_of_year"]
    )
    assert np.hypot(*(december - january)) < 0.6  # neighbours on the circle


def _weekday_series(start="2020-01-01", periods=300, seed=0):
    # only the day of the week drives y, with a weekend bump: three weekdays in a
    # 3-step window do not show when the weekend comes
    days = pd.date_range(start, periods=periods, freq="D")
    rng = np.random.default_rng(seed)
    effect = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 6.0, 6.0])[days.dayofweek]
    return pd.Series(10 + effect + rng.normal(0, 0.2, periods), index=days)


SETTINGS = dict(TINY, hidden_size=16, window_length=3, max_epochs=60, batch_size=32)


@pytest.mark.parametrize(
    "norm, gain",
    # measured: 0.15 against 0.44 from the window's mean; from its last value
    # (the default on one series) 0.16 against 0.286, since a 3-step window's
    # last value already carries some of the weekly cycle
    [("standard", 2.0), ("auto-single", 1.5)],
)
def test_the_calendar_lets_a_short_window_forecast_a_weekly_cycle(norm, gain):
    y = _weekday_series()
    train, test = y.iloc[:-14], y.iloc[-14:]
    fh = np.arange(1, 15)
    errors = {}
    for setting in (None, "auto"):
        forecaster = LSTMForecaster(**SETTINGS, window_norm=norm, calendar=setting)
        forecast = forecaster.fit(train, fh=fh).predict()
        errors[setting] = np.abs(forecast.to_numpy() - test.to_numpy()).mean()
    assert forecaster.calendar_features_[:2] == ["day_of_week_sin", "day_of_week_cos"]
    assert errors["auto"] * gain < errors[None]


def test_each_series_of_a_panel_reads_its_own_dates():
    a = _weekday_series("2020-01-01", 200)
    b = _weekday_series("2020-03-03", 180, seed=1)  # ends on another weekday
    panel = pd.concat([a, b], keys=["a", "b"]).to_frame("y")
    train = panel.groupby(level=0).head(-7)
    test = panel.groupby(level=0).tail(7)
    forecaster = LSTMForecaster(**SETTINGS, calendar="auto").fit(train, fh=range(1, 8))
    forecast = forecaster.predict()
    pd.testing.assert_index_equal(forecast.index, test.index)
    error = np.abs(forecast.to_numpy() - test.to_numpy()).mean()
    assert error < 1.0  # the weekday effects span 8


def test_updated_rows_get_their_calendar():
    y = _weekday_series(periods=60)
    forecaster = GRUForecaster(**TINY, calendar="auto").fit(y.iloc[:50], fh=[1])
    forecaster.update(y.iloc[50:53], update_params=False)
    expected = features(y.index[50:53], ["day_of_week", "day_of_year"])
    np.testing.assert_allclose(forecaster.history_[0][-3:, 1:], expected)


def test_without_a_calendar_to_read_it_changes_nothing():
    y = pd.Series(np.sin(np.arange(60) / 3.0) + 5)  # an integer index
    plain = LSTMForecaster(**TINY).fit(y, fh=[1, 2]).predict()
    auto = LSTMForecaster(**TINY, calendar="auto").fit(y, fh=[1, 2])
    assert auto.calendar_features_ == []
    pd.testing.assert_series_equal(auto.predict(), plain)


def test_the_calendar_follows_x_and_needs_none_at_predict():
    y = _weekday_series(periods=80)
    X = pd.DataFrame(
        {"x": np.arange(90.0)}, index=pd.date_range("2020-01-01", periods=90)
    )
    forecaster = LSTMForecaster(**TINY, calendar="auto").fit(
        y, X=X.iloc[:80], fh=[1, 2]
    )
    assert forecaster.exog_columns_ == ["x"]
    assert forecaster.network_.n_exog == 1 + 4
    assert len(forecaster.predict(X=X)) == 2
    calendar_only = LSTMForecaster(**TINY, calendar="auto").fit(y, fh=[1, 2])
    assert calendar_only.predict().index[0] == y.index[-1] + pd.Timedelta(days=1)


def _lead_lag_panel(n_series=20, length=120, lag=2, seed=0):
    # b follows a, `lag` steps late: b's next `lag` values are a's last ones
    rng = np.random.default_rng(seed)
    frames = []
    for _ in range(n_series):
        a = rng.normal(size=length + lag)
        b = a[:-lag] + rng.normal(0, 0.05, length)
        frames.append(pd.DataFrame({"a": a[lag:], "b": b}))
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def test_a_target_that_leads_another_improves_its_forecast():
    # several targets (multivariate y): one network reads both columns
    panel = _lead_lag_panel()
    train = panel.groupby(level=0).head(-2)
    actual = panel.groupby(level=0).tail(2)["b"].to_numpy()
    settings = dict(SETTINGS, window_length=6, max_epochs=30)
    both = LSTMForecaster(**settings).fit(train, fh=[1, 2]).predict()["b"]
    alone = LSTMForecaster(**settings).fit(train[["b"]], fh=[1, 2]).predict()["b"]
    error_both = np.abs(both.to_numpy() - actual).mean()
    error_alone = np.abs(alone.to_numpy() - actual).mean()
    assert error_both * 2 < error_alone  # the leading column carries b's future


def test_the_calendar_enters_unscaled_so_a_date_reads_alike_in_every_series():
    a = _weekday_series("2020-01-01", 60)
    b = _weekday_series("2020-01-20", 30, seed=1) * 100  # another level and spread
    panel = pd.concat([a, b], keys=["a", "b"]).to_frame("y")
    forecaster = LSTMForecaster(**TINY, calendar="auto").fit(panel, fh=[1])
    for scaler in forecaster.scalers_:
        np.testing.assert_array_equal(scaler.loc[1:], 0.0)
        np.testing.assert_array_equal(scaler.scale[1:], 1.0)


def test_a_network_pretrained_with_another_calendar_is_named():
    days = _weekday_series(periods=80)
    panel = pd.concat([days, days], keys=["a", "b"]).to_frame("y")
    pretrained = LSTMForecaster(**TINY, calendar="auto").pretrain(panel, fh=[1])
    weeks = pd.Series(
        np.arange(60.0), index=pd.date_range("2020", periods=60, freq="W")
    )
    with pytest.raises(ValueError, match="pretrained with the calendar features"):
        pretrained.clone().fit(weeks, fh=[1])
    assert len(pretrained.clone().fit(days, fh=[1]).predict()) == 1
