"""Correctness off the main paths: index kinds, future X, intervals, rollback, gaps."""

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import TINY, noise_panel, random_walk_panel
from sktime.forecasting.naive import NaiveForecaster
from sktime.utils._testing.hierarchical import _make_hierarchical

from sktime_lstm import GRUForecaster, LSTMForecaster, RNNForecaster


def _no_freq(index):
    return pd.DatetimeIndex(list(index))  # the same dates, no freq attribute


PANELS = {
    "hierarchy, unequal cutoffs": lambda: _make_hierarchical(
        hierarchy_levels=(5,),
        min_timepoints=40,
        max_timepoints=60,
        same_cutoff=False,
        random_state=0,
    ),
    "hierarchy, same cutoff": lambda: _make_hierarchical(
        hierarchy_levels=(5,), min_timepoints=40, max_timepoints=60, random_state=0
    ),
    "two-level hierarchy": lambda: _make_hierarchical(
        hierarchy_levels=(2, 2),
        min_timepoints=20,
        max_timepoints=30,
        same_cutoff=False,
        random_state=1,
    ),
    "daily, no freq, unequal starts and ends": lambda: noise_panel(
        [
            _no_freq(pd.date_range("2020-01-01", periods=30, freq="D")),
            _no_freq(pd.date_range("2020-01-10", periods=25, freq="D")),
        ]
    ),
    "weekly, no freq": lambda: noise_panel(
        [_no_freq(pd.date_range("2020-01-05", periods=30, freq="W-SUN"))] * 2
    ),
    "month starts, no freq": lambda: noise_panel(
        [
            _no_freq(pd.date_range("2010-01-01", periods=40, freq="MS")),
            _no_freq(pd.date_range("2011-03-01", periods=30, freq="MS")),
        ]
    ),
    "hourly, no freq": lambda: noise_panel(
        [_no_freq(pd.date_range("2020-01-01", periods=30, freq="h"))] * 2
    ),
    "hourly, no freq, one two-point series": lambda: noise_panel(
        [
            _no_freq(pd.date_range("2020-01-01", periods=30, freq="h")),
            _no_freq(pd.date_range("2020-01-03", periods=2, freq="h")),
        ]
    ),
    "period, unequal": lambda: noise_panel(
        [
            pd.period_range("2000-01", periods=30, freq="M"),
            pd.period_range("2001-06", periods=20, freq="M"),
        ]
    ),
    "range, unequal": lambda: noise_panel([pd.RangeIndex(30), pd.RangeIndex(5, 40)]),
}


@pytest.mark.parametrize("name", [n for n in PANELS if "two-point" not in n])
def test_panels_of_every_index_kind_forecast_at_naives_times(name):
    y = PANELS[name]()
    fh = [1, 2, 3]
    forecast = RNNForecaster(**TINY).fit(y, fh=fh).predict()
    naive = NaiveForecaster().fit(y, fh=fh).predict()
    pd.testing.assert_index_equal(forecast.index, naive.index, exact=False)
    assert np.isfinite(forecast.to_numpy()).all()


def test_a_series_too_short_to_show_its_frequency_takes_the_panels():
    # NaiveForecaster fails here ("Need at least 3 dates to infer frequency")
    y = PANELS["hourly, no freq, one two-point series"]()
    forecast = RNNForecaster(**TINY).fit(y, fh=[1, 2]).predict()
    expected = pd.to_datetime(
        ["2020-01-02 06:00", "2020-01-02 07:00", "2020-01-03 02:00", "2020-01-03 03:00"]
    )
    assert list(forecast.index.get_level_values(-1)) == list(expected)


def test_a_panel_of_mixed_frequencies_is_named():
    y = noise_panel(
        [
            _no_freq(pd.date_range("2020-01-01", periods=30, freq="MS")),
            _no_freq(pd.date_range("2020-01-01", periods=30, freq="D")),
        ]
    )
    with pytest.raises(ValueError, match="different frequencies"):
        LSTMForecaster(**TINY).fit(y, fh=[1])


def test_a_frequency_that_cannot_be_inferred_is_named():
    y = pd.Series([1.0, 2.0], index=_no_freq(pd.date_range("2020", periods=2)))
    with pytest.raises(ValueError, match="no regular frequency"):
        LSTMForecaster(**{**TINY, "window_length": 1}).fit(y, fh=[1])


# ------------------------------------------------------------- known-future X
def _driven(n=80, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = pd.Series(3 * x + 0.1 * rng.normal(size=n), name="y")
    return y, pd.DataFrame({"x": x, "z": rng.normal(size=n)})


X_SETTINGS = [
    ("direct", "mae", None),
    ("direct", "normal", None),
    ("direct", "quantile", None),
    ("direct", "student_t", 3),  # rolled beyond a 3-step head
    ("direct", "normal", 3),
    ("direct", "quantile", 4),
    ("recursive", "normal", None),
    ("recursive", "mae", None),
]


def _fitted_with_x(strategy, loss, horizon):
    y, X = _driven()
    forecaster = LSTMForecaster(
        **TINY,
        strategy=strategy,
        loss=loss,
        horizon=horizon,
        n_samples=50,
        past_covariates=["z"],
    )
    return forecaster.fit(y[:60], X=X[:60], fh=range(1, 7)), X


@pytest.mark.parametrize("strategy, loss, horizon", X_SETTINGS)
def test_a_steps_forecast_does_not_depend_on_the_other_steps_of_fh(
    strategy, loss, horizon
):
    forecaster, X = _fitted_with_x(strategy, loss, horizon)
    full = forecaster.predict(fh=range(1, 8), X=X)
    for step in (1, 5):
        alone = forecaster.predict(fh=[step], X=X)
        np.testing.assert_allclose(alone.iloc[0], full.iloc[step - 1], rtol=1e-5)
    if loss != "mae":
        full_interval = forecaster.predict_interval(fh=range(1, 8), X=X)
        for step in (1, 2, 5):
            alone = forecaster.predict_interval(fh=[step], X=X)
            np.testing.assert_allclose(
                alone.iloc[0], full_interval.iloc[step - 1], rtol=1e-5
            )


@pytest.mark.parametrize("step", [-8, 0])
def test_an_in_sample_value_reads_the_historys_x_over_the_whole_head(step):
    # one pretrained network, no scaler: a fit only sets the context, so the
    # fitted value at time t equals the forecast made at t - 1 from the same X
    y, X = _driven()
    panel_y = pd.concat([y, y * 0.5], keys=[0, 1]).to_frame()
    panel_X = pd.concat([X, X], keys=[0, 1])
    settings = dict(TINY, scaler=None, past_covariates=["z"])
    pretrained = LSTMForecaster(**settings).pretrain(panel_y, X=panel_X, fh=range(1, 7))
    fitted = pretrained.clone().fit(y[:60], X=X[:60])
    in_sample = fitted.predict(fh=[step]).iloc[0]
    time = 59 + step
    from_before = pretrained.clone().fit(y[:time], X=X[:time])
    # the history's X: all of the head's 6 rows at step -8, 1 (carried) at 0
    ahead = from_before.predict(fh=range(1, 7), X=X[:60].reindex(range(70)).ffill())
    ahead = ahead.iloc[0]
    assert in_sample == pytest.approx(ahead, rel=1e-5)
    with_future = fitted.predict(fh=[step, 1, 2], X=X).iloc[0]
    assert with_future == pytest.approx(in_sample, rel=1e-5)


def test_the_future_x_of_the_whole_head_block_is_read():
    y, X = _driven()
    forecaster = LSTMForecaster(**TINY).fit(y[:60], X=X[:60], fh=range(1, 7))
    changed = X.copy()
    changed.loc[65, "x"] += 100.0  # step 6: inside the head, outside fh=[1]
    before = forecaster.predict(fh=[1], X=X).iloc[0]
    after = forecaster.predict(fh=[1], X=changed).iloc[0]
    assert before != after
    # beyond what X gives, its last row is carried: the same as giving it
    short = forecaster.predict(fh=[1], X=X.iloc[:61]).iloc[0]
    carried = X.iloc[:61].reindex(range(80)).ffill()
    assert short == forecaster.predict(fh=[1], X=carried).iloc[0]


# ---------------------------------------------------------------- intervals
@pytest.mark.parametrize("loss", ["normal", "student_t", "quantile"])
def test_intervals_in_the_head_are_its_closed_form_whatever_fhs_length(loss):
    forecaster = GRUForecaster(**TINY, loss=loss, n_samples=40)
    forecaster.fit(random_walk_panel(), fh=[1, 2, 3])
    short = forecaster.predict_interval(fh=[1, 2], coverage=0.8)
    long = forecaster.predict_interval(fh=range(1, 8), coverage=0.8)
    in_head = long.groupby(level=0).head(2)
    np.testing.assert_allclose(short.to_numpy(), in_head.to_numpy(), rtol=1e-6)
    var_short = forecaster.predict_var(fh=[1, 2])
    var_long = forecaster.predict_var(fh=range(1, 8)).groupby(level=0).head(2)
    np.testing.assert_allclose(var_short.to_numpy(), var_long.to_numpy(), rtol=1e-6)


def test_a_mixed_distribution_keeps_the_closed_form_in_the_head():
    forecaster = GRUForecaster(**TINY, loss="normal", n_samples=400)
    forecaster.fit(random_walk_panel(), fh=[1, 2, 3])
    closed = forecaster.predict_proba(fh=[1, 2, 3])
    mixed = forecaster.predict_proba(fh=range(1, 8))
    assert type(closed).__name__ == "Normal"
    assert type(mixed).__name__ == "Empirical"
    head = mixed.mean().groupby(level=0).head(3)
    np.testing.assert_allclose(
        head.to_numpy(), closed.mean().to_numpy(), rtol=1e-3, atol=1e-3
    )
    # within the head, the empirical draws are the Normal's quantile grid
    sd = np.sqrt(mixed.var().groupby(level=0).head(3).to_numpy())
    np.testing.assert_allclose(sd, closed.sigma, rtol=0.02)
    # beyond it, the draws are the sampled paths predict_var summarises
    beyond = mixed.var().groupby(level=0).tail(4).to_numpy()
    sampled = forecaster.predict_var(fh=range(1, 8)).groupby(level=0).tail(4)
    np.testing.assert_allclose(beyond, sampled.to_numpy(), rtol=1e-4)


@pytest.mark.parametrize("fh", [[1, 2], range(1, 8)], ids=["head", "beyond"])
def test_quantile_levels_outside_the_learnt_ones_are_refused_on_both_paths(fh):
    narrow = GRUForecaster(
        **TINY, loss="quantile", quantiles=(0.1, 0.5, 0.9), n_samples=20
    ).fit(random_walk_panel(), fh=[1, 2])
    with pytest.raises(ValueError, match="outside the quantiles"):
        narrow.predict_quantiles(fh=fh, alpha=[0.01, 0.99])
    assert narrow.predict_interval(fh=fh, coverage=0.8).notna().all().all()
    default = GRUForecaster(**TINY, loss="quantile", n_samples=20)
    default.fit(random_walk_panel(), fh=[1, 2])
    with pytest.raises(ValueError, match="outside the quantiles"):
        default.predict_interval(fh=fh, coverage=0.99)


def test_empty_coverage_and_alpha_give_empty_frames():
    forecaster = GRUForecaster(**TINY, loss="normal").fit(
        random_walk_panel(), fh=[1, 2]
    )
    quantiles = forecaster.predict_quantiles(alpha=[])
    assert quantiles.shape == (12, 0)
    naive = NaiveForecaster().fit(random_walk_panel(), fh=[1, 2])
    assert forecaster.predict_interval(coverage=[]).shape == (
        naive.predict_interval(coverage=[]).shape
    )


# ------------------------------------------------------- pretrain, rollback
def test_pretrain_after_fit_pretrains_afresh():
    panel = random_walk_panel()
    fitted = LSTMForecaster(**TINY).fit(panel.loc[0], fh=[1, 2])
    fitted.pretrain(panel)
    assert fitted.state == "pretrained"
    fresh = LSTMForecaster(**TINY).pretrain(panel)
    series = panel.loc[1]
    np.testing.assert_array_equal(
        fitted.fit(series, fh=[1, 2]).predict(), fresh.fit(series, fh=[1, 2]).predict()
    )


def test_a_failed_update_leaves_the_model_exactly_as_it_was():
    y, X = _driven()
    forecaster = LSTMForecaster(**TINY, loss="normal").fit(
        y[:50], X=X[:50], fh=[1, 2, 3]
    )
    cutoff, remembered = forecaster.cutoff, forecaster._y.copy()
    point = forecaster.predict(X=X)
    interval = forecaster.predict_interval(X=X)
    with pytest.raises(ValueError, match="lacks the column"):
        forecaster.update(y[50:55], X=X[50:55].rename(columns={"x": "w"}))
    assert forecaster.cutoff.equals(cutoff)
    assert forecaster._y.equals(remembered)
    pd.testing.assert_series_equal(forecaster.predict(X=X), point)
    pd.testing.assert_frame_equal(forecaster.predict_interval(X=X), interval)


# ---------------------------------------------------------------------- gaps
@pytest.mark.parametrize(
    "index",
    [
        pd.Index(np.arange(40)),
        pd.period_range("2000-01", periods=40, freq="M"),
        pd.date_range("2000-01-01", periods=40, freq="D"),
    ],
    ids=["integer", "period", "datetime"],
)
def test_skipped_steps_are_missing_values(index):
    rng = np.random.default_rng(0)
    y = pd.Series(10 + rng.normal(size=40), index=index)
    skipped = [5, 6, 20, 37]
    explicit = y.copy()
    explicit.iloc[skipped] = np.nan
    gappy = y.drop(y.index[skipped])
    expected = LSTMForecaster(**TINY).fit(explicit, fh=[1, 2]).predict()
    if isinstance(index, pd.DatetimeIndex):
        # gappy dates show no frequency of their own: a panel's other series does
        gappy.index = _no_freq(gappy.index)
        regular = pd.Series(y.to_numpy(), index=_no_freq(index))
        gappy = pd.concat([regular, gappy], keys=["a", "b"]).to_frame("y")
        explicit_panel = pd.concat([regular, explicit], keys=["a", "b"]).to_frame("y")
        expected = LSTMForecaster(**TINY).fit(explicit_panel, fh=[1, 2]).predict()
        forecast = LSTMForecaster(**TINY).fit(gappy, fh=[1, 2]).predict()
        pd.testing.assert_frame_equal(forecast, expected, check_freq=False)
        with pytest.raises(ValueError, match="no regular frequency"):
            LSTMForecaster(**TINY).fit(gappy.loc["b"], fh=[1])
        return
    forecast = LSTMForecaster(**TINY).fit(gappy, fh=[1, 2]).predict()
    pd.testing.assert_series_equal(forecast, expected, check_freq=False)
    # update: steps skipped between the cutoff and the new points are missing too
    later = pd.Series([11.0, 12.0], index=_later(index, [42, 43]))
    with_nan = pd.Series(
        [np.nan, np.nan, 11.0, 12.0], index=_later(index, range(40, 44))
    )
    by_gap = (
        LSTMForecaster(**TINY)
        .fit(explicit, fh=[1, 2])
        .update(later, update_params=False)
    )
    by_nan = (
        LSTMForecaster(**TINY)
        .fit(explicit, fh=[1, 2])
        .update(with_nan, update_params=False)
    )
    pd.testing.assert_series_equal(by_gap.predict(), by_nan.predict(), check_freq=False)
    assert by_gap.predict().index[0] == _later(index, [44])[0]


def _later(index, positions):
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(index[0], periods=45, freq=index.freq)[list(positions)]
    if isinstance(index, pd.DatetimeIndex):
        return pd.date_range(index[0], periods=45, freq=index.freq)[list(positions)]
    return pd.Index(np.arange(45))[list(positions)]


def test_times_off_the_frequency_are_named():
    index = pd.date_range("2020-01-01", periods=30, freq="D").tolist()
    index[10] = index[10] + pd.Timedelta(hours=5)
    y = noise_panel(
        [pd.date_range("2020-01-01", periods=30, freq="D"), pd.DatetimeIndex(index)]
    )
    with pytest.raises(ValueError, match="do not lie on its frequency"):
        LSTMForecaster(**TINY).fit(y, fh=[1])


# ------------------------------------------------------------ clear messages
def test_a_target_column_without_values_is_named():
    y = pd.DataFrame({"a": np.arange(30.0), "b": np.nan})
    with pytest.raises(ValueError, match=r"column\(s\) \['b'\] of y have no observed"):
        LSTMForecaster(**TINY).fit(y, fh=[1])


def test_targets_never_observed_together_are_named():
    a = np.where(np.arange(30) % 2 == 0, np.arange(30.0), np.nan)
    b = np.where(np.arange(30) % 2 == 1, np.arange(30.0), np.nan)
    y = pd.DataFrame({"a": a, "b": b})
    with pytest.raises(ValueError, match="no step of y has a value in every one"):
        LSTMForecaster(**TINY).fit(y, fh=[1])


def test_a_cuda_index_beyond_the_visible_gpus_is_named_at_fit(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    y = pd.Series(np.arange(30.0))
    with pytest.raises(ValueError, match="1 visible CUDA device"):
        LSTMForecaster(**TINY, device="cuda:3").fit(y, fh=[1])
