"""One series at a time: the defaults on bundled single series of many shapes.

Run ``python benchmarks/single.py``; writes results/single_<part>.md. Fits
``LSTMForecaster(**params)`` to each of 17 single series that install with the
project's extras (sktime's, statsmodels' and pmdarima's bundled data: monthly,
quarterly, yearly and integer-indexed; seasonal, trending, cyclic and noisy),
each with the index a user would have, and scores it against the seasonal naive
forecast, Theta and AutoETS (statsforecast). ``--part validation`` (default, for
choosing) holds out the h points before the last h; ``--part test`` holds out the
last h (touched once, to report). ``--params`` changes the forecaster's
parameters, ``--series`` picks series, ``--seeds`` sets the seeds (median);
``--ensemble N`` makes each seed's forecast the median of N networks (seeds
``N * seed`` to ``N * seed + N - 1``), a trial of a seed ensemble;
``--lookbacks F [F ...]`` makes it the median of networks whose windows are F times
the default network's ``window_length_`` (a lookback ensemble, as N-BEATS').
``--log`` fits each strictly positive series on its logarithm and exponentiates the
forecast (a trial of a log scale); ``--log guerrero`` or ``seasonal`` only those
whose spread grows with their level (``_log_scale.py``). ``--origins K``
(validation only) scores K forecast origins per series, h points apart (the
validation part, then the h points before it, ...; an origin whose training part
would be shorter than 2h is skipped), so that one lucky or unlucky stretch does not
decide.
``--series "airline (h=36)"`` adds the quickstart's horizon on airline.

Each series' score is its MAE relative to the seasonal naive forecast's on the
same part (below 1 beats it); the summary row is the geometric mean of those
ratios over the series and how many series each method beats the seasonal naive
forecast on. A series where the seasonal naive forecast is exact (PBS's test
part) has no ratio and is left out of both, and the output names it.
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
from _log_scale import add_log_option, describe, log_wrapper
from _results import markdown_table, publish
from _trial_constants import add_constant_option, set_constants
from shapes import split  # the last h points, or the h before them

warnings.filterwarnings("ignore")

MONTHLY, QUARTERLY, YEARLY = (12, 18), (4, 8), (1, 6)


def _sktime(loader: str):
    def load() -> pd.Series:
        import sktime.datasets

        return getattr(sktime.datasets, loader)().astype(float)

    return load


def _pmdarima(loader: str, start: str, freq: str | None):
    def load() -> pd.Series:
        import pmdarima.datasets

        values = np.asarray(getattr(pmdarima.datasets, loader)(), float)
        if freq is None:
            return pd.Series(values)
        return pd.Series(values, pd.period_range(start, periods=len(values), freq=freq))

    return load


def _macro(column: str):
    def load() -> pd.Series:
        import statsmodels.api as sm

        data = sm.datasets.macrodata.load_pandas().data
        index = pd.period_range("1959Q1", periods=len(data), freq="Q")
        return pd.Series(data[column].to_numpy(float), index=index)

    return load


def _statsmodels_yearly(dataset: str, column: str, start: str):
    def load() -> pd.Series:
        import statsmodels.api as sm

        values = getattr(sm.datasets, dataset).load_pandas().data[column]
        index = pd.period_range(start, periods=len(values), freq="Y")
        return pd.Series(values.to_numpy(float), index=index)

    return load


def _co2_monthly() -> pd.Series:
    import statsmodels.api as sm

    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().interpolate()
    return pd.Series(monthly.to_numpy(float), monthly.index.to_period("M"))


def _elnino() -> pd.Series:
    import statsmodels.api as sm

    data = sm.datasets.elnino.load_pandas().data.drop(columns="YEAR")
    values = data.to_numpy(float).ravel()
    return pd.Series(values, pd.period_range("1950-01", periods=len(values), freq="M"))


# name: (loader, (seasonal period, horizon)); M3's horizons per frequency
SERIES = {
    "airline": (_sktime("load_airline"), MONTHLY),
    "PBS": (_sktime("load_PBS_dataset"), MONTHLY),
    "shampoo sales": (_sktime("load_shampoo_sales"), (12, 6)),
    "wine sales": (_pmdarima("load_wineind", "1980-01", "M"), MONTHLY),
    "CO2 (monthly)": (_co2_monthly, MONTHLY),
    "El Nino SST": (_elnino, MONTHLY),
    "wool": (_pmdarima("load_woolyrnq", "1965Q1", "Q"), QUARTERLY),
    "beer": (_pmdarima("load_ausbeer", "1956Q1", "Q"), QUARTERLY),
    "AU residents": (_pmdarima("load_austres", "1971Q2", "Q"), QUARTERLY),
    "real GDP": (_macro("realgdp"), QUARTERLY),
    "CPI": (_macro("cpi"), QUARTERLY),
    "unemployment": (_macro("unemp"), QUARTERLY),
    "real investment": (_macro("realinv"), QUARTERLY),
    "lynx": (_sktime("load_lynx"), YEARLY),
    "Nile": (_statsmodels_yearly("nile", "volume", "1871"), YEARLY),
    "sunspots": (_statsmodels_yearly("sunspots", "SUNACTIVITY", "1700"), YEARLY),
    "heart rate": (_pmdarima("load_heartrate", "", None), (1, 10)),
}
# chosen by --series only: the default set stays comparable with earlier runs
EXTRA_SERIES = {"airline (h=36)": (_sktime("load_airline"), (12, 36))}


def mae(actual: pd.Series, forecast) -> float:
    """Mean absolute error over the observed points (pmdarima's ausbeer ends with a
    missing value, in the test part)."""
    errors = np.abs(actual.to_numpy() - np.asarray(forecast).ravel())
    return float(np.nanmean(errors))


def ensemble_forecast(
    train: pd.Series, fh, params: dict, seeds: range, lookbacks=(1.0,), wrap=None
):
    """The median forecast of networks trained with these seeds, each with windows
    of these multiples of its default window; the last default network. ``wrap``
    (``_log_scale.log_wrapper``'s) wraps each network before it is fitted."""
    from sktime_lstm import LSTMForecaster

    def fitted(**member_params):
        model = LSTMForecaster(**member_params)
        return (wrap(model) if wrap else model).fit(train, fh=fh)

    forecasts = []
    for seed in seeds:
        model = fitted(random_state=seed, **params)
        for factor in lookbacks:
            member = model
            if factor != 1.0:
                window = max(1, round(factor * model.window_length_))
                member = fitted(
                    random_state=seed, **{**params, "window_length": window}
                )
            forecasts.append(np.asarray(member.predict()).ravel())
    return np.median(forecasts, axis=0), model


def origin_parts(
    series: pd.Series, horizon: int, part: str, origins: int
) -> list[tuple[pd.Series, pd.Series]]:
    """(train, held-out) at each of ``origins`` origins h apart, the first the
    part's own; later ones whose training part would be shorter than 2h are
    skipped."""
    parts = []
    for origin in range(origins):
        train, actual = split(
            series.iloc[: len(series) - origin * horizon], horizon, part
        )
        if origin == 0 or len(train) >= 2 * horizon:
            parts.append((train, actual))
    return parts


def score_series(
    name: str,
    params: dict,
    seeds: int,
    part: str,
    ensemble: int = 1,
    origins: int = 1,
    lookbacks: tuple[float, ...] = (1.0,),
    log: str | None = None,
    bootstrap: int = 0,
) -> dict:
    load, (period, horizon) = {**SERIES, **EXTRA_SERIES}[name]
    series = load()
    parts = origin_parts(series, horizon, part, origins)
    scores = [
        _score_part(
            train,
            actual,
            period,
            horizon,
            params,
            seeds,
            ensemble,
            lookbacks,
            log,
            bootstrap,
        )
        for train, actual in parts
    ]
    row = {"series": name, "points": len(parts[0][0]), "h": horizon}
    if origins > 1:
        row["origins"] = len(parts)
    for column in scores[0]:
        values = np.array([score[column] for score in scores], float)
        ratio = column in ("Theta", "AutoETS", "LSTM")
        row[column] = _geometric_mean(values) if ratio else float(np.median(values))
    row["fit s"] = float(np.sum([score["fit s"] for score in scores]))
    print(row, flush=True)
    return row


def _geometric_mean(ratios: np.ndarray) -> float:
    return float(np.exp(np.nanmean(np.log(ratios))))


def _score_part(
    train,
    actual,
    period,
    horizon,
    params,
    seeds,
    ensemble,
    lookbacks=(1.0,),
    log=None,
    bootstrap=0,
) -> dict:
    """One origin: each method's MAE over the seasonal naive forecast's."""
    from sklearn.base import clone

    fh = np.arange(1, horizon + 1)
    baselines = classical_baselines(period)
    snaive = mae(actual, clone(baselines["sNaive"]).fit(train, fh=fh).predict())
    # a seasonal naive forecast without error (PBS's test part: months of zero
    # sales) leaves the ratios undefined: NaN, and the summary leaves it out
    snaive = snaive if snaive > 0 else np.nan
    row = {}
    for baseline in ("Theta", "AutoETS"):
        forecast = clone(baselines[baseline]).fit(train, fh=fh).predict()
        row[baseline] = mae(actual, forecast) / snaive
    log_scale, bag = log_wrapper(log, period), bootstrap_wrapper(bootstrap)

    def wrap(model):
        model = bag(model) if bag else model
        return log_scale(model) if log_scale else model

    errors, seconds, windows = [], [], []
    for seed in range(seeds):
        start = time.perf_counter()
        # seeds seed * ensemble ... : ensemble=1 trains seed alone, as before
        members = range(seed * ensemble, (seed + 1) * ensemble)
        forecast, model = ensemble_forecast(train, fh, params, members, lookbacks, wrap)
        errors.append(mae(actual, forecast) / snaive)
        seconds.append(time.perf_counter() - start)
        windows.append(model.window_length_)
    row["LSTM"] = float(np.median(errors))
    row["window_length_"] = int(np.median(windows))
    row["fit s"] = float(np.median(seconds))
    return row


def summary(table: pd.DataFrame) -> tuple[dict, dict]:
    """Geometric mean of each method's ratio, and its wins over the naive."""
    row: dict = {"points": np.nan, "h": np.nan}
    for method in ("Theta", "AutoETS", "LSTM"):
        row[method] = _geometric_mean(table[method].to_numpy(float))
    if "origins" in table:
        row["origins"] = float(table["origins"].sum())
    row["window_length_"] = np.nan
    row["fit s"] = float(table["fit s"].sum())
    # out of the series with a ratio (all but those with an exact seasonal naive)
    wins = {
        m: (int((table[m] < 1).sum()), int(table[m].notna().sum()))
        for m in ("Theta", "AutoETS", "LSTM")
    }
    return row, wins


def undefined_note(table: pd.DataFrame) -> str:
    """Name the series left out because the seasonal naive forecast was exact."""
    left_out = table.index[table["LSTM"].isna()].tolist()
    if not left_out:
        return ""
    return (
        f" Left out of both ({', '.join(left_out)}): the seasonal naive forecast "
        "has no error there, so the ratios are undefined."
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["validation", "test"], default="validation")
    parser.add_argument(
        "--series", nargs="+", default=list(SERIES), choices=[*SERIES, *EXTRA_SERIES]
    )
    parser.add_argument("--params", type=json.loads, default={})
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--ensemble", type=int, default=1)
    parser.add_argument("--origins", type=int, default=1)
    parser.add_argument("--lookbacks", type=float, nargs="+", default=[1.0])
    add_log_option(parser)
    add_bootstrap_option(parser)
    parser.add_argument("--save", default=None)
    add_constant_option(parser)
    args = parser.parse_args(argv)
    set_constants(args.constant)
    if args.origins > 1 and args.part == "test":
        parser.error("the test part has one origin: it is touched once, to report")
    rows = [
        score_series(
            s,
            args.params,
            args.seeds,
            args.part,
            args.ensemble,
            args.origins,
            tuple(args.lookbacks),
            args.log,
            args.bootstrap,
        )
        for s in args.series
    ]
    table = pd.DataFrame(rows).set_index("series")
    mean, wins = summary(table)
    table.loc["geometric mean"] = mean
    command = "python benchmarks/single.py " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    text = (
        f"# One series at a time: {args.part} part\n\n"
        f"`LSTMForecaster(**{args.params})`, median of {args.seeds} seeds"
        + (
            f", each the median forecast of {args.ensemble} networks"
            if args.ensemble > 1
            else ""
        )
        + (
            f", each the median forecast of windows {args.lookbacks} times the default"
            if args.lookbacks != [1.0]
            else ""
        )
        + (f", {args.origins} origins h apart" if args.origins > 1 else "")
        + describe(args.log)
        + (f", trained with {args.bootstrap} bootstraps" if args.bootstrap else "")
        + ". "
        f"Reproduce: `{command.strip()}`.\n\n"
        "MAE relative to the seasonal naive forecast's on the same part (below 1 "
        "beats it); `fit s` is the median fit + predict time, summed in the last "
        "row.\n\n" + markdown_table(table) + "\n\n"
        "Series that beat the seasonal naive forecast: "
        + ", ".join(f"{m} {n} of {total}" for m, (n, total) in wins.items())
        + "."
        + undefined_note(table)
        + "\n"
    )
    return publish(args.save or f"single_{args.part}", text)


if __name__ == "__main__":
    main()
