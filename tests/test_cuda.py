"""The CUDA path, run where a GPU is present (CI has none; see benchmarks/gpu.py)."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch

from sktime_lstm import GRUForecaster, LSTMForecaster

pytestmark = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU"
)

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


def test_cuda_fit_predict_and_update_match_the_cpu_in_accuracy():
    y = seasonal_panel()
    train, test = y.groupby(level=0).head(68), y.groupby(level=0).tail(12)
    errors = {}
    for device in ("cpu", "cuda"):
        forecaster = LSTMForecaster(**SMALL, device=device, random_state=0)
        forecaster.fit(train, fh=range(1, 13))
        assert next(forecaster.network_.parameters()).device.type == device
        errors[device] = float(
            np.abs(forecaster.predict()["y"].to_numpy() - test["y"].to_numpy()).mean()
        )
        forecaster.update(test, update_params=True)
        assert np.isfinite(forecaster.predict()["y"]).all()
    assert errors["cuda"] < 0.3 and abs(errors["cuda"] - errors["cpu"]) < 0.1


def test_a_model_trained_on_cuda_unpickles_on_the_cpu():
    forecaster = GRUForecaster(**SMALL, device="cuda", random_state=0)
    forecaster.fit(seasonal_panel(), fh=[1, 2, 3])
    state = pickle.loads(pickle.dumps(forecaster))
    assert next(state.network_.parameters()).device.type == "cpu"


def test_intervals_and_exogenous_data_on_cuda():
    y = seasonal_panel()
    X = pd.DataFrame({"month": y.index.get_level_values(1) % 12}, index=y.index)
    train_y, train_X = y.groupby(level=0).head(70), X.groupby(level=0).head(70)
    future_X = X.groupby(level=0).tail(10).groupby(level=0).head(3)
    forecaster = LSTMForecaster(**SMALL, loss="quantile", device="cuda")
    forecaster.fit(train_y, X=train_X, fh=[1, 2, 3])
    intervals = forecaster.predict_interval(X=future_X, coverage=0.8)
    lower, upper = intervals.iloc[:, 0], intervals.iloc[:, 1]
    assert (lower <= upper).all() and np.isfinite(intervals.to_numpy()).all()


def test_auto_precision_trains_in_bf16_on_a_gpu_that_has_it():
    if not torch.cuda.is_bf16_supported():
        pytest.skip("this GPU has no native bfloat16")
    y = seasonal_panel()
    train, test = y.groupby(level=0).head(68), y.groupby(level=0).tail(12)
    errors = {}
    for precision in ("fp32", "auto"):
        forecaster = LSTMForecaster(
            **SMALL, device="cuda", precision=precision, random_state=0
        ).fit(train, fh=range(1, 13))
        assert next(forecaster.network_.parameters()).dtype == torch.float32
        errors[precision] = float(
            np.abs(forecaster.predict()["y"].to_numpy() - test["y"].to_numpy()).mean()
        )
    assert forecaster._uses_bf16(torch.device("cuda"))
    assert errors["auto"] < 0.3 and abs(errors["auto"] - errors["fp32"]) < 0.1
