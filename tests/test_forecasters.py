"""Behaviour of the public forecasters beyond sktime's conformance suite."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import TINY_BATCHED, monthly_panel
from sktime.forecasting.base import ForecastingHorizon

import sktime_lstm.training
from sktime_lstm import GRUForecaster, LSTMForecaster, RNNForecaster

ALL = [LSTMForecaster, GRUForecaster, RNNForecaster]


def sine(n=240, period=12):
    return pd.Series(np.sin(2 * np.pi * np.arange(n) / period))


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize(
    "y, bound",
    [
        (sine(), 0.05),  # noiseless sine, amplitude 1
        (pd.Series(5.0 + 0.5 * np.arange(240)), 0.5),  # linear trend: one step
    ],
    ids=["sine", "trend"],
)
def test_clean_signals_are_forecast_accurately(cls, y, bound):
    forecaster = cls(
        hidden_size=16,
        window_length=24,
        max_epochs=30,
        batch_size=32,  # 7 steps an epoch on these 200 windows
        learning_rate=3e-3,
        lr_schedule=None,
        num_layers=1,
        random_state=0,
    )
    forecaster.fit(y[:-12], fh=np.arange(1, 13))
    error = np.abs(forecaster.predict().to_numpy() - y[-12:].to_numpy()).mean()
    assert error < bound


def test_panel_trains_one_network_and_forecasts_each_series_from_its_own_end():
    y = monthly_panel()
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2, 3])
    y_pred = forecaster.predict()
    assert isinstance(forecaster.network_, torch.nn.Module)
    assert len(forecaster.scalers_) == 3
    assert list(y_pred.index.names) == ["unit", "time"]
    for unit in "abc":
        last = y.loc[unit].index[-1]
        expected = pd.period_range(last + 1, periods=3, freq="M")
        assert y_pred.loc[unit].index.equals(expected)
    # each series keeps its own level through its own scaler
    means = y_pred.groupby(level="unit")["y"].mean()
    assert means["a"] < means["b"] < means["c"]


def test_hierarchy_with_datetime_index():
    index = pd.MultiIndex.from_product(
        [["r1", "r2"], ["s1", "s2"], pd.date_range("2020-01-01", periods=20, freq="D")],
        names=["region", "store", "day"],
    )
    y = pd.DataFrame({"sales": np.random.default_rng(0).normal(size=80)}, index=index)
    y_pred = GRUForecaster(**TINY_BATCHED).fit(y, fh=[1, 2]).predict()
    assert len(y_pred) == 8
    assert y_pred.index.get_level_values("day").max() == pd.Timestamp("2020-01-22")


@pytest.mark.parametrize(
    "patterns_swapped, columns",
    [(False, ["small", "big"]), (True, ["small", "big"]), (False, ["big", "small"])],
    ids=["as-built", "patterns-swapped", "columns-reordered"],
)
def test_multivariate_columns_keep_their_own_scale_and_pattern(
    patterns_swapped, columns
):
    # two patterns 1000x apart in scale: each column's forecast must continue
    # its own pattern at its own scale, so swapping the patterns between the
    # columns swaps the forecasts, and reordering the columns changes nothing
    t = np.arange(75)
    patterns = [np.sin(2 * np.pi * t / 12), np.cos(2 * np.pi * t / 6)]
    if patterns_swapped:
        patterns.reverse()
    y = pd.DataFrame({"small": patterns[0], "big": 5000 + 1000 * patterns[1]})
    y_train, truth = y[columns][:72], y[72:]
    settings = dict(window_length=12, max_epochs=15, batch_size=16, learning_rate=2e-2)
    forecaster = LSTMForecaster(**{**TINY_BATCHED, **settings}).fit(
        y_train, fh=[1, 2, 3]
    )
    y_pred = forecaster.predict()
    assert list(y_pred.columns) == columns
    # within a tenth of each column's amplitude (measured: 0.006 and 30 at most)
    assert np.abs(y_pred["small"] - truth["small"]).max() < 0.1
    assert np.abs(y_pred["big"] - truth["big"]).max() < 100


@pytest.mark.parametrize("strategy", ["direct", "recursive"])
def test_non_contiguous_fh_gives_exactly_those_steps(strategy):
    y = sine(80)
    forecaster = LSTMForecaster(**TINY_BATCHED, strategy=strategy, horizon=4).fit(y)
    full = forecaster.predict(fh=np.arange(1, 13))
    picked = forecaster.predict(fh=[2, 5, 12])
    assert list(picked.index) == [81, 84, 91]
    np.testing.assert_allclose(picked.to_numpy(), full.loc[[81, 84, 91]].to_numpy())


def test_fh_longer_than_head_is_rolled_block_by_block():
    y = sine(80)
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2, 3])
    assert forecaster.horizon_ == 3
    y_pred = forecaster.predict(fh=np.arange(1, 11))
    assert list(y_pred.index) == list(range(80, 90))
    # the first block is the head's own output
    np.testing.assert_allclose(y_pred.iloc[:3], forecaster.predict(fh=[1, 2, 3]))
    # each later block is the head's output from a context that ends in the
    # blocks before it, as if they had been observed
    for block in (slice(0, 3), slice(3, 6), slice(6, 9)):
        forecaster.update(y_pred.iloc[block], update_params=False)
        following = slice(block.stop, block.stop + 3)
        np.testing.assert_array_equal(
            y_pred.iloc[following],
            forecaster.predict().iloc[: len(y_pred) - block.stop],
        )


@pytest.mark.parametrize("norm", ["standard", "last"])
def test_no_fh_in_fit_gives_a_one_step_head_that_rolls(norm):
    forecaster = LSTMForecaster(**TINY_BATCHED, window_norm=norm).fit(sine(50))
    assert forecaster.horizon_ == 1
    y_pred = forecaster.predict(fh=[1, 2, 3, 4])
    assert list(y_pred.index) == [50, 51, 52, 53]
    # step 2 is the one-step forecast from a context that ends in step 1
    forecaster.update(y_pred.iloc[:1], update_params=False)
    updated = forecaster.predict(fh=[1]).iloc[0]
    if norm == "standard":
        assert updated == y_pred.iloc[1]
    else:
        # the value fed back goes through the scaler in float64 and back to
        # float32 when updated; "last" takes that value as the level, so the
        # rounding shows: 0.51112525 against 0.51112521
        assert updated == pytest.approx(y_pred.iloc[1], rel=1e-6)


def test_relative_and_absolute_fh_agree():
    y = sine(50)
    y.index = pd.period_range("2001-01", periods=50, freq="M")
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2])
    absolute = ForecastingHorizon(
        pd.PeriodIndex(["2005-03", "2005-04"], freq="M"), is_relative=False
    )
    pd.testing.assert_series_equal(forecaster.predict(), forecaster.predict(absolute))


def test_same_random_state_gives_identical_forecasts_and_leaves_global_rng():
    y = sine(60)
    torch.manual_seed(123)
    expected_draw = torch.rand(1)
    torch.manual_seed(123)
    first = (
        LSTMForecaster(**{**TINY_BATCHED, "dropout": 0.2}).fit(y, fh=[1, 2]).predict()
    )
    assert torch.equal(torch.rand(1), expected_draw)  # global RNG not advanced
    second = (
        LSTMForecaster(**{**TINY_BATCHED, "dropout": 0.2}).fit(y, fh=[1, 2]).predict()
    )
    other = (
        LSTMForecaster(**{**TINY_BATCHED, "random_state": 1})
        .fit(y, fh=[1, 2])
        .predict()
    )
    pd.testing.assert_series_equal(first, second)
    assert not np.allclose(first, other)


def test_pickle_round_trip_reproduces_predictions():
    forecaster = GRUForecaster(**TINY_BATCHED).fit(sine(60), fh=[1, 2, 3])
    restored = pickle.loads(pickle.dumps(forecaster))
    pd.testing.assert_series_equal(forecaster.predict(), restored.predict())


def test_pickled_state_holds_cpu_tensors():
    forecaster = GRUForecaster(**TINY_BATCHED).fit(sine(60), fh=[1])
    state = forecaster.__getstate__()
    assert next(state["network_"].parameters()).device.type == "cpu"


@pytest.mark.parametrize(
    "length, horizon",
    [(8, 5), (4, 3)],  # window_length + horizon = 11 and 9; (4, 3): context too
    ids=["windows", "windows-and-context"],
)
def test_short_series_trains_and_forecasts_as_if_left_padded_with_nan(length, horizon):
    # padding is masked, as a missing value is: a short series trains and
    # forecasts exactly as the same series behind explicit NaNs would
    y, fh = sine(length), np.arange(1, horizon + 1)
    padded = LSTMForecaster(**TINY_BATCHED).fit(y, fh=fh)
    n_missing = TINY_BATCHED["window_length"] + horizon - length
    explicit = pd.Series(np.r_[np.full(n_missing, np.nan), y.to_numpy()])
    told = LSTMForecaster(**TINY_BATCHED).fit(explicit, fh=fh)
    for trained, reference in zip(
        padded.network_.parameters(), told.network_.parameters(), strict=True
    ):
        assert torch.equal(trained, reference)
    y_pred = padded.predict()
    assert list(y_pred.index) == list(range(length, length + horizon))
    np.testing.assert_allclose(y_pred.to_numpy(), told.predict().to_numpy(), atol=1e-12)


def test_too_short_series_raises_with_the_length_needed():
    with pytest.raises(ValueError, match=r"at least horizon \+ 1 = 6 observations"):
        LSTMForecaster(**TINY_BATCHED).fit(sine(5), fh=np.arange(1, 6))


def test_validation_that_leaves_nothing_to_train_raises():
    with pytest.raises(ValueError, match="validation_size"):
        LSTMForecaster(**TINY_BATCHED, validation_size=0.9).fit(sine(12), fh=[1, 2])


def test_early_stopping_restores_and_records_history():
    noise = pd.Series(np.random.default_rng(0).normal(size=80))  # nothing to learn
    forecaster = LSTMForecaster(
        **{**TINY_BATCHED, "max_epochs": 50},
        learning_rate=0.01,
        validation_size=0.2,
        early_stopping_patience=2,
    ).fit(noise, fh=[1, 2])
    history = forecaster.training_history_
    assert {"train_loss", "validation_loss"} <= set(history.columns)
    assert len(history) < 50  # stopped early
    best = history["validation_loss"].idxmin()
    assert len(history) - best == 2  # patience epochs after the best one


def test_max_steps_bounds_training():
    forecaster = LSTMForecaster(**{**TINY_BATCHED, "max_epochs": 100}, max_steps=2)
    forecaster.fit(sine(200), fh=[1])
    assert len(forecaster.training_history_) == 1  # 2 steps < one epoch


def test_update_without_params_moves_context_not_weights():
    y = sine(60)
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y[:50], fh=[1, 2])
    weights = {k: v.clone() for k, v in forecaster.network_.state_dict().items()}
    forecaster.update(y[50:], update_params=False)
    assert forecaster.cutoff[0] == 59
    for key, value in forecaster.network_.state_dict().items():
        assert torch.equal(value, weights[key])
    assert forecaster.history_[0][-1, 0] == y.iloc[-1]
    # the forecast now continues from the new data, as a fit on all of it would
    on_all_data = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2])
    on_all_data.network_ = forecaster.network_
    on_all_data.scalers_ = forecaster.scalers_  # scalers stay as fitted
    pd.testing.assert_series_equal(forecaster.predict(), on_all_data.predict())


def test_update_with_params_fine_tunes_a_copy():
    y = sine(60)
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y[:50], fh=[1, 2])
    before = forecaster.network_
    old_weights = [p.detach().clone() for p in before.parameters()]
    forecaster.update(y[50:], update_params=True)
    assert forecaster.network_ is not before
    assert all(torch.equal(p, o) for p, o in zip(before.parameters(), old_weights))
    assert any(
        not torch.equal(p, o)
        for p, o in zip(forecaster.network_.parameters(), old_weights)
    )
    assert list(forecaster.predict().index) == [60, 61]


def test_pretrain_then_fit_keeps_weights_and_predicts_new_series():
    forecaster = LSTMForecaster(**TINY_BATCHED).pretrain(monthly_panel(), fh=[1, 2, 3])
    assert forecaster.state == "pretrained"
    y = pd.Series(
        100 + np.sin(np.arange(30) / 2),
        index=pd.period_range("2010-01", periods=30, freq="M"),
    )
    forecaster.fit(y, fh=[1, 2, 3])
    assert forecaster.network_ is forecaster.pretrained_network_
    y_pred = forecaster.predict()
    assert y_pred.index[0] == pd.Period("2012-07", "M")
    assert np.all(np.abs(y_pred - 100) < 5)  # the series' own level, via its scaler


def test_fit_after_pretrain_can_fine_tune():
    forecaster = LSTMForecaster(**TINY_BATCHED, finetune_epochs=2).pretrain(
        monthly_panel(), fh=[1]
    )
    pretrained = [
        p.detach().clone() for p in forecaster.pretrained_network_.parameters()
    ]
    forecaster.fit(monthly_panel().loc["a"]["y"], fh=[1])
    assert forecaster.network_ is not forecaster.pretrained_network_
    unchanged = forecaster.pretrained_network_.parameters()
    assert all(torch.equal(p, o) for p, o in zip(unchanged, pretrained))


def test_pretrained_column_count_must_match():
    forecaster = LSTMForecaster(**TINY_BATCHED).pretrain(monthly_panel(), fh=[1])
    y = pd.DataFrame({"a": sine(30), "b": sine(30)})
    with pytest.raises(ValueError, match="pretrained on 1 target column"):
        forecaster.fit(y, fh=[1])


@pytest.mark.parametrize(
    "param, value",
    [
        ("window_length", 0),
        ("dropout", -0.1),
        ("loss", "pinball"),
        ("scaler", "zscore"),
        ("strategy", "seq2seq"),
        ("device", "tpu"),
        ("learning_rate", 0),
        ("head_hidden_sizes", (0,)),
        ("validation_size", 1.5),
        ("readout", "first"),
        ("lr_schedule", "linear"),
        ("precision", "fp16"),
        ("sp", 0),
        ("sp", "yes"),
        ("sp", 2.5),
        ("long_trend", "yes"),
    ],
)
def test_invalid_parameters_are_named_at_fit(param, value):
    forecaster = LSTMForecaster(
        **{**TINY_BATCHED, param: value}
    )  # construction never checks
    with pytest.raises(ValueError, match=f"The '{param}' parameter of LSTMForecaster"):
        forecaster.fit(sine(30), fh=[1])


def test_cuda_device_without_cuda_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA is not available"):
        LSTMForecaster(**TINY_BATCHED, device="cuda").fit(sine(30), fh=[1])


@pytest.mark.parametrize("sp", [12, np.int64(12)], ids=["int", "numpy int"])
def test_sp_longer_than_the_window_is_a_clear_error(sp):
    with pytest.raises(ValueError, match="window_length >= 12, not 6"):
        LSTMForecaster(**TINY_BATCHED, sp=sp).fit(sine(30), fh=[1])


def test_sp_auto_detects_the_period_and_trains_as_if_told():
    rng = np.random.default_rng(0)
    pattern = np.tile(rng.normal(size=4), 30)
    y = pd.Series(pattern + 0.1 * rng.normal(size=len(pattern)))
    auto = LSTMForecaster(**TINY_BATCHED, sp="auto").fit(y, fh=[1, 2])
    told = LSTMForecaster(**TINY_BATCHED, sp=4).fit(y, fh=[1, 2])
    assert auto.sp_ == told.sp_ == 4
    assert auto.network_.seasonal_period == 4
    pd.testing.assert_series_equal(auto.predict(), told.predict())


def test_the_default_sp_detects_on_one_series_and_not_on_a_panel():
    rng = np.random.default_rng(0)
    pattern = np.tile(rng.normal(size=4), 30)
    y = pd.Series(pattern + 0.1 * rng.normal(size=len(pattern)))
    assert LSTMForecaster().get_params()["sp"] == "auto-single"
    single = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2])
    told = LSTMForecaster(**TINY_BATCHED, sp=4).fit(y, fh=[1, 2])
    assert single.sp_ == single.network_.seasonal_period == 4
    pd.testing.assert_series_equal(single.predict(), told.predict())
    # the same series twice, as a panel: "auto" finds the season, the default not
    panel = pd.concat([y.to_frame("y")] * 2, keys=["a", "b"], names=["unit", "t"])
    assert LSTMForecaster(**TINY_BATCHED).fit(panel, fh=[1]).sp_ is None
    assert LSTMForecaster(**TINY_BATCHED, sp="auto").fit(panel, fh=[1]).sp_ == 4
    # one series in a panel's format is one series
    one = panel.loc[["a"]]
    assert LSTMForecaster(**TINY_BATCHED).fit(one, fh=[1]).sp_ == 4


def test_the_default_window_norm_is_last_on_one_series_and_standard_on_a_panel():
    y = sine(60)
    assert LSTMForecaster().get_params()["window_norm"] == "auto-single"
    single = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2])
    told = LSTMForecaster(**TINY_BATCHED, window_norm="last").fit(y, fh=[1, 2])
    assert single.window_norm_ == single.network_.window_norm == "last"
    pd.testing.assert_series_equal(single.predict(), told.predict())
    panel = pd.concat([y.to_frame("y")] * 2, keys=["a", "b"], names=["unit", "t"])
    assert LSTMForecaster(**TINY_BATCHED).fit(panel, fh=[1]).window_norm_ == "standard"
    one = panel.loc[["a"]]  # one series in a panel's format is one series
    assert LSTMForecaster(**TINY_BATCHED).fit(one, fh=[1]).window_norm_ == "last"
    chosen = LSTMForecaster(**TINY_BATCHED, window_norm="mean").fit(y, fh=[1])
    assert chosen.window_norm_ == "mean"


def test_the_default_budget_is_50_epochs_where_the_data_are_few():
    # one batch an epoch: max_epochs ends training long before max_steps (1500)
    forecaster = LSTMForecaster(hidden_size=4, num_layers=1, random_state=0)
    forecaster.fit(sine(80), fh=[1, 2])
    assert len(forecaster.training_history_) == 50


def test_sp_auto_without_a_season_trains_no_seasonal_part():
    y = pd.Series(np.cumsum(np.random.default_rng(0).normal(size=120)))
    forecaster = LSTMForecaster(**TINY_BATCHED, sp="auto").fit(y, fh=[1])
    assert forecaster.sp_ is None
    assert not forecaster.network_.seasonal
    assert LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1]).sp_ is None
    assert LSTMForecaster(**TINY_BATCHED, sp=1).fit(y, fh=[1]).sp_ is None


def test_sp_auto_after_pretrain_keeps_the_pretrained_period():
    seasonal = pd.concat(
        [pd.DataFrame({"y": np.tile([0.0, 1, 3, 1], 20) + i}) for i in range(3)],
        keys=["a", "b", "c"],
        names=["unit", "time"],
    )
    forecaster = LSTMForecaster(**TINY_BATCHED, sp="auto").pretrain(seasonal, fh=[1])
    assert forecaster.pretrained_network_.seasonal_period == 4
    # the series fitted shows no season; the pretrained network's period stays
    forecaster.fit(pd.Series(np.arange(40.0)), fh=[1])
    assert forecaster.sp_ == 4


@pytest.mark.parametrize("cls", ALL)
def test_sp_forecasts_a_seasonal_pattern_better_on_the_same_budget(cls):
    # an irregular yearly pattern (not a sine) with noise: the window's profile
    # carries it, which the plain network must learn from few steps
    rng = np.random.default_rng(0)
    pattern = np.tile(rng.normal(size=12), 15)
    y = pd.Series(pattern + 0.1 * rng.normal(size=len(pattern)))
    errors = {}
    for sp in (None, 12):
        forecaster = cls(
            **{**TINY_BATCHED, "window_length": 12, "max_epochs": 5}, sp=sp
        )
        forecaster.fit(y[:-12], fh=np.arange(1, 13))
        errors[sp] = np.abs(forecaster.predict().to_numpy() - pattern[-12:]).mean()
    assert errors[12] < 0.6 * errors[None]


def test_smape_loss_needs_an_unshifted_scaler():
    with pytest.raises(ValueError, match="scaler='mean' or None"):
        LSTMForecaster(**TINY_BATCHED, loss="smape").fit(sine(30) + 2, fh=[1])
    forecaster = LSTMForecaster(**TINY_BATCHED, loss="smape", scaler="mean")
    assert np.isfinite(forecaster.fit(sine(30) + 2, fh=[1]).predict()).all()


def test_bf16_without_native_support_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("sktime_lstm.training.native_bf16", lambda device: False)
    with pytest.raises(ValueError, match="bfloat16 natively"):
        LSTMForecaster(**TINY_BATCHED, precision="bf16").fit(sine(30), fh=[1])


def test_auto_precision_without_native_bf16_is_fp32(monkeypatch):
    monkeypatch.setattr("sktime_lstm.training.native_bf16", lambda device: False)
    fp32 = LSTMForecaster(**TINY_BATCHED).fit(sine(60), fh=[1, 2]).predict()
    auto = (
        LSTMForecaster(**TINY_BATCHED, precision="auto")
        .fit(sine(60), fh=[1, 2])
        .predict()
    )
    pd.testing.assert_series_equal(auto, fp32)


def test_bf16_trains_under_autocast_and_forecasts_in_fp32(monkeypatch):
    # the RNN cell has a bf16 kernel on every CPU (oneDNN's bf16 LSTM needs AVX-512)
    monkeypatch.setattr("sktime_lstm.training.native_bf16", lambda device: True)
    y, fh = sine(120), [1, 2, 3]
    fp32 = RNNForecaster(**TINY_BATCHED).fit(y, fh=fh)
    bf16 = RNNForecaster(**TINY_BATCHED, precision="bf16").fit(y, fh=fh)
    assert next(bf16.network_.parameters()).dtype == torch.float32
    assert not np.array_equal(bf16.predict(), fp32.predict())  # rounded differently
    np.testing.assert_allclose(bf16.predict(), fp32.predict(), atol=0.05)


def test_num_threads_is_applied_during_fit_and_restored(monkeypatch):
    before = torch.get_num_threads()
    other = 2 if before == 1 else 1  # the test session may already run on one
    seen = []
    train = sktime_lstm.training.train_network

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return train(*args, **kwargs)

    monkeypatch.setattr("sktime_lstm.training.train_network", spy)
    LSTMForecaster(**TINY_BATCHED, num_threads=other).fit(sine(30), fh=[1]).predict()
    assert seen == [other]
    assert torch.get_num_threads() == before


def test_quiet_by_default_and_progress_when_verbose(capsys):
    LSTMForecaster(**TINY_BATCHED).fit(sine(30), fh=[1])
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    LSTMForecaster(**TINY_BATCHED, verbose=True).fit(sine(30), fh=[1])
    assert "train_loss" in capsys.readouterr().err


def test_inputs_are_not_modified():
    y = monthly_panel()
    copy = y.copy()
    LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1]).predict()
    pd.testing.assert_frame_equal(y, copy)


def test_in_sample_fh_gives_one_step_fitted_values():
    y = sine(60)
    forecaster = LSTMForecaster(**TINY_BATCHED).fit(y, fh=[1, 2])
    y_pred = forecaster.predict(fh=np.arange(-59, 3))  # all of y and 2 steps ahead
    assert list(y_pred.index) == list(range(0, 62))
    assert np.isnan(y_pred.iloc[0]) and np.isfinite(y_pred.iloc[1:]).all()
    # the fitted value at t equals a forecast made from the data before t
    before_40 = LSTMForecaster(**TINY_BATCHED).fit(y[:40], fh=[1])
    before_40.network_ = forecaster.network_
    before_40.scalers_ = forecaster.scalers_
    np.testing.assert_allclose(y_pred.loc[40], before_40.predict().iloc[0], rtol=1e-6)
    pd.testing.assert_series_equal(y_pred.iloc[-2:], forecaster.predict(fh=[1, 2]))


def test_update_then_in_sample_equals_sktime_update_predict():
    y = sine(60)
    forecaster = LSTMForecaster(**TINY_BATCHED, strategy="recursive").fit(
        y[:50], fh=[1]
    )
    by_sktime = forecaster.update_predict(y[50:], update_params=False)
    forecaster.update(y[50:], update_params=False)
    by_fitted_values = forecaster.predict(fh=np.arange(-8, 1))  # days 51..59
    pd.testing.assert_series_equal(by_sktime, by_fitted_values, check_names=False)


@pytest.mark.parametrize("cls", ALL)
def test_long_trend_forecasts_a_trend_the_window_cannot_show(cls):
    # noise hides each series' slope in a 6-step window; all of its history shows it
    rng = np.random.default_rng(0)
    n_series, length, h = 30, 80, 6
    lines = rng.uniform(-1, 1, (n_series, 1)) * np.arange(length + h)
    noisy = lines[:, :length] + 5 * rng.normal(size=(n_series, length))
    index = pd.MultiIndex.from_product([range(n_series), range(length)])
    y = pd.DataFrame({"y": noisy.ravel()}, index=index)
    errors = {}
    for long_trend in (False, True):
        forecaster = cls(**{**TINY_BATCHED, "max_epochs": 12}, long_trend=long_trend)
        forecaster.fit(y, fh=np.arange(1, h + 1))
        forecast = forecaster.predict().to_numpy().reshape(n_series, h)
        errors[long_trend] = np.abs(forecast - lines[:, length:]).mean()
    assert errors[True] < 0.75 * errors[False]  # measured 0.56-0.59


def test_long_trend_rolls_beyond_the_head_and_updates():
    y = pd.Series(np.arange(60.0) + np.sin(np.arange(60)))
    forecaster = LSTMForecaster(**TINY_BATCHED, horizon=2, long_trend=True, sp=None)
    forecaster.fit(y[:50], fh=np.arange(1, 6))
    assert forecaster.network_.encoder.input_size == 3  # value, slope, mask
    assert np.isfinite(forecaster.predict()).all()
    forecaster.update(y[50:])
    forecast = forecaster.predict()
    assert forecast.index[0] == 60 and np.isfinite(forecast).all()
