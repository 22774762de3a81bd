"""The forecasters inside sktime's tools: pipelines, composition, backtests, tuning."""

import numpy as np
import pytest
from sktime.datasets import load_airline
from sktime.forecasting.compose import (
    EnsembleForecaster,
    MultiplexForecaster,
    TransformedTargetForecaster,
)
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.forecasting.naive import NaiveForecaster
from sktime.performance_metrics.forecasting import (
    MeanAbsolutePercentageError,
    MeanAbsoluteScaledError,
)
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter
from sktime.transformations.series.boxcox import BoxCoxTransformer, LogTransformer
from sktime.transformations.series.detrend import Deseasonalizer, Detrender

from sktime_lstm import GRUForecaster, LSTMForecaster

TINY = dict(hidden_size=8, num_layers=1, window_length=12, max_epochs=3, random_state=0)


@pytest.fixture(scope="module")
def y():
    return load_airline()


@pytest.mark.parametrize(
    "steps",
    [
        [
            ("log", LogTransformer()),
            ("deseason", Deseasonalizer(sp=12)),
            ("detrend", Detrender()),
        ],
        [("boxcox", BoxCoxTransformer())],
    ],
    ids=["log-deseason-detrend", "boxcox"],
)
def test_transformed_target_pipeline(y, steps):
    pipeline = TransformedTargetForecaster(
        [*steps, ("forecaster", LSTMForecaster(**TINY))]
    )
    y_pred = pipeline.fit(y[:-3], fh=[1, 2, 3]).predict()
    assert y_pred.index.equals(y[-3:].index)
    assert np.all(np.abs(y_pred / y[-3:] - 1) < 0.5)  # back on the passengers' scale


def test_nested_parameters_are_reachable():
    pipeline = TransformedTargetForecaster(
        [("detrend", Detrender()), ("forecaster", LSTMForecaster(**TINY))]
    )
    pipeline.set_params(forecaster__hidden_size=5)
    assert pipeline.get_params()["forecaster__hidden_size"] == 5


def test_multiplex_and_ensemble(y):
    multiplex = MultiplexForecaster(
        [("lstm", LSTMForecaster(**TINY)), ("gru", GRUForecaster(**TINY))],
        selected_forecaster="gru",
    )
    assert len(multiplex.fit(y, fh=[1]).predict()) == 1
    ensemble = EnsembleForecaster(
        [("lstm", LSTMForecaster(**TINY)), ("naive", NaiveForecaster(sp=12))]
    )
    assert np.isfinite(ensemble.fit(y, fh=[1, 2]).predict()).all()


@pytest.mark.parametrize("strategy", ["refit", "update", "no-update_params"])
def test_evaluate_with_every_strategy_and_several_scorers(y, strategy):
    results = evaluate(
        LSTMForecaster(**TINY),
        ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=96, step_length=12),
        y,
        strategy=strategy,
        scoring=[MeanAbsolutePercentageError(), MeanAbsoluteScaledError()],
    )
    assert len(results) == 4
    assert np.isfinite(results["test_MeanAbsolutePercentageError"]).all()
    assert np.isfinite(results["test_MeanAbsoluteScaledError"]).all()


def test_evaluate_with_a_sliding_window(y):
    results = evaluate(
        GRUForecaster(**TINY),
        SlidingWindowSplitter(fh=[1, 2], window_length=60, step_length=24),
        y,
    )
    assert len(results) == 4


@pytest.mark.parametrize("backend", [None, "loky"])
def test_grid_search_picks_a_forecaster_that_predicts(y, backend):
    search = ForecastingGridSearchCV(
        LSTMForecaster(**TINY),
        ExpandingWindowSplitter(fh=[1, 2], initial_window=110, step_length=12),
        param_grid={"hidden_size": [4, 8], "window_length": [6, 12]},
        backend=backend,
        backend_params={"n_jobs": 2} if backend else None,
    )
    search.fit(y, fh=[1, 2])
    assert set(search.best_params_) == {"hidden_size", "window_length"}
    assert len(search.best_forecaster_.predict()) == 2
