"""Backtests and grid searches spread over processes: dask and loky."""

import numpy as np
import pandas as pd
import pytest
from _shared import TINY_MONTHLY
from sktime.datasets import load_airline
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.split import ExpandingWindowSplitter

from sktime_lstm import LSTMForecaster

distributed = pytest.importorskip("distributed")

CV = ExpandingWindowSplitter(fh=[1, 2], initial_window=110, step_length=12)


@pytest.fixture(scope="module")
def dask_client():
    # process workers, one thread each: the layout the docs recommend
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _torch_threads():
    import torch

    return torch.get_num_threads()


def test_dask_workers_run_torch_on_one_thread_each(dask_client):
    # dask's nanny sets OMP_NUM_THREADS=1 before a worker imports torch, so two
    # workers on two cores never oversubscribe
    assert set(dask_client.run(_torch_threads).values()) == {1}


def test_evaluate_on_dask_matches_the_serial_run(dask_client):
    y = load_airline()
    serial = evaluate(LSTMForecaster(**TINY_MONTHLY), CV, y)
    # scores only: with return_data=True, dask's DataFrame turns the stored
    # series into strings (its object columns become pandas' string dtype)
    on_dask = evaluate(LSTMForecaster(**TINY_MONTHLY), CV, y, backend="dask")
    if not isinstance(on_dask, pd.DataFrame):  # a dask DataFrame
        on_dask = on_dask.compute()
    assert len(on_dask) == len(serial) == 3
    np.testing.assert_array_equal(  # bit-identical across processes
        on_dask["test_MeanAbsolutePercentageError"],
        serial["test_MeanAbsolutePercentageError"],
    )


def test_grid_search_on_dask_picks_the_serial_choice(dask_client):
    y = load_airline()
    grid = {"hidden_size": [4, 8], "window_length": [6, 12]}
    searches = [
        ForecastingGridSearchCV(
            LSTMForecaster(**TINY_MONTHLY), CV, grid, backend=backend
        )
        for backend in (None, "dask")
    ]
    for search in searches:
        search.fit(y, fh=[1, 2])
    serial, on_dask = searches
    assert on_dask.best_params_ == serial.best_params_
    np.testing.assert_array_equal(
        on_dask.cv_results_["mean_test_MeanAbsolutePercentageError"],
        serial.cv_results_["mean_test_MeanAbsolutePercentageError"],
    )
    pd.testing.assert_series_equal(on_dask.predict(), serial.predict())
