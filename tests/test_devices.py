"""Every device present: the CPU always, and CUDA where a GPU is (CI has none).

The same checks run on each device, so the CPU path is tested everywhere and the
CUDA path wherever this suite runs on a GPU (it passed on an H100). Each check
holds a device's results to something computed in the test (the error of the
series' mean, the data itself, the fp32 run), so that it can fail on the CPU too.
"""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import SMALL

from sktime_lstm import GRUForecaster, LSTMForecaster
from sktime_lstm.training import native_bf16

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
N_SERIES, LENGTH = 4, 80


def signal(series, time):
    """The noiseless part of ``seasonal_panel``: level 10 + i, yearly sine."""
    return 10 + np.asarray(series) + np.sin(2 * np.pi * np.asarray(time) / 12)


def seasonal_panel(n_series=N_SERIES, length=LENGTH):
    rng = np.random.default_rng(0)
    t = np.arange(length)
    frames = [
        pd.DataFrame({"y": signal(i, t) + rng.normal(0, 0.05, length)})
        for i in range(n_series)
    ]
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def split(y, n_test=12):
    by_series = y.groupby(level=0)
    return by_series.head(by_series.size().min() - n_test), by_series.tail(n_test)


def mean_forecast_error(train, test):
    """Mean absolute error of forecasting each series by its training mean."""
    means = train["y"].groupby(level=0).mean()
    forecast = means.reindex(test.index.get_level_values(0)).to_numpy()
    return float(np.abs(forecast - test["y"].to_numpy()).mean())


def fitted_error(device, precision="fp32"):
    train, test = split(seasonal_panel())
    forecaster = LSTMForecaster(
        **SMALL, device=device, precision=precision, random_state=0
    )
    forecaster.fit(train, fh=range(1, 13))
    error = np.abs(forecaster.predict()["y"].to_numpy() - test["y"].to_numpy())
    return forecaster, float(error.mean())


@pytest.mark.parametrize("device", DEVICES)
def test_fit_beats_the_mean_and_update_moves_the_forecast_origin(device):
    forecaster, error = fitted_error(device)
    assert next(forecaster.network_.parameters()).device.type == device
    train, test = split(seasonal_panel())
    assert error < 0.4 * mean_forecast_error(train, test)  # measured 0.052 vs 0.63
    if device != "cpu":
        _, cpu_error = fitted_error("cpu")
        assert abs(error - cpu_error) < 0.1
    from_old_origin = forecaster.predict()["y"].to_numpy()
    # 5 new points, not a whole season: a forecast still made from the old
    # origin is out of phase with the new one
    new_cutoff = train.index.get_level_values("time").max() + 5
    forecaster.update(test.groupby(level=0).head(5), update_params=True)
    forecast = forecaster.predict()
    expected_index = pd.MultiIndex.from_product(
        [range(N_SERIES), range(new_cutoff + 1, new_cutoff + 13)],
        names=["series", "time"],
    )
    assert forecast.index.equals(expected_index)
    truth = signal(
        forecast.index.get_level_values("series"),
        forecast.index.get_level_values("time"),
    )
    error_after = np.abs(forecast["y"].to_numpy() - truth).mean()
    stale_error = np.abs(from_old_origin - truth).mean()
    assert error_after < 0.2 * stale_error  # measured 0.054 vs 1.25


@pytest.mark.parametrize("device", DEVICES)
def test_a_trained_model_unpickles_on_the_cpu_and_forecasts_alike(device):
    forecaster = GRUForecaster(**SMALL, device=device, random_state=0)
    forecaster.fit(seasonal_panel(), fh=[1, 2, 3])
    state = pickle.loads(pickle.dumps(forecaster))
    assert next(state.network_.parameters()).device.type == "cpu"
    restored, original = state.predict()["y"], forecaster.predict()["y"]
    if device == "cpu":
        pd.testing.assert_series_equal(restored, original, check_exact=True)
    else:
        pd.testing.assert_series_equal(restored, original, atol=1e-3)


@pytest.mark.parametrize("device", DEVICES)
def test_intervals_with_exogenous_data_bracket_the_truth(device):
    y = seasonal_panel()
    X = pd.DataFrame({"month": y.index.get_level_values(1) % 12}, index=y.index)
    train_y, train_X = y.groupby(level=0).head(70), X.groupby(level=0).head(70)
    future_X = X.groupby(level=0).tail(10).groupby(level=0).head(3)
    truth = y["y"].loc[future_X.index].to_numpy()
    forecaster = LSTMForecaster(**SMALL, loss="quantile", device=device, random_state=0)
    forecaster.fit(train_y, X=train_X, fh=[1, 2, 3])
    bounds = {}
    for coverage in (0.5, 0.8):
        intervals = forecaster.predict_interval(X=future_X, coverage=coverage)
        assert intervals.index.equals(future_X.index)
        bounds[coverage] = (
            intervals.iloc[:, 0].to_numpy(),
            intervals.iloc[:, 1].to_numpy(),
        )
    (lower_50, upper_50), (lower_80, upper_80) = bounds[0.5], bounds[0.8]
    assert (lower_80 <= lower_50).all() and (lower_50 <= upper_50).all()
    assert (upper_50 <= upper_80).all()
    # the 80% intervals hold the truth about as often as they claim (measured
    # 12 of 12), and they are narrow: the noise's sd is 0.05, the levels 1 apart
    assert ((lower_80 <= truth) & (truth <= upper_80)).mean() >= 0.75
    assert (upper_80 - lower_80).mean() < 0.5


@pytest.mark.parametrize(
    "device, native",
    [(device, "as found") for device in DEVICES] + [("cpu", False)],
    ids=lambda value: str(value).replace(" ", "-"),
)
def test_auto_precision_is_bf16_only_where_native_and_as_accurate(
    device, native, monkeypatch
):
    if native == "as found":
        native = native_bf16(torch.device(device))
    else:  # a CPU without AVX-512 BF16 or AMX, whatever this machine has
        monkeypatch.setattr("sktime_lstm.training.native_bf16", lambda device: native)
    auto, auto_error = fitted_error(device, precision="auto")
    fp32, fp32_error = fitted_error(device)
    assert next(auto.network_.parameters()).dtype == torch.float32
    identical = all(
        torch.equal(a, b)
        for a, b in zip(auto.network_.parameters(), fp32.network_.parameters())
    )
    if native:
        assert not identical  # trained under bf16 autocast: rounded differently
        train, test = split(seasonal_panel())
        assert auto_error < 0.4 * mean_forecast_error(train, test)
        assert abs(auto_error - fp32_error) < 0.1
    else:
        assert identical  # "auto" falls back to fp32, bit for bit


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("family", ["monthly", "auto"])
def test_a_shipped_network_forecasts_on_the_device_asked_for(device, family):
    # "auto" also scores the network on the device, against the naive forecast
    y = seasonal_panel()
    y["y"] += 0.3 * y.index.get_level_values(1)  # a trend: the network is kept
    y.index = y.index.set_levels(
        pd.period_range("2000-01", periods=LENGTH, freq="M"), level=1
    )
    model = LSTMForecaster(pretrained=family, device=device).fit(y, fh=[1, 2, 3])
    assert next(model.network_.parameters()).device.type == device
    assert model.pretrained_family_ == "monthly"
    on_cpu = LSTMForecaster(pretrained=family, device="cpu").fit(y, fh=[1, 2, 3])
    np.testing.assert_allclose(model.predict(), on_cpu.predict(), rtol=1e-4)
