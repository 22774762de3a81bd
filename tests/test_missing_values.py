"""NaN in y: masked in training and in contexts, never a silent NaN forecast."""

import numpy as np
import pandas as pd
import pytest

from sktime_lstm import GRUForecaster, LSTMForecaster

SETTINGS = dict(
    hidden_size=16,
    num_layers=1,
    window_length=24,
    max_epochs=30,
    learning_rate=3e-3,
    random_state=0,
)


def seasonal(n=240, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return pd.Series(10 + np.sin(2 * np.pi * t / 12) + 0.05 * rng.normal(size=n))


def test_ten_percent_missing_stays_close_to_the_complete_data_fit():
    y = seasonal()
    gappy = y.copy()
    rng = np.random.default_rng(1)
    gappy.iloc[rng.choice(len(y) - 1, size=len(y) // 10, replace=False)] = np.nan
    complete = GRUForecaster(**SETTINGS).fit(y[:-12], fh=np.arange(1, 13)).predict()
    with_gaps = GRUForecaster(**SETTINGS).fit(gappy[:-12], fh=np.arange(1, 13))
    forecast = with_gaps.predict()
    assert np.isfinite(with_gaps.training_history_["train_loss"]).all()
    assert np.isfinite(forecast).all()
    truth = y[-12:].to_numpy()
    error_complete = np.abs(complete.to_numpy() - truth).mean()
    error_gaps = np.abs(forecast.to_numpy() - truth).mean()
    # stated bound: within 0.15 (15% of the seasonal amplitude) of the complete fit
    assert error_gaps < error_complete + 0.15


def test_nan_blocks_at_the_start_of_panel_members():
    # levels 10, 20, 30: a member forecast from another's scaler or context
    # would be far off its own level
    frames = []
    for i, lead in enumerate([0, 20, 35]):
        values = seasonal(60, seed=i).to_numpy() + 10 * i
        values[:lead] = np.nan
        frames.append(pd.DataFrame({"y": values}))
    y = pd.concat(frames, keys=["a", "b", "c"], names=["unit", "time"])
    forecaster = LSTMForecaster(**{**SETTINGS, "max_epochs": 3}).fit(y, fh=[1, 2])
    y_pred = forecaster.predict()["y"]
    assert y_pred.index.equals(pd.MultiIndex.from_product([list("abc"), [60, 61]]))
    levels = np.repeat([10.0, 20.0, 30.0], 2)
    assert (np.abs(y_pred.to_numpy() - levels) < 1).all()  # amplitude 1; measured 0.04
    # each member is scaled by its observed values alone
    for scaler, frame in zip(forecaster.scalers_, frames, strict=True):
        observed = frame["y"].dropna()
        np.testing.assert_allclose(scaler.loc, [observed.mean()])
        np.testing.assert_allclose(scaler.scale, [observed.std(ddof=0)])


def test_missing_last_values_are_masked_but_an_all_missing_window_raises():
    y = seasonal(60)
    y.iloc[-3:] = np.nan
    forecaster = LSTMForecaster(**{**SETTINGS, "max_epochs": 2, "window_length": 6})
    assert np.isfinite(forecaster.fit(y, fh=[1]).predict()).all()
    y.iloc[-6:] = np.nan
    forecaster.fit(y, fh=[1])
    with pytest.raises(ValueError, match="are all missing"):
        forecaster.predict()
    with pytest.raises(ValueError, match="are all missing"):
        LSTMForecaster(
            **{**SETTINGS, "max_epochs": 1, "window_length": 6}, loss="normal"
        ).fit(y, fh=[1]).predict_interval()


def test_in_sample_fitted_values_are_nan_without_any_observed_past():
    y = seasonal(40)
    y.iloc[:10] = np.nan
    forecaster = LSTMForecaster(**{**SETTINGS, "max_epochs": 1, "window_length": 4})
    fitted = forecaster.fit(y, fh=[1]).predict(fh=-np.arange(39, -1, -1))
    assert fitted.iloc[:11].isna().all()  # nothing observed before day 10
    assert np.isfinite(fitted.iloc[11:]).all()


def test_update_with_missing_values():
    y = seasonal(60)
    forecaster = LSTMForecaster(**{**SETTINGS, "max_epochs": 1}).fit(y[:50], fh=[1])
    new = y[50:].copy()
    new.iloc[3] = np.nan
    forecaster.update(new, update_params=True)
    # the missing point is masked in fine-tuning, not learnt as a value
    assert np.isfinite(forecaster.training_history_["train_loss"]).all()
    y_pred = forecaster.predict()
    assert list(y_pred.index) == [60]
    # the forecast continues from the new points, the missing one masked, as
    # one from a fit on the whole gappy series with the same weights would
    on_all_data = LSTMForecaster(**{**SETTINGS, "max_epochs": 1})
    on_all_data.fit(pd.concat([y[:50], new]), fh=[1])
    on_all_data.network_ = forecaster.network_
    on_all_data.scalers_ = forecaster.scalers_  # scalers stay as fitted
    pd.testing.assert_series_equal(y_pred, on_all_data.predict())
