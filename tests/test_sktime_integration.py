"""The forecasters inside sktime's tools: pipelines, composition, backtests, tuning."""

import numpy as np
import pytest
from _shared import TINY_MONTHLY, sine_panel
from sklearn.model_selection import KFold
from sktime.benchmarking.forecasting import ForecastingBenchmark
from sktime.datasets import load_airline
from sktime.forecasting.arima import AutoARIMA
from sktime.forecasting.compose import (
    EnsembleForecaster,
    MultiplexForecaster,
    TransformedTargetForecaster,
)
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import (
    ForecastingGridSearchCV,
    ForecastingOptunaSearchCV,
    ForecastingRandomizedSearchCV,
)
from sktime.forecasting.naive import NaiveForecaster
from sktime.performance_metrics.forecasting import (
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanAbsoluteScaledError,
)
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter
from sktime.transformations.series.boxcox import BoxCoxTransformer, LogTransformer
from sktime.transformations.series.detrend import Deseasonalizer, Detrender

from sktime_lstm import GRUForecaster, LSTMForecaster


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
        [*steps, ("forecaster", LSTMForecaster(**TINY_MONTHLY))]
    )
    y_pred = pipeline.fit(y[:-3], fh=[1, 2, 3]).predict()
    assert y_pred.index.equals(y[-3:].index)
    assert np.all(np.abs(y_pred / y[-3:] - 1) < 0.5)  # back on the passengers' scale


def test_nested_parameters_are_reachable():
    pipeline = TransformedTargetForecaster(
        [("detrend", Detrender()), ("forecaster", LSTMForecaster(**TINY_MONTHLY))]
    )
    pipeline.set_params(forecaster__hidden_size=5)
    assert pipeline.get_params()["forecaster__hidden_size"] == 5


def test_multiplex_and_ensemble(y):
    multiplex = MultiplexForecaster(
        [
            ("lstm", LSTMForecaster(**TINY_MONTHLY)),
            ("gru", GRUForecaster(**TINY_MONTHLY)),
        ],
        selected_forecaster="gru",
    )
    assert len(multiplex.fit(y, fh=[1]).predict()) == 1
    lstm = LSTMForecaster(**TINY_MONTHLY)
    arima = AutoARIMA(
        sp=12, start_p=1, max_p=1, start_q=1, max_q=1, suppress_warnings=True
    )
    ensemble = EnsembleForecaster([("lstm", lstm), ("arima", arima)])
    y_pred = ensemble.fit(y, fh=[1, 2]).predict()
    # members see sktime's inner containers (a DataFrame for ours): compare values
    members = [np.asarray(f.predict()).ravel() for _, f in ensemble.forecasters_]
    np.testing.assert_allclose(y_pred.to_numpy(), (members[0] + members[1]) / 2)


@pytest.mark.parametrize("strategy", ["refit", "update", "no-update_params"])
def test_evaluate_with_every_strategy_and_several_scorers(y, strategy):
    results = evaluate(
        LSTMForecaster(**TINY_MONTHLY),
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
        GRUForecaster(**TINY_MONTHLY),
        SlidingWindowSplitter(fh=[1, 2], window_length=60, step_length=24),
        y,
    )
    assert len(results) == 4


@pytest.mark.parametrize("backend", [None, "loky"])
def test_grid_search_picks_a_forecaster_that_predicts(y, backend):
    search = ForecastingGridSearchCV(
        LSTMForecaster(**TINY_MONTHLY),
        ExpandingWindowSplitter(fh=[1, 2], initial_window=110, step_length=12),
        param_grid={"hidden_size": [4, 8], "window_length": [6, 12]},
        backend=backend,
        backend_params={"n_jobs": 2} if backend else None,
    )
    search.fit(y, fh=[1, 2])
    assert set(search.best_params_) == {"hidden_size", "window_length"}
    assert len(search.best_forecaster_.predict()) == 2


@pytest.mark.parametrize("search_class", ["randomized", "optuna"])
def test_randomized_and_optuna_searches_tune_the_network(y, search_class):
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=110, step_length=12)
    if search_class == "randomized":
        search = ForecastingRandomizedSearchCV(
            LSTMForecaster(**TINY_MONTHLY),
            cv,
            param_distributions={
                "window_length": [6, 12],
                "hidden_size": [4, 8],
                "num_layers": [1, 2],
                "learning_rate": [1e-3, 1e-2],
            },
            n_iter=3,
            random_state=0,
            backend=None,
        )
    else:
        optuna = pytest.importorskip("optuna")
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        search = ForecastingOptunaSearchCV(
            LSTMForecaster(**TINY_MONTHLY),
            cv,
            param_grid={
                "window_length": optuna.distributions.CategoricalDistribution([6, 12]),
                "hidden_size": optuna.distributions.IntDistribution(4, 8),
                "learning_rate": optuna.distributions.FloatDistribution(
                    1e-3, 1e-2, log=True
                ),
            },
            n_evals=3,
            sampler=optuna.samplers.RandomSampler(seed=0),
        )
    search.fit(y, fh=[1, 2])
    assert len(search.cv_results_) == 3
    assert np.isfinite(
        search.cv_results_["mean_test_MeanAbsolutePercentageError"]
    ).all()
    assert search.best_forecaster_.is_fitted
    assert len(search.best_forecaster_.predict()) == 2


def test_global_evaluation_pretrains_on_other_series():
    results = evaluate(
        LSTMForecaster(**{**TINY_MONTHLY, "window_length": 8}),
        ExpandingWindowSplitter(fh=[1, 2], initial_window=36, step_length=6),
        sine_panel(),
        cv_global=KFold(n_splits=2),
        strategy="update",
        scoring=MeanAbsoluteError(),
        return_data=True,
    )
    assert len(results) == 2 * 2  # instance folds x temporal folds
    assert (results["test_MeanAbsoluteError"] < 1.5).all()
    for pretrain, test in zip(results["y_pretrain"], results["y_test"]):
        # the network was pretrained on series it is then not tested on
        pretrained_on = set(pretrain.index.get_level_values(0))
        assert pretrained_on.isdisjoint(test.index.get_level_values(0))


def test_forecasting_benchmark_compares_against_naive(tmp_path):
    benchmark = ForecastingBenchmark()
    benchmark.add_estimator(LSTMForecaster(**TINY_MONTHLY), estimator_id="LSTM")
    benchmark.add_estimator(NaiveForecaster(sp=12), estimator_id="sNaive")
    benchmark.add_task(
        load_airline,
        ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=120, step_length=12),
        [MeanAbsolutePercentageError()],
    )
    results = benchmark.run(str(tmp_path / "results.csv"))
    assert set(results["model_id"]) == {"LSTM", "sNaive"}
    assert np.isfinite(results["MeanAbsolutePercentageError_mean"]).all()
