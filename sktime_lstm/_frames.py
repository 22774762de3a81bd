"""pandas <-> per-instance arrays: instances, frequencies, regular time grids.

Only pandas and numpy here; the forecasters call these on sktime's inner data
(a DataFrame, or one with a MultiIndex whose last level is time).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def split_instances(y: pd.DataFrame) -> tuple[list, list[np.ndarray], list[pd.Index]]:
    """One float array and one time index per instance of a series/panel/hierarchy."""
    if not isinstance(y.index, pd.MultiIndex):
        return [None], [y.to_numpy(dtype=np.float64)], [y.index]
    levels = list(range(y.index.nlevels - 1))
    by = levels[0] if len(levels) == 1 else levels  # scalar keys for panels
    keys, arrays, times = [], [], []
    for key, frame in y.groupby(level=by, sort=False):
        keys.append(key)
        arrays.append(frame.to_numpy(dtype=np.float64))
        times.append(frame.index.get_level_values(-1))
    return keys, arrays, times


def frames_by_instance(X: pd.DataFrame) -> dict:
    """Each instance's rows of X, indexed by time alone."""
    if not isinstance(X.index, pd.MultiIndex):
        return {None: X}
    levels = list(range(X.index.nlevels - 1))
    by = levels[0] if len(levels) == 1 else levels
    return {key: f.droplevel(levels) for key, f in X.groupby(level=by, sort=False)}


def join(targets: list[np.ndarray], exog: list[np.ndarray]) -> list[np.ndarray]:
    """Per-instance ``[y | X]`` arrays; y itself when there is no X (no copy)."""
    if all(x.shape[1] == 0 for x in exog):
        return targets
    return [np.concatenate(pair, axis=1) for pair in zip(targets, exog, strict=True)]


def where(key) -> str:
    """`` (instance 'a')`` for a panel's instance, nothing for a single series."""
    return "" if key is None else f" (instance {key!r})"


def check_series(
    name: str,
    series: list[np.ndarray],
    times: list[pd.Index],
    keys: list,
    columns: list | None = None,
) -> None:
    """Reject inf, series or target columns without an observed value, duplicates."""
    if series and series[0].shape[1] == 0:
        raise ValueError(f"{name}: y has no columns; pass at least one target column.")
    for key, values, time in zip(keys, series, times, strict=True):
        if np.isinf(values).any():
            raise ValueError(
                f"{name}: y{where(key)} contains infinite values; replace or drop them."
            )
        if len(values) and np.isnan(values).all():
            raise ValueError(
                f"{name}: y{where(key)} has no observed value (all NaN); drop the "
                "series."
            )
        empty = np.isnan(values).all(axis=0) if len(values) else []
        if values.shape[1] > 1 and np.any(empty):
            named = [
                c for c, e in zip(columns or range(len(empty)), empty, strict=True) if e
            ]
            raise ValueError(
                f"{name}: the column(s) {named} of y{where(key)} have no observed "
                "value (all NaN); drop them or fill them."
            )
        if time.has_duplicates:
            duplicated = list(time[time.duplicated()][:3])
            raise ValueError(
                f"{name}: the time index of y{where(key)} has duplicate values, e.g. "
                f"{duplicated}; aggregate or drop them first."
            )


def _own_freq(time: pd.Index):
    """Return the frequency an index states or shows (3+ even dates), or None."""
    if isinstance(time, pd.PeriodIndex):
        return time.freq
    if not isinstance(time, pd.DatetimeIndex):
        return None
    if time.freq is not None:
        return time.freq
    if len(time) >= 3:
        inferred = pd.infer_freq(time)
        return None if inferred is None else pd.tseries.frequencies.to_offset(inferred)
    return None


def panel_freq(name: str, times: list[pd.Index], keys: list):
    """Return the one frequency of a panel's DatetimeIndex (None for other index types).

    Each instance's own frequency is read from its index or inferred from its
    dates; an instance too short or too gappy to show one takes the others'.
    sktime's panels often carry no ``freq`` (``_make_hierarchical``'s do not), so
    it is inferred here rather than read from the cutoff.

    Raises
    ------
    ValueError
        If instances show different frequencies, or none shows one.
    """
    if not isinstance(times[0], pd.DatetimeIndex):
        return None
    seen = {}
    for key, time in zip(keys, times, strict=True):
        freq = _own_freq(time)
        if freq is not None:
            seen.setdefault(freq, key)
    if len(seen) > 1:
        examples = ", ".join(f"{f.freqstr!r}{where(k)}" for f, k in seen.items())
        raise ValueError(
            f"{name}: the series of y have different frequencies ({examples}); one "
            "network forecasts steps of one length, so resample them to a common "
            "frequency first."
        )
    if not seen:
        raise ValueError(
            f"{name}: the DatetimeIndex of y has no regular frequency, so forecast "
            "dates are undefined: it states no freq, and no series shows one (three "
            "or more evenly spaced dates); set it (y.index.freq = 'D'), resample it "
            "(y.asfreq('D')) or use an integer index."
        )
    return next(iter(seen))


def regular_grid(time: pd.Index, freq) -> pd.Index:
    """Every step from the first time of ``time`` to its last, at its frequency.

    Integer indices step by 1, as sktime's forecasting horizons do.
    """
    if isinstance(time, pd.PeriodIndex):
        return pd.period_range(time[0], time[-1], freq=time.freq, name=time.name)
    if isinstance(time, pd.DatetimeIndex):
        return pd.date_range(time[0], time[-1], freq=freq, name=time.name)
    return pd.Index(np.arange(time[0], time[-1] + 1), name=time.name)


def fill_gaps(
    name: str, key, values: np.ndarray, time: pd.Index, freq
) -> tuple[np.ndarray, pd.Index]:
    """Insert missing values (NaN rows) at the steps absent from ``time``.

    A step the index skips is a missing value, which the forecasters mask, so
    that no window treats the points around a gap as adjacent.

    Raises
    ------
    ValueError
        If a time does not lie on the frequency's grid.
    """
    if len(time) < 2:
        return values, time
    if not pd.api.types.is_integer_dtype(time) and not isinstance(
        time, (pd.PeriodIndex, pd.DatetimeIndex)
    ):
        return values, time
    grid = regular_grid(time, freq)
    if len(grid) == len(time) and grid.equals(time):
        return values, grid
    positions = grid.get_indexer(time)
    if (positions < 0).any():
        off = list(time[positions < 0][:3])
        raise ValueError(
            f"{name}: the times {off} of y{where(key)} do not lie on its frequency "
            f"({getattr(freq, 'freqstr', freq)}); resample y to a regular index."
        )
    filled = np.full((len(grid), values.shape[1]), np.nan)
    filled[positions] = values
    return filled, grid


def forward_fill(values: np.ndarray) -> np.ndarray:
    """Copy ``values (rows, columns)``, each non-finite cell taking the last finite one.

    Cells before a column's first finite value stay as they are.
    """
    finite = np.isfinite(values)
    rows = np.where(finite, np.arange(len(values))[:, None], 0)
    np.maximum.accumulate(rows, axis=0, out=rows)
    filled = np.take_along_axis(values, rows, axis=0)
    source_is_finite = np.take_along_axis(finite, rows, axis=0)
    return np.where(source_is_finite, filled, values)


def last_time(time: pd.Index, freq) -> pd.Index:
    """Return the last time point as a length-1 index that carries the frequency."""
    last = time[-1:]
    if isinstance(last, pd.DatetimeIndex) and last.freq is None and freq is not None:
        last = pd.DatetimeIndex(last, freq=freq)
    return last
