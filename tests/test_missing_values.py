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
    frames = []
    for i, lead in enumerate([0, 20, 35]):
        values = seasonal(60, seed=i).to_numpy().copy()
        values[:lead] = np.nan
        frames.append(pd.DataFrame({"y": values}))
    y = pd.concat(frames, keys=["a", "b", "c"], names=["unit", "time"])
    forecaster = LSTMForecaster(**{**SETTINGS, "max_epochs": 3}).fit(y, fh=[1, 2])
    y_pred = forecaster.predict()
    assert len(y_pred) == 6 and np.isfinite(y_pred["y"]).all()


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
    assert np.isfinite(forecaster.predict()).all()
