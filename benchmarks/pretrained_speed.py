"""Zero-shot fit + predict time of one series with a shipped network.

Run ``python benchmarks/pretrained_speed.py``; writes results/pretrained_speed.md.
Times, in a fresh process: importing the package, the first zero-shot
``fit`` + ``predict`` of airline (108 months, 36 ahead; it reads the weights
from disk), and the median of 20 more. Each call builds a new forecaster.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _results import markdown_table, publish  # noqa: E402
from sktime.datasets import load_airline  # noqa: E402

from sktime_lstm import LSTMForecaster  # noqa: E402

IMPORT_S = time.perf_counter() - T0


def zero_shot_seconds(y: pd.Series) -> float:
    start = time.perf_counter()
    LSTMForecaster(pretrained="monthly").fit(y, fh=np.arange(1, 37)).predict()
    return time.perf_counter() - start


def main() -> str:
    y = load_airline()[:-36]
    first = zero_shot_seconds(y)
    later = [zero_shot_seconds(y) for _ in range(20)]
    table = pd.DataFrame(
        {
            "seconds": [
                IMPORT_S,
                first,
                float(np.median(later)),
                float(np.max(later)),
            ]
        },
        index=pd.Index(
            [
                "import sktime_lstm (with sktime and torch)",
                "first fit + predict (reads the weights)",
                "fit + predict, median of 20 more",
                "fit + predict, slowest of 20 more",
            ],
            name="step",
        ),
    )
    text = (
        "# Zero-shot speed: one series, a shipped network\n\n"
        "Command: `python benchmarks/pretrained_speed.py`. "
        "`LSTMForecaster(pretrained='monthly')` on airline's first 108 months, "
        "36 months ahead.\n\n" + markdown_table(table) + "\n"
    )
    return publish("pretrained_speed", text)


if __name__ == "__main__":
    main()
