import matplotlib
import numpy as np
import pandas as pd
import pytest
from sktime.datasets import load_airline
from sktime.exceptions import NotFittedError

from sktime_lstm import LSTMForecaster
from sktime_lstm.plotting import plot_training_history

matplotlib.use("Agg")


def test_plot_shows_each_epoch_and_marks_the_kept_one():
    forecaster = LSTMForecaster(
        hidden_size=4, max_epochs=4, validation_size=12, random_state=0
    ).fit(load_airline(), fh=[1])
    ax = plot_training_history(forecaster)
    train, validation, kept = ax.get_lines()
    history = forecaster.training_history_
    assert list(train.get_ydata()) == list(history["train_loss"])
    assert list(validation.get_ydata()) == list(history["validation_loss"])
    assert kept.get_xdata()[0] == history["validation_loss"].idxmin()
    assert ax.get_yscale() == "log"


def test_plot_needs_a_fitted_forecaster():
    with pytest.raises(NotFittedError):
        plot_training_history(LSTMForecaster())


def normal_nll_forecaster():
    # a clean sine: the Normal NLL on scaled data starts above zero, then falls
    # below it as the predicted spread shrinks (from the window's mean: from the
    # last season's level, the default on one series, it starts below zero)
    y = pd.Series(np.sin(2 * np.pi * np.arange(120) / 12))
    return LSTMForecaster(
        window_norm="standard",
        hidden_size=8,
        window_length=12,
        max_epochs=6,
        batch_size=16,
        learning_rate=1e-2,
        validation_size=12,
        loss="normal",
        sp=None,  # the plain network, whose losses were checked to cross zero
        random_state=0,
    ).fit(y, fh=[1])


def test_negative_losses_get_a_linear_axis_that_shows_them():
    forecaster = normal_nll_forecaster()
    history = forecaster.training_history_
    assert (history.to_numpy() < 0).any() and (history.to_numpy() > 0).any()
    ax = plot_training_history(forecaster)  # log_scale=True by default
    assert ax.get_yscale() == "linear"
    train, validation, _ = ax.get_lines()
    np.testing.assert_array_equal(train.get_ydata(), history["train_loss"])
    np.testing.assert_array_equal(validation.get_ydata(), history["validation_loss"])
    # every point, the negative ones included, lies inside the drawn range
    low, high = ax.get_ylim()
    assert low <= history.to_numpy().min() and history.to_numpy().max() <= high


def test_log_scale_false_keeps_a_linear_axis_for_positive_losses():
    forecaster = LSTMForecaster(hidden_size=4, max_epochs=2, random_state=0)
    forecaster.fit(load_airline(), fh=[1])
    assert (forecaster.training_history_.to_numpy() > 0).all()
    assert plot_training_history(forecaster, log_scale=False).get_yscale() == "linear"
