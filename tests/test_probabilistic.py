"""Intervals, quantiles, variance and distributions from the forecasters."""

import numpy as np
import pandas as pd
import pytest
from _shared import TINY_BATCHED_WINDOW_8, ar_panel
from sktime.forecasting.model_evaluation import evaluate
from sktime.performance_metrics.forecasting.probabilistic import CRPS, PinballLoss
from sktime.split import ExpandingWindowSplitter

from sktime_lstm import GRUForecaster, LSTMForecaster

LOSSES = ["normal", "student_t", "quantile"]


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize(
    "fh", [[1, 2, 3], [1, 2, 3, 4, 5, 6, 7]], ids=["head", "rolled"]
)
def test_intervals_are_ordered_and_quantiles_monotone(loss, fh):
    y = ar_panel(n_series=3, length=60)
    forecaster = LSTMForecaster(**TINY_BATCHED_WINDOW_8, loss=loss, n_samples=50).fit(
        y, fh=[1, 2, 3]
    )
    alphas = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
    q = forecaster.predict_quantiles(fh=fh, alpha=alphas)
    assert q.shape == (3 * len(fh), len(alphas))
    assert (np.diff(q.to_numpy(), axis=1) >= 0).all()
    interval = forecaster.predict_interval(fh=fh, coverage=[0.5, 0.9])
    lower_90, lower_50 = interval[("y", 0.9, "lower")], interval[("y", 0.5, "lower")]
    upper_50, upper_90 = interval[("y", 0.5, "upper")], interval[("y", 0.9, "upper")]
    assert (lower_90 <= lower_50).all() and (lower_50 <= upper_50).all()
    assert (upper_50 <= upper_90).all()
    assert (forecaster.predict_var(fh=fh) > 0).all().all()


def test_rolled_uncertainty_grows_with_the_horizon():
    y = ar_panel(n_series=5, length=80)
    forecaster = LSTMForecaster(
        **{**TINY_BATCHED_WINDOW_8, "max_epochs": 10}, loss="normal"
    )
    forecaster.fit(y, fh=[1])  # one-step head: further steps are sampled paths
    var = forecaster.predict_var(fh=[1, 2, 3, 4, 5, 6])["y"].groupby(level=1).mean()
    assert var.iloc[-1] > var.iloc[0]


def test_point_forecast_is_the_mean_or_median():
    y = ar_panel(n_series=2, length=50)
    normal = LSTMForecaster(**TINY_BATCHED_WINDOW_8, loss="normal").fit(y, fh=[1, 2])
    proba = normal.predict_proba()
    np.testing.assert_allclose(proba.mean().to_numpy(), normal.predict().to_numpy())
    median = LSTMForecaster(**TINY_BATCHED_WINDOW_8, loss="quantile").fit(y, fh=[1, 2])
    q50 = median.predict_quantiles(alpha=[0.5])
    np.testing.assert_allclose(q50.to_numpy(), median.predict().to_numpy(), rtol=1e-5)


def test_intervals_are_identical_on_every_call():
    forecaster = GRUForecaster(**TINY_BATCHED_WINDOW_8, loss="student_t", n_samples=30)
    forecaster.fit(ar_panel(n_series=2, length=50), fh=[1])
    first = forecaster.predict_interval(fh=[1, 2, 3])
    pd.testing.assert_frame_equal(first, forecaster.predict_interval(fh=[1, 2, 3]))


def test_point_losses_do_not_claim_intervals():
    forecaster = LSTMForecaster(**TINY_BATCHED_WINDOW_8)
    assert not forecaster.get_tag("capability:pred_int")
    assert LSTMForecaster(loss="normal").get_tag("capability:pred_int")


def test_quantile_outside_the_learnt_levels_is_a_clear_error():
    forecaster = LSTMForecaster(
        **TINY_BATCHED_WINDOW_8, loss="quantile", quantiles=(0.1, 0.5, 0.9)
    )
    forecaster.fit(ar_panel(n_series=2, length=40), fh=[1])
    with pytest.raises(ValueError, match="outside the quantiles"):
        forecaster.predict_quantiles(alpha=[0.025])


def test_invalid_quantiles_are_named():
    with pytest.raises(ValueError, match="'quantiles' parameter"):
        LSTMForecaster(
            **TINY_BATCHED_WINDOW_8, loss="quantile", quantiles=(0.6, 0.9)
        ).fit(ar_panel(n_series=1, length=30).loc[0], fh=[1])


def test_gaussian_ar_coverage_is_near_nominal():
    y = ar_panel(n_series=60, length=110, seed=1)
    train = y[y.index.get_level_values("time") < 100]
    test = y[y.index.get_level_values("time") >= 100]
    forecaster = GRUForecaster(
        hidden_size=16,
        num_layers=1,
        window_length=10,
        max_epochs=30,
        batch_size=128,
        learning_rate=1e-2,
        loss="normal",
        random_state=0,
    ).fit(train, fh=[1])
    interval = forecaster.predict_interval(fh=list(range(1, 11)), coverage=0.8)
    inside = (test["y"] >= interval[("y", 0.8, "lower")]) & (
        test["y"] <= interval[("y", 0.8, "upper")]
    )
    assert abs(inside.mean() - 0.8) < 0.08  # 600 forecasts; nominal 80%


def test_evaluate_with_probabilistic_scorers():
    y = ar_panel(n_series=1, length=60).loc[0]["y"]
    results = evaluate(
        LSTMForecaster(**TINY_BATCHED_WINDOW_8, loss="normal"),
        ExpandingWindowSplitter(fh=[1, 2], initial_window=40, step_length=8),
        y,
        strategy="update",
        scoring=[PinballLoss(), CRPS()],
    )
    assert len(results) == 3
    assert np.isfinite(results["test_PinballLoss"]).all()
    assert np.isfinite(results["test_CRPS"]).all()
