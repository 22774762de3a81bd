"""Every device present: the CPU always, and CUDA where a GPU is (CI has none).

The same checks run on each device, so the CPU path is tested everywhere and the
CUDA path wherever this suite runs on a GPU (it passed on an H100).
"""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch

from sktime_lstm import GRUForecaster, LSTMForecaster
from sktime_lstm.training import native_bf16

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SMALL = dict(
    hidden_size=16, num_layers=1, window_length=12, max_epochs=30, batch_size=32
)


def seasonal_panel(n_series=4, length=80):
    rng = np.random.default_rng(0)
    t = np.arange(length)
    frames = [
        pd.DataFrame(
            {"y": 10 + i + np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.05, length)}
        )
        for i in range(n_series)
    ]
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def split(y, n_test=12):
    by_series = y.groupby(level=0)
    return by_series.head(by_series.size().min() - n_test), by_series.tail(n_test)


def fitted_error(device, precision="fp32"):
    train, test = split(seasonal_panel())
    forecaster = LSTMForecaster(
        **SMALL, device=device, precision=precision, random_state=0
    )
    forecaster.fit(train, fh=range(1, 13))
    error = np.abs(forecaster.predict()["y"].to_numpy() - test["y"].to_numpy())
    return forecaster, float(error.mean())


@pytest.mark.parametrize("device", DEVICES)
def test_fit_predict_and_update_match_the_cpu_in_accuracy(device):
    forecaster, error = fitted_error(device)
    assert next(forecaster.network_.parameters()).device.type == device
    _, cpu_error = fitted_error("cpu")
    assert error < 0.3 and abs(error - cpu_error) < 0.1
    forecaster.update(split(seasonal_panel())[1], update_params=True)
    assert np.isfinite(forecaster.predict()["y"]).all()


@pytest.mark.parametrize("device", DEVICES)
def test_a_trained_model_unpickles_on_the_cpu(device):
    forecaster = GRUForecaster(**SMALL, device=device, random_state=0)
    forecaster.fit(seasonal_panel(), fh=[1, 2, 3])
    state = pickle.loads(pickle.dumps(forecaster))
    assert next(state.network_.parameters()).device.type == "cpu"


@pytest.mark.parametrize("device", DEVICES)
def test_intervals_with_exogenous_data(device):
    y = seasonal_panel()
    X = pd.DataFrame({"month": y.index.get_level_values(1) % 12}, index=y.index)
    train_y, train_X = y.groupby(level=0).head(70), X.groupby(level=0).head(70)
    future_X = X.groupby(level=0).tail(10).groupby(level=0).head(3)
    forecaster = LSTMForecaster(**SMALL, loss="quantile", device=device)
    forecaster.fit(train_y, X=train_X, fh=[1, 2, 3])
    intervals = forecaster.predict_interval(X=future_X, coverage=0.8)
    lower, upper = intervals.iloc[:, 0], intervals.iloc[:, 1]
    assert (lower <= upper).all() and np.isfinite(intervals.to_numpy()).all()


@pytest.mark.parametrize("device", DEVICES)
def test_auto_precision_is_bf16_where_native_and_as_accurate(device):
    auto, auto_error = fitted_error(device, precision="auto")
    assert next(auto.network_.parameters()).dtype == torch.float32
    assert auto._uses_bf16(torch.device(device)) == native_bf16(torch.device(device))
    _, fp32_error = fitted_error(device)
    assert auto_error < 0.3 and abs(auto_error - fp32_error) < 0.1
