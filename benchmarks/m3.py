"""Accuracy and wall time on M3 monthly (1428 series, h=18) and quarterly (756, h=8).

Run ``python benchmarks/m3.py`` (extras ``[bench]``); writes results/m3.md. All
methods go through sktime's public API on the same panels: ours as one global model
per frequency (median over ``--seeds`` seeds), the classical ones fitted series by
series (statsforecast's through sktime's adapters). Options:

- ``--frequencies monthly quarterly`` which M3 parts;
- ``--dataset m1`` or ``tourism``: the same on the M1 or tourism competition's
  data instead of M3 (checks that what was chosen on M3 holds elsewhere);
- ``--methods ...`` a subset of the methods below (default: all);
- ``--seeds 3`` seeds for the neural methods;
- ``--n-series N`` only the first N series of each part (a quick look);
- ``--first-series K`` skip the first K series (with ``--n-series``, a block);
- ``--reuse`` take a method's forecasts from ``results/cache/`` when a run with
  the same settings and the same code stored them (AutoARIMA takes about 2000 s
  on monthly), so that a changed method can be rerun beside unchanged baselines;
  the key covers the method's parameters, the benchmark's own code, and for our
  methods the source of ``sktime_lstm`` and the torch version (see
  ``fingerprint``), so an edited package never serves stale forecasts;
- ``--validation`` score on the last h points of each *training* series instead
  of the test part (how defaults and recipes are chosen: never on the test part);
- ``--params '{"window_length": 36}'`` adds "LSTMForecaster(params)", the
  default forecaster with these parameters changed, for trying recipes;
- ``--set '{"num_threads": 1}'`` changes these parameters of every network in
  the run, pipelines' included (how the validation rounds ran one thread a run);
- ``--pair A B`` adds the ensemble of methods A and B (repeatable), beside the
  built-in pairs in ``ENSEMBLES``;
- ``--seed-ensembles NAME`` the mean of NAME's seeds, alone and with Theta
  (default: "LSTMForecaster()");
- ``--trend-fifths`` adds, per method, its mean MASE and bias by fifths of the
  series ordered by their linear trend (where a method loses to Theta).

Prototypes that are not in the package (the validation record's fifth and sixth
rounds) run through ``benchmarks/m3_prototypes.py``, which patches one into the
package for the run and then calls this script.

Metrics: sMAPE as in the M3 competition (0-200) and MASE scaled by the in-sample
seasonal-naive error, each averaged over series.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import pickle
import shlex
import statistics
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
from _baselines import classical_baselines
from _m3 import DATASETS, load, scores, validation_split
from _results import RESULTS, markdown_table, publish
from _trial_constants import APPLIED, add_constant_option, set_constants

CACHE = RESULTS / "cache"
HERE = Path(__file__).resolve().parent
# the installed package's source folder, found without importing it (torch is slow)
PACKAGE = Path(importlib.util.find_spec("sktime_lstm").submodule_search_locations[0])
# the benchmark's own code that decides a cached forecast: methods, data, baselines
BENCHMARK_CODE = [HERE / "m3.py", HERE / "_m3.py", HERE / "_baselines.py"]
# set by m3_prototypes.py: a prototype's name (part of every cache key), the files
# that define it, and ``(period, seed) -> context manager`` that patches it in
VARIANT = ""
VARIANT_CODE: list[Path] = []
PATCH = None
# --set: parameters changed in every network of the run
OVERRIDES: dict = {}
RECIPE = "LogTransformer() * LSTMForecaster()"
SEASONAL = "LSTMForecaster(sp)"
AUTO = 'LSTMForecaster(sp="auto")'
SEASONAL_LOG = "LogTransformer() * LSTMForecaster(sp)"
# the best single model on the monthly validation part, for long seasonal series
LONG_SEASONAL = "LogTransformer() * LSTMForecaster(sp, window_length=36)"
SEASONAL_RECIPE = "ConditionalDeseasonalizer(sp) * LogTransformer() * LSTMForecaster()"
# with the long-run slope of each series' whole history as an input
TREND = "LSTMForecaster(sp, long_trend=True)"
TREND_LOG = "LogTransformer() * LSTMForecaster(sp, long_trend=True)"


def neural(name: str, seasonal: bool = False, **params):
    """A factory of our forecasters: ``(seed, period) -> forecaster``.

    ``seasonal``: pass the part's seasonal period as ``sp``, as the classical
    baselines get it.
    """

    def build(seed: int, period: int):
        import sktime_lstm

        season = {"sp": period} if seasonal else {}
        settings = {**season, **params, **OVERRIDES}
        return getattr(sktime_lstm, name)(random_state=seed, **settings)

    return build


def logged(name: str, deseasonalize: bool = False, seasonal: bool = False, **params):
    """Ours in a pipeline on the log of the series (M3's values are positive).

    ``deseasonalize``: first divide each series by its classical multiplicative
    seasonal indices where a 90% autocorrelation test finds seasonality (sktime's
    ``ConditionalDeseasonalizer``, as the M4 competition's benchmarks did).
    """

    def build(seed: int, period: int):
        from sktime.forecasting.compose import TransformedTargetForecaster
        from sktime.transformations.series.boxcox import LogTransformer
        from sktime.transformations.series.detrend import ConditionalDeseasonalizer

        network = neural(name, seasonal, **params)(seed, period)
        steps = [LogTransformer(), network]
        if deseasonalize:
            steps.insert(0, ConditionalDeseasonalizer(sp=period))
        return TransformedTargetForecaster(steps)

    return build


def classical(name: str):
    """A factory of one classical baseline: ``(seed, period) -> forecaster``."""

    def build(seed: int, period: int):
        return classical_baselines(period)[name]

    return build


METHODS = {
    "LSTMForecaster()": neural("LSTMForecaster"),
    # the defaults given the data's seasonal period (12 or 4), as the baselines are
    SEASONAL: neural("LSTMForecaster", seasonal=True),
    # the period found in the data instead of given
    AUTO: neural("LSTMForecaster", sp="auto"),
    SEASONAL_LOG: logged("LSTMForecaster", seasonal=True),
    LONG_SEASONAL: logged("LSTMForecaster", seasonal=True, window_length=36),
    "LSTMForecaster(window_length=36)": neural("LSTMForecaster", window_length=36),
    TREND: neural("LSTMForecaster", seasonal=True, long_trend=True),
    TREND_LOG: logged("LSTMForecaster", seasonal=True, long_trend=True),
    "GRUForecaster()": neural("GRUForecaster"),
    # earlier recipes (recipes.md keeps them as measured): the log of the series,
    RECIPE: logged("LSTMForecaster"),
    # and deseasonalising first where a seasonality test finds a season
    SEASONAL_RECIPE: logged("LSTMForecaster", deseasonalize=True),
    "Naive": classical("Naive"),
    "sNaive": classical("sNaive"),
    "Theta": classical("Theta"),
    "AutoETS": classical("AutoETS"),
    "AutoARIMA": classical("AutoARIMA"),
}
NEURAL = {
    "LSTMForecaster()",
    AUTO,
    SEASONAL,
    SEASONAL_LOG,
    LONG_SEASONAL,
    "GRUForecaster()",
    RECIPE,
    SEASONAL_RECIPE,
    "LSTMForecaster(window_length=36)",
    TREND,
    TREND_LOG,
}
# sktime's EnsembleForecaster (default aggfunc "mean") forecasts the mean of its
# members' forecasts: computed here from the members' runs, seed by seed
ENSEMBLES = [
    ("LSTMForecaster()", "Theta"),
    (SEASONAL, "Theta"),
    (SEASONAL_LOG, "Theta"),
    (LONG_SEASONAL, "Theta"),
    (TREND, "Theta"),
    (TREND_LOG, "Theta"),
    (RECIPE, "Theta"),
    (SEASONAL_RECIPE, "Theta"),
    # recurrent only: two networks that see the series differently
    (SEASONAL_LOG, SEASONAL_RECIPE),
    (LONG_SEASONAL, SEASONAL_RECIPE),
    (TREND_LOG, SEASONAL_RECIPE),
    ("LSTMForecaster()", SEASONAL_RECIPE),
]
TRIAL = "LSTMForecaster(params)"  # --params: never cached, its settings vary


def run_method(name, train, horizon, period, seed):
    """Fit on the panel and forecast ``horizon`` steps; return (forecast, seconds)."""
    forecaster = METHODS[name](seed, period)
    patched = (
        PATCH(period, seed) if PATCH and name in NEURAL else contextlib.nullcontext()
    )
    start = time.perf_counter()
    with warnings.catch_warnings(), patched:
        warnings.simplefilter("ignore")
        forecaster.fit(train, fh=list(range(1, horizon + 1)))
        forecast = forecaster.predict()
    return forecast, time.perf_counter() - start


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _hash_files(paths, root: Path | None = None) -> str:
    """Hash of the files' contents and names (relative to ``root``), in name order.

    Contents, not times: a fresh clone of the same commit hits the same entries.
    """
    digest = hashlib.sha1()
    for path in sorted(paths):
        name = path.relative_to(root).as_posix() if root is not None else path.name
        digest.update(f"{name}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def code_version(neural: bool) -> str:
    """What, besides its parameters, decides a method's forecasts.

    The benchmark's own code and sktime's version for every method; for ours also
    every source file of ``sktime_lstm`` and the torch version; the prototype
    patched in, if any, and the constants ``--constant`` set. The classical
    baselines do not depend on ``sktime_lstm``, so editing the package does not
    throw away their slow entries (AutoARIMA).
    """
    parts = [_hash_files(BENCHMARK_CODE), f"sktime {_version('sktime')}"]
    if neural:
        sources = [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
        parts += [_hash_files(sources, PACKAGE), f"torch {_version('torch')}"]
        if VARIANT:
            parts += [VARIANT, _hash_files(VARIANT_CODE)]
        if APPLIED:
            parts.append("constants " + " ".join(APPLIED))
    else:
        parts.append(f"statsforecast {_version('statsforecast')}")
    return "\n".join(parts)


def fingerprint(name: str, seed: int, period: int) -> str:
    """A short hash of the method's parameters and of the code that runs it.

    A changed default is a new entry, and so is a changed line of ``sktime_lstm``
    (or of this benchmark), a new torch, or a prototype patched in.
    """
    params = METHODS[name](seed, period).get_params(deep=True)
    text = repr(sorted((key, repr(value)) for key, value in params.items()))
    text += "\n" + code_version(name in NEURAL)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def cached_run(name, part, n_series, seed, reuse, train, horizon, period):
    """``part``: the dataset and frequency, e.g. "m3_monthly"."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"{part}_{n_series}_{name}_{seed}{VARIANT and '_' + VARIANT}"
    stem = stem.replace("()", "")
    path = CACHE / f"{stem}_{fingerprint(name, seed, period)}.pkl"
    if reuse and path.exists() and name != TRIAL:
        return pickle.loads(path.read_bytes())
    result = run_method(name, train, horizon, period, seed)
    path.write_bytes(pickle.dumps(result))
    return result


def evaluate_part(
    frequency,
    methods,
    seeds,
    n_series,
    reuse,
    validation,
    dataset="m3",
    first=0,
    pairs=(),
    seeded=("LSTMForecaster()",),
    by_trend=False,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Score ``methods`` on one part; return the table and, if asked, the fifths.

    ``pairs``: ensembles to add to ``ENSEMBLES``; ``seeded``: methods whose seeds
    are also averaged (``seed_ensembles``); ``by_trend``: also return
    ``trend_fifths`` of every method's first run.
    """
    train, test, horizon, period = load(frequency, n_series, dataset, first)
    if validation:
        train, test = validation_split(train, horizon)
        frequency = f"{frequency}-validation"
    part = f"{dataset}_{frequency}" + (f"-from{first}" if first else "")
    rows, forecasts = [], {}
    for name in methods:
        runs, forecasts[name] = [], []
        for seed in range(seeds if name in NEURAL else 1):
            forecast, seconds = cached_run(
                name, part, n_series, seed, reuse, train, horizon, period
            )
            forecasts[name].append((forecast, seconds))
            runs.append({**scores(test, forecast, train, period), "seconds": seconds})
            print(f"{part} {name} seed {seed}: {runs[-1]}", flush=True)
        rows.append(summary(name, runs))
    for members in [*ENSEMBLES, *(tuple(p) for p in pairs)]:
        if all(m in forecasts for m in members):
            rows.append(ensemble(members, forecasts, train, test, period))
    for name in seeded:
        if len(forecasts.get(name, [])) > 1:
            rows += seed_ensembles(forecasts, train, test, period, name)
    fifths = None
    if by_trend:
        first_runs = {name: runs[0][0] for name, runs in forecasts.items()}
        fifths = trend_fifths(first_runs, train, test, period)
    return pd.DataFrame(rows).set_index("method"), fifths


def trend_fifths(forecasts: dict, train, test, period: int) -> pd.DataFrame:
    """Mean MASE and bias of each forecast by fifths of the series' linear trend.

    The series are ordered by the rise of a least-squares line through their
    training part over its length (the slope times the number of points) relative
    to their mean level, falling most first, and cut into five groups of (nearly)
    equal size. The bias is the mean of forecast minus
    actual over a series' steps, in units of its in-sample seasonal-naive MAE (as
    MASE's scale): negative where the forecast falls short, e.g. stops a rising
    trend too soon.
    """
    import numpy as np

    def relative_trend(series: pd.Series) -> float:
        values = series.to_numpy(float)
        steps = np.arange(len(values), dtype=float)
        rise = np.polyfit(steps, values, 1)[0] * len(values)
        return float(rise / np.mean(values))

    def seasonal_naive_mae(series: pd.Series) -> float:
        values = series.to_numpy(float)
        return float(np.mean(np.abs(values[period:] - values[:-period])))

    history = train["y"].groupby(level=0)
    order = history.apply(relative_trend).sort_values().index
    fifth = pd.Series(np.arange(len(order)) * 5 // len(order), index=order)
    scale = history.apply(seasonal_naive_mae)
    names = ["falling most", "second", "third", "fourth", "rising most"]
    columns = {}
    for name, forecast in forecasts.items():
        if isinstance(forecast, pd.DataFrame):
            forecast = forecast["y"]
        error = forecast.reindex(test.index) - test["y"]
        grouped = error.groupby(level=0)
        per_series = pd.DataFrame(
            {
                "MASE": grouped.apply(lambda e: e.abs().mean()) / scale,
                "bias": grouped.mean() / scale,
            }
        ).dropna()
        means = per_series.groupby(fifth.reindex(per_series.index)).mean()
        columns[f"{name} MASE"] = means["MASE"].to_numpy()
        columns[f"{name} bias"] = means["bias"].to_numpy()
    return pd.DataFrame(columns, index=pd.Index(names, name="trend fifth"))


def summary(name: str, runs: list[dict]) -> dict:
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {"method": name, "runs": len(runs), **median}


def ensemble(members, forecasts, train, test, period) -> dict:
    """EnsembleForecaster of ``members`` (the mean of their forecasts), seed by seed.

    Run k pairs the k-th seed of each neural member (a classical member has one run).
    """
    n_runs = max(len(forecasts[m]) for m in members)
    runs = []
    for k in range(n_runs):
        picked = [forecasts[m][min(k, len(forecasts[m]) - 1)] for m in members]
        index = picked[0][0].index
        mean = sum(f["y"].reindex(index) for f, _ in picked) / len(picked)
        seconds = sum(s for _, s in picked)
        runs.append({**scores(test, mean, train, period), "seconds": seconds})
    return summary(f"EnsembleForecaster([{', '.join(members)}])", runs)


def seed_ensembles(
    forecasts, train, test, period, name: str = "LSTMForecaster()"
) -> list[dict]:
    """EnsembleForecaster of a method's seeds (equal weights), alone and with Theta.

    With Theta: weights 1/(2k) for each of the k seeds and 1/2 for Theta, so the
    networks' mean and Theta count alike. One run each: the seeds are its members.
    """
    runs = forecasts[name]
    k = len(runs)
    mean = sum(forecast["y"] for forecast, _ in runs) / k
    seconds = sum(seconds for _, seconds in runs)
    rows = [
        {
            "method": f"EnsembleForecaster({k} seeds of {name})",
            "runs": 1,
            **scores(test, mean, train, period),
            "seconds": seconds,
        }
    ]
    if "Theta" in forecasts:
        (theta, theta_seconds), *_ = forecasts["Theta"]
        both = (mean + theta["y"].reindex(mean.index)) / 2
        rows.append(
            {
                "method": f"EnsembleForecaster({k} seeds of {name}, Theta)",
                "runs": 1,
                **scores(test, both, train, period),
                "seconds": seconds + theta_seconds,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frequencies", nargs="+", default=["monthly", "quarterly"])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="m3")
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--n-series", type=int, default=None)
    parser.add_argument("--first-series", type=int, default=0)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--validation", action="store_true")
    parser.add_argument("--params", type=json.loads, default=None)
    parser.add_argument("--set", type=json.loads, default={}, dest="overrides")
    parser.add_argument("--pair", nargs=2, action="append", default=[])
    parser.add_argument("--seed-ensembles", nargs="+", default=["LSTMForecaster()"])
    parser.add_argument("--trend-fifths", action="store_true")
    parser.add_argument("--save", default="m3")
    arguments = sys.argv[1:] if argv is None else argv
    add_constant_option(parser)
    args = parser.parse_args(arguments)
    set_constants(args.constant)
    OVERRIDES.clear()
    OVERRIDES.update(args.overrides)
    if args.params is not None:
        METHODS[TRIAL] = neural("LSTMForecaster", **args.params)
        NEURAL.add(TRIAL)
        args.methods = [m for m in args.methods if m != TRIAL] + [TRIAL]
    named = {m for pair in args.pair for m in pair} | set(args.seed_ensembles)
    unknown = (set(args.methods) | named) - set(METHODS) | set(args.frequencies) - set(
        DATASETS[args.dataset]
    )
    if unknown:
        parser.error(f"unknown method or frequency: {sorted(unknown)}")
    script = ["m3_prototypes.py", VARIANT] if VARIANT else ["m3.py"]
    command = shlex.join(["python", f"benchmarks/{script[0]}", *script[1:], *arguments])
    sections = [
        f"# {args.dataset.upper()} accuracy and wall time",
        "",
        f"Command: `{command}`",
        "",
        "sMAPE (M3 definition, 0-200) and MASE (seasonal-naive scaling), means over "
        "series; seconds are fit + predict of the whole part, for ours the median "
        f"over {args.seeds} seeds (the table shows the median of each column).",
    ]
    for frequency in args.frequencies:
        table, fifths = evaluate_part(
            frequency,
            args.methods,
            args.seeds,
            args.n_series,
            args.reuse,
            args.validation,
            args.dataset,
            args.first_series,
            args.pair,
            args.seed_ensembles,
            args.trend_fifths,
        )
        horizon, _ = DATASETS[args.dataset][frequency]
        sections += [
            "",
            f"## {args.dataset.upper()} {frequency}, h={horizon}",
            "",
            markdown_table(table),
        ]
        if fifths is not None:
            sections += [
                "",
                "By fifths of the series' linear trend relative to their level "
                "(first seed; bias in units of the seasonal-naive MAE):",
                "",
                markdown_table(fifths),
            ]
    return publish(args.save, "\n".join(sections) + "\n")


if __name__ == "__main__":
    main()
