"""Backtests on sktime's bundled datasets, and what "update" saves over "refit".

Run ``python benchmarks/backtest.py`` (extras ``[bench]``); writes
results/backtest.md. Two parts:

1. sktime's ``ForecastingBenchmark`` on airline, PBS, shampoo sales and lynx:
   ``LSTMForecaster`` and ``GRUForecaster`` with default parameters, and
   ``LSTMForecaster(pretrained="auto")`` (a shipped network, zero-shot), against
   AutoARIMA, AutoETS and Theta (statsforecast through sktime) and the (seasonal)
   naive forecast; expanding-window folds, MAPE and MASE averaged over folds,
   and each model's MASE averaged over the datasets.
2. ``evaluate`` of the default ``LSTMForecaster`` over 10 folds of airline with the
   strategies "refit", "update" and "no-update_params": total wall time and MASE.

``--fast`` runs a few epochs on two datasets (a smoke test, as in CI).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
from _baselines import classical_baselines
from _results import markdown_table, publish

# name: (loader, seasonal period, horizon, initial window, step between folds)
DATASETS = {
    "airline": ("load_airline", 12, 12, 96, 12),
    "PBS": ("load_PBS_dataset", 12, 12, 144, 12),
    "shampoo sales": ("load_shampoo_sales", 12, 6, 24, 3),
    "lynx": ("load_lynx", 1, 10, 74, 10),
}


def contenders(period: int, epochs: int | None) -> dict:
    from sktime_lstm import GRUForecaster, LSTMForecaster

    budget = {} if epochs is None else {"max_epochs": epochs}
    baselines = classical_baselines(period)
    return {
        "LSTMForecaster()": LSTMForecaster(random_state=0, **budget),
        # the shipped network of the index's family, zero-shot, where it beats
        # the seasonal naive forecast on the fold's last block; else trained
        "LSTMForecaster(pretrained='auto')": LSTMForecaster(
            pretrained="auto", random_state=0, **budget
        ),
        # fine-tuned on each fold's series: the epochs that validated on
        # shapes.py's single series (pretrained_validation_record.md)
        "LSTMForecaster(pretrained='auto', finetune_epochs=50)": LSTMForecaster(
            pretrained="auto", finetune_epochs=50, random_state=0, **budget
        ),
        "GRUForecaster()": GRUForecaster(random_state=0, **budget),
        "AutoARIMA": baselines["AutoARIMA"],
        "AutoETS": baselines["AutoETS"],
        "Theta": baselines["Theta"],
        "naive" if period == 1 else "seasonal naive": baselines["sNaive"],
    }


def benchmark_dataset(name: str, epochs: int | None) -> pd.DataFrame:
    import sktime.datasets
    from sktime.benchmarking.forecasting import ForecastingBenchmark
    from sktime.performance_metrics.forecasting import (
        MeanAbsolutePercentageError,
        MeanAbsoluteScaledError,
    )
    from sktime.split import ExpandingWindowSplitter

    loader, period, horizon, initial, step = DATASETS[name]
    load = getattr(sktime.datasets, loader)
    benchmark = ForecastingBenchmark()
    for model_id, forecaster in contenders(period, epochs).items():
        benchmark.add_estimator(forecaster, estimator_id=model_id)
    cv = ExpandingWindowSplitter(
        fh=np.arange(1, horizon + 1), initial_window=initial, step_length=step
    )
    scoring = [MeanAbsolutePercentageError(), MeanAbsoluteScaledError(sp=period)]
    benchmark.add_task(load, cv, scoring)
    with tempfile.TemporaryDirectory() as folder:
        results = benchmark.run(f"{folder}/results.csv")
    table = results.set_index("model_id")
    return pd.DataFrame(
        {
            "MAPE %": 100 * table["MeanAbsolutePercentageError_mean"],
            "MASE": table["MeanAbsoluteScaledError_mean"],
            "fit s per fold": table["fit_time_mean"],
        }
    ).rename_axis(f"{name} ({cv.get_n_splits(load())} folds)")


def strategies(epochs: int | None, n_folds: int = 10) -> pd.DataFrame:
    from sktime.datasets import load_airline
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.performance_metrics.forecasting import MeanAbsoluteScaledError
    from sktime.split import ExpandingWindowSplitter

    from sktime_lstm import LSTMForecaster

    y = load_airline()
    horizon, step = 12, 4
    initial = len(y) - horizon - step * (n_folds - 1)
    cv = ExpandingWindowSplitter(
        fh=np.arange(1, horizon + 1), initial_window=initial, step_length=step
    )
    budget = {} if epochs is None else {"max_epochs": epochs}
    rows = {}
    for strategy in ["refit", "update", "no-update_params"]:
        start = time.perf_counter()
        results = evaluate(
            LSTMForecaster(random_state=0, **budget),
            cv,
            y,
            strategy=strategy,
            scoring=MeanAbsoluteScaledError(sp=12),
        )
        rows[strategy] = {
            "folds": len(results),
            "total s": time.perf_counter() - start,
            "MASE": results["test_MeanAbsoluteScaledError"].mean(),
        }
    table = pd.DataFrame(rows).T.rename_axis("strategy")
    table["speed-up vs refit"] = table.loc["refit", "total s"] / table["total s"]
    table["folds"] = table["folds"].astype(int)
    return table


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="few epochs, 2 datasets")
    args = parser.parse_args(argv)
    epochs = 2 if args.fast else None
    names = ["airline", "lynx"] if args.fast else list(DATASETS)
    warnings.filterwarnings("ignore")
    sections = [
        "# Backtests on sktime's bundled datasets",
        "",
        "Command: `python benchmarks/backtest.py"
        + (" --fast`" if args.fast else "`")
        + ". Default parameters for every model, `random_state=0` for ours; MAPE "
        "and MASE are means over the folds (fold count in each table's corner). "
        "PBS has months with zero sales, where MAPE is undefined (it explodes): "
        "read its MASE.",
    ]
    tables = [benchmark_dataset(name, epochs) for name in names]
    for table in tables:
        sections += ["", markdown_table(table)]
    mase = pd.concat([t["MASE"] for t in tables], axis=1)
    average = mase.mean(axis=1).sort_values().to_frame("MASE averaged")
    sections += ["", markdown_table(average.rename_axis("over the datasets"))]
    sections += [
        "",
        "## Backtest strategies: `evaluate` of `LSTMForecaster()` on airline, 10 folds",
        "",
        '"refit" trains a new network per fold; "update" trains once, then '
        'fine-tunes for `update_epochs=1` epoch per fold; "no-update_params" '
        "trains once and only moves the forecast origin.",
        "",
        markdown_table(strategies(epochs)),
    ]
    return publish("backtest", "\n".join(sections) + "\n", save=not args.fast)


if __name__ == "__main__":
    main()
