"""Settings and panels shared by the test modules.

Plain names, imported as ``from _shared import TINY`` (pytest puts ``tests/`` on
the path), rather than fixtures: the settings are read at import time, inside
``parametrize`` and module-level tables. Each variant keeps the exact values its
tests were written with, since other values would test something else.
"""

import numpy as np
import pandas as pd

# ------------------------------------------------------------------ settings
# the smallest network: two epochs of a 4-unit layer, for tests of behaviour
# (indexes, errors, equivariance) that any trained network shows; each variant
# below says how it differs
TINY = dict(hidden_size=4, num_layers=1, window_length=6, max_epochs=2, random_state=0)
# a 4-step window, for series as short as 8 points
TINY_WINDOW_4 = dict(TINY, window_length=4)
# 8 units, 3 epochs, a year's window of monthly data (the airline series)
TINY_MONTHLY = dict(TINY, hidden_size=8, max_epochs=3, window_length=12)
# 8 units, 3 epochs, batches of 32: several optimiser steps an epoch on short series
TINY_BATCHED = dict(TINY, hidden_size=8, max_epochs=3, batch_size=32)
TINY_BATCHED_WINDOW_8 = dict(TINY_BATCHED, window_length=8)
# trained enough to beat the series' mean, for comparing devices and precisions;
# no random_state, which those tests set themselves
SMALL = dict(
    hidden_size=16, num_layers=1, window_length=12, max_epochs=30, batch_size=32
)


# -------------------------------------------------------------------- panels
def monthly_panel(
    lengths: tuple[int, ...] = (40, 30, 50), start: str = "2000-01"
) -> pd.DataFrame:
    """Units "a", "b", "c" of monthly periods: level 10 * (i + 1), a sine, a trend."""
    frames = []
    for i, n in enumerate(lengths):
        index = pd.period_range(start, periods=n, freq="M")
        values = 10 * (i + 1) + np.sin(np.arange(n) / 2) + np.arange(n) * 0.1
        frames.append(pd.DataFrame({"y": values}, index=index))
    return pd.concat(frames, keys=["a", "b", "c"], names=["unit", "time"])


def ar_panel(
    n_series: int = 40,
    length: int = 120,
    phi: float = 0.6,
    sigma: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """AR(1) series around 10 on a RangeIndex, whose true intervals are known."""
    rng = np.random.default_rng(seed)
    frames = []
    for _ in range(n_series):
        noise = rng.normal(scale=sigma, size=length)
        values = np.zeros(length)
        for t in range(1, length):
            values[t] = phi * values[t - 1] + noise[t]
        frames.append(pd.DataFrame({"y": values + 10}, index=pd.RangeIndex(length)))
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def random_walk_panel(n_series: int = 6, length: int = 60) -> pd.DataFrame:
    """Random walks from 10 with steps of scale 0.3, on a RangeIndex."""
    rng = np.random.default_rng(0)
    frames = [
        pd.DataFrame({"y": 10 + np.cumsum(rng.normal(size=length)) * 0.3})
        for _ in range(n_series)
    ]
    return pd.concat(frames, keys=range(n_series), names=["series", "time"])


def noise_panel(index_per_series: list[pd.Index]) -> pd.DataFrame:
    """Standard normal noise around 10, one series on each of the given indexes."""
    rng = np.random.default_rng(0)
    frames = [
        pd.DataFrame({"y": 10 + rng.normal(size=len(index))}, index=index)
        for index in index_per_series
    ]
    return pd.concat(frames, keys=range(len(frames)), names=["series", "time"])


def sine_panel(n_series: int = 4, length: int = 48) -> pd.DataFrame:
    """Series "s0", "s1", ...: level 10 + i and a sine of period 6 pi, phase i."""
    t = np.arange(length)
    frames = [
        pd.DataFrame(
            {"y": 10 + i + np.sin(t / 3 + i)},
            index=pd.MultiIndex.from_product([[f"s{i}"], t], names=["series", "time"]),
        )
        for i in range(n_series)
    ]
    return pd.concat(frames)
