import matplotlib
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
