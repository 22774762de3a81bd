"""Bad input fails early and clearly; faults lose nothing; results reproduce."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import TINY_WINDOW_4
from hypothesis import given, settings
from hypothesis import strategies as st
from sktime.base import load

from sktime_lstm import GRUForecaster, LSTMForecaster
from sktime_lstm.rollout import roll_forecast
from sktime_lstm.windows import ColumnLayout


def _series(values, index=None):
    return pd.Series(np.asarray(values, dtype=float), index=index)


BAD_INPUTS = {
    "all nan": (_series([np.nan] * 8), ValueError, "no observed value"),
    "inf": (_series([1, np.inf, 3, 4, 5, 6, 7, 8]), ValueError, "infinite values"),
    "object dtype": (pd.Series(list("abcdefgh")), TypeError, "categorical"),
    "empty": (_series([]), ValueError, "at least horizon \\+ 1 = 2 observations"),
    "too short": (_series([1.0]), ValueError, "at least horizon \\+ 1 = 2"),
    "duplicate times": (
        _series(np.arange(8), index=[0, 1, 2, 2, 3, 4, 5, 6]),
        ValueError,
        "duplicate values",
    ),
    "unsorted times": (
        _series(np.arange(8), index=[0, 2, 1, 3, 4, 5, 6, 7]),
        TypeError,
        "monotonic",
    ),
    "irregular dates": (
        _series(
            np.arange(8),
            index=pd.to_datetime(
                [
                    "2020-01-01",
                    "2020-01-02",
                    "2020-01-05",
                    "2020-01-06",
                    "2020-01-09",
                    "2020-01-10",
                    "2020-01-11",
                    "2020-01-20",
                ]
            ),
        ),
        ValueError,
        "no regular frequency",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_raises_a_clear_error(case):
    y, error, message = BAD_INPUTS[case]
    with pytest.raises(error, match=message):
        LSTMForecaster(**TINY_WINDOW_4).fit(y, fh=[1])


@pytest.mark.parametrize("scaler", ["minmax", "robust", "diff", "mean"])
def test_an_empty_series_is_rejected_by_its_length_whatever_the_scaler(scaler):
    # minmax used to fail inside numpy ("zero-size array to reduction operation")
    with pytest.raises(ValueError, match="at least horizon \\+ 1 = 2 observations"):
        LSTMForecaster(**TINY_WINDOW_4, scaler=scaler).fit(_series([]), fh=[1])


def test_mismatched_instances_in_update_are_named():
    index = pd.MultiIndex.from_product([["a", "b"], range(10)])
    y = pd.DataFrame({"v": np.arange(20.0)}, index=index)
    forecaster = LSTMForecaster(**TINY_WINDOW_4).fit(y, fh=[1])
    new = pd.DataFrame(
        {"v": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([("c", 10), ("c", 11)])
    )
    with pytest.raises(ValueError, match=r"unseen in fit: \['c'\]"):
        forecaster.update(new, update_params=False)


def test_fh_at_or_before_the_cutoff_gives_fitted_values_not_garbage():
    y = _series(np.sin(np.arange(30) / 2))
    forecaster = LSTMForecaster(**TINY_WINDOW_4).fit(y, fh=[1])
    y_pred = forecaster.predict(fh=[-40, -29, 0])
    assert np.isnan(y_pred.iloc[0])  # before the series began: nothing to forecast
    assert np.isnan(y_pred.iloc[1])  # the first point has no past
    assert np.isfinite(y_pred.iloc[2])


@pytest.mark.parametrize(
    "y, tolerance",
    [
        (_series(np.full(40, 3.0)), 1e-6),
        (_series(1e12 + 1e10 * np.sin(np.arange(40) / 2)), 1e11),
        (_series(1e-9 + 1e-10 * np.sin(np.arange(40) / 2)), 1e-9),
        (_series(np.full(40, 1e12)), 1e-3 * 1e12),
    ],
    ids=["constant", "huge", "tiny", "huge constant"],
)
def test_extreme_magnitudes_forecast_finite_sensible_values(y, tolerance):
    y_pred = GRUForecaster(**TINY_WINDOW_4).fit(y, fh=[1, 2, 3]).predict()
    assert np.isfinite(y_pred).all()
    assert np.all(np.abs(y_pred - y.mean()) <= (y.max() - y.min()) + tolerance)


def test_diverging_training_raises_and_leaves_the_estimator_unfitted():
    forecaster = LSTMForecaster(
        **TINY_WINDOW_4, learning_rate=1e30, gradient_clip=None, loss="mse", scaler=None
    )
    y = _series(1e20 * np.sin(np.arange(40)))
    with pytest.raises(FloatingPointError, match="training loss became"):
        forecaster.fit(y, fh=[1])
    assert not forecaster.is_fitted


@pytest.mark.parametrize("fault", [ValueError, KeyboardInterrupt])
def test_a_failed_refit_keeps_the_previous_model(monkeypatch, fault):
    y = _series(np.sin(np.arange(40) / 2))
    forecaster = LSTMForecaster(**TINY_WINDOW_4).fit(y, fh=[1, 2])
    before, network = forecaster.predict(), forecaster.network_

    def interrupted(*args, **kwargs):
        raise fault("stopped during training")

    monkeypatch.setattr("sktime_lstm.training.train_network", interrupted)
    with pytest.raises(fault, match="stopped during training"):
        forecaster.fit(_series(np.cos(np.arange(50) / 3)), fh=[1, 2, 3])
    assert forecaster.network_ is network
    pd.testing.assert_series_equal(forecaster.predict(), before)


def test_a_refit_on_bad_input_keeps_the_previous_model():
    y = _series(np.sin(np.arange(40) / 2))
    forecaster = LSTMForecaster(**TINY_WINDOW_4).fit(y, fh=[1, 2])
    before = forecaster.predict()
    with pytest.raises(ValueError, match="infinite"):
        forecaster.fit(_series([1.0, np.inf] * 20), fh=[1])
    pd.testing.assert_series_equal(forecaster.predict(), before)


def test_failed_update_keeps_the_fitted_forecast():
    y = _series(np.sin(np.arange(40) / 2))
    forecaster = LSTMForecaster(**TINY_WINDOW_4).fit(y[:30], fh=[1, 2])
    before = forecaster.predict()
    with pytest.raises(ValueError, match="infinite"):
        forecaster.update(_series([np.inf, 1.0], index=[30, 31]))
    pd.testing.assert_series_equal(forecaster.predict(), before)


def test_save_and_load_reproduce_predictions_exactly(tmp_path):
    y = _series(np.sin(np.arange(40) / 2))
    forecaster = LSTMForecaster(**TINY_WINDOW_4, peephole=True).fit(y, fh=[1, 2, 3])
    forecaster.save(tmp_path / "model")
    restored = load(tmp_path / "model.zip")
    pd.testing.assert_series_equal(forecaster.predict(), restored.predict())


_SCRIPT = """
import numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
from sktime_lstm import LSTMForecaster
y = pd.Series(np.sin(np.arange(80) / 3))
f = LSTMForecaster(hidden_size=8, window_length=8, max_epochs=3, dropout=0.1,
                   random_state=42).fit(y, fh=[1, 2, 3])
print(f.predict().to_numpy().tobytes().hex())
"""


def test_same_random_state_is_bit_identical_across_processes():
    outputs = [
        subprocess.run(
            [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10


class _Counting(torch.nn.Module):
    """A stand-in network: forecasts last + 1, last + 2, ... for its horizon."""

    layout = ColumnLayout(n_targets=1)

    def __init__(self, horizon):
        super().__init__()
        self.horizon = horizon

    def forward(self, context, future_exog=None):
        last = context[:, -1:, :-1]
        steps = torch.arange(1, self.horizon + 1, dtype=last.dtype).view(1, -1, 1)
        return last + steps


@settings(max_examples=50, deadline=None)
@given(
    horizon=st.integers(1, 6),
    n_steps=st.integers(1, 30),
    window=st.integers(1, 5),
    start=st.floats(-100, 100, allow_nan=False),
)
def test_rolled_blocks_give_the_asked_steps_in_order(horizon, n_steps, window, start):
    context = torch.zeros(2, window, 2)
    context[:, -1, 0] = start
    context[:, :, 1] = 1.0
    paths = roll_forecast(_Counting(horizon), context, n_steps)
    assert paths.shape == (2, n_steps, 1)
    expected = start + torch.arange(1, n_steps + 1, dtype=torch.float32)
    torch.testing.assert_close(paths[0, :, 0], expected)
