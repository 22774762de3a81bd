"""Probe (prototype commit only): the month number as X on tests/test_devices.py's
seasonal panel, MAE and 80% interval width over 3 seeds. Run from the repository
root: python benchmarks/month_x_probe.py."""

import sys, warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, "tests")
import numpy as np, pandas as pd
from test_devices import seasonal_panel
from _shared import SMALL
from sktime_lstm import LSTMForecaster

y = seasonal_panel()
X = pd.DataFrame({"month": y.index.get_level_values(1) % 12}, index=y.index)
train_y, train_X = y.groupby(level=0).head(70), X.groupby(level=0).head(70)
future_X = X.groupby(level=0).tail(10).groupby(level=0).head(3)
truth = y["y"].loc[future_X.index].to_numpy()
for name, kw in [
    ("SMALL", dict(SMALL, loss="quantile")),
    ("defaults", dict(loss="quantile")),
    ("defaults mae", {}),
]:
    errs = []
    widths = []
    for seed in range(3):
        f = LSTMForecaster(**kw, random_state=seed).fit(
            train_y, X=train_X, fh=[1, 2, 3]
        )
        p = f.predict(X=future_X).to_numpy().ravel()
        errs.append(np.abs(p - truth).mean())
        if kw.get("loss") == "quantile":
            iv = f.predict_interval(X=future_X, coverage=0.8)
            widths.append((iv.iloc[:, 1] - iv.iloc[:, 0]).mean())
    print(name, np.round(errs, 3), np.round(widths, 3))
