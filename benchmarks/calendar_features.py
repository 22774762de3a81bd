"""What ``calendar="auto"`` buys: the same model with and without calendar features.

Run ``python benchmarks/calendar_features.py``; writes results/calendar_features.md.

- **taylor**: half-hourly electricity demand in England and Wales, Monday 5 June
  2000 to Sunday 27 August 2000 (pmdarima's ``load_taylor``, 4032 points; the
  dates are those its docstring and Taylor (2003) give). A daily cycle of 48
  steps and a weekly one of 336, both longer than the default 24-step window.
  The last day (48 steps) is the test part, the day before it validation.
- **airline**: sktime's monthly airline passengers, the last 36 months held out
  (the quickstart's split), to report the effect either way on monthly data.

Scores are MASE (the mean absolute error over that of the in-sample seasonal
naive forecast at the shortest season: 48 steps, 12 months), for the defaults
when this was measured (``DEFAULTS_OF_THE_TIME``) with
``calendar=None`` and ``calendar="auto"`` over ``--seeds`` seeds, and the
seasonal naive forecasts at each season. Nothing here chose a default:
``calendar`` stays None by default.
"""

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from _results import markdown_table, publish

warnings.filterwarnings("ignore")


def taylor() -> tuple[pd.Series, int, tuple[int, ...]]:
    from pmdarima.datasets import load_taylor

    values = load_taylor()
    index = pd.date_range("2000-06-05", periods=len(values), freq="30min")
    return pd.Series(values, index=index), 48, (48, 336)


def airline() -> tuple[pd.Series, int, tuple[int, ...]]:
    from sktime.datasets import load_airline

    return load_airline(), 36, (12,)


DATASETS = {"taylor": taylor, "airline": airline}


def mase(actual: pd.Series, forecast: pd.Series, train: pd.Series, sp: int) -> float:
    scale = np.mean(np.abs(train.to_numpy()[sp:] - train.to_numpy()[:-sp]))
    return float(np.mean(np.abs(actual.to_numpy() - forecast.to_numpy())) / scale)


def seasonal_naive(train: pd.Series, horizon: int, sp: int) -> np.ndarray:
    last_season = train.to_numpy()[-sp:]
    return np.resize(last_season, horizon)


# the defaults when these figures were measured: "auto" now gives taylor 96 steps
# and airline (49 windows) a 16 x 1 network, the default sp detects a season on
# one series, 50 epochs are the default (benchmarks/results/shapes_*.md), known
# calendar columns get each window's regression, and one series' windows are
# normalised by their last level
DEFAULTS_OF_THE_TIME = {
    "window_length": 24,
    "hidden_size": 64,
    "num_layers": 2,
    "sp": None,
    "max_epochs": 100,
    "exog_regression": False,
    "window_norm": "standard",
}


def evaluate(name: str, seeds: int, part: str) -> list[dict]:
    from sktime_lstm import LSTMForecaster

    y, horizon, seasons = DATASETS[name]()
    end = len(y) - horizon if part == "test" else len(y) - 2 * horizon
    train, actual = y.iloc[:end], y.iloc[end : end + horizon]
    sp = seasons[0]
    rows = []
    for setting in (None, "auto"):
        scores, seconds = [], []
        for seed in range(seeds):
            start = time.perf_counter()
            forecaster = LSTMForecaster(
                **DEFAULTS_OF_THE_TIME, calendar=setting, random_state=seed
            )
            forecast = forecaster.fit(train, fh=range(1, horizon + 1)).predict()
            seconds.append(time.perf_counter() - start)
            scores.append(mase(actual, forecast, train, sp))
        rows.append(
            {
                "data": name,
                "part": part,
                "method": f"LSTMForecaster(calendar={setting!r})",
                "MASE": float(np.median(scores)),
                "seeds": ", ".join(f"{s:.3f}" for s in scores),
                "fit s": float(np.median(seconds)),
            }
        )
    for season in seasons:
        forecast = pd.Series(seasonal_naive(train, horizon, season), actual.index)
        rows.append(
            {
                "data": name,
                "part": part,
                "method": f"seasonal naive (sp={season})",
                "MASE": mase(actual, forecast, train, sp),
                "seeds": "",
                "fit s": 0.0,
            }
        )
    return rows


def main(datasets: list[str], seeds: int, parts: list[str], save: bool = True):
    rows = [
        row
        for name in datasets
        for part in parts
        for row in evaluate(name, seeds, part)
    ]
    table = pd.DataFrame(rows).set_index("data")
    text = (
        "## Calendar features\n\n"
        f"`python benchmarks/calendar_features.py --seeds {seeds}`: MASE (median "
        "over seeds; each seed's after it), the defaults of the time "
        f'(`{DEFAULTS_OF_THE_TIME}`) with and without `calendar="auto"`, and the '
        "seasonal naive forecasts.\n\n" + markdown_table(table) + "\n"
    )
    return publish("calendar_features", text, save)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument("--parts", nargs="+", default=["validation", "test"])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    main(args.datasets, args.seeds, args.parts, save=not args.no_save)
