"""pandas <-> per-instance arrays: instances, frequencies, grids, rows of X.

Only pandas, numpy and sktime's forecasting horizon here; the forecasters call
these on sktime's inner data (a DataFrame, or one with a MultiIndex whose last
level is time).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon


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
    whole_series: bool = True,
) -> None:
    """Reject inf and duplicate times, and whole series without an observed value.

    ``whole_series=False`` for the new rows of ``update``: a few rows may well
    be missing in one column or all (missing values are masked).
    """
    if series and series[0].shape[1] == 0:
        raise ValueError(f"{name}: y has no columns; pass at least one target column.")
    for key, values, time in zip(keys, series, times, strict=True):
        if np.isinf(values).any():
            raise ValueError(
                f"{name}: y{where(key)} contains infinite values; replace or drop them."
            )
        if whole_series and len(values) and np.isnan(values).all():
            raise ValueError(
                f"{name}: y{where(key)} has no observed value (all NaN); drop the "
                "series."
            )
        empty = np.isnan(values).all(axis=0) if len(values) else []
        if whole_series and values.shape[1] > 1 and np.any(empty):
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


def check_integer_steps(name: str, times: list[pd.Index]) -> None:
    """Reject an integer index whose every step, panel-wide, is a multiple of k > 1.

    sktime counts integer time in steps of 1, so such an index (every tenth
    year, say) would have its forecasts labelled between observations, and its
    skipped steps taken for missing values. A series with a real gap still has
    steps of 1 elsewhere in the panel, so only a common stride is refused.
    """
    if not pd.api.types.is_integer_dtype(times[0]):
        return
    steps = [np.diff(np.asarray(t, dtype=np.int64)) for t in times if len(t) > 1]
    if not steps:
        return
    stride = int(np.gcd.reduce(np.concatenate(steps)))
    if stride > 1:
        raise ValueError(
            f"{name}: the integer index of y steps by {stride} (every step is a "
            f"multiple of {stride}), but sktime counts integer time in steps of 1 "
            "(fh=1 is the next integer), so forecasts would be labelled between "
            "observations; index y by its position (a RangeIndex) or by periods."
        )


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


def horizon_steps(fh: ForecastingHorizon, cutoff: pd.Index) -> tuple:
    """``fh``'s steps relative to ``cutoff`` (ints) and its absolute time index.

    Converted through a fresh horizon carrying the cutoff's frequency: sktime's
    conversions would otherwise set the frequency on ``fh`` itself (state that
    ``predict`` must not change), and fail where sktime's own cutoff has none.
    """
    freq = getattr(cutoff, "freq", None)
    values = fh.to_pandas()
    if isinstance(cutoff, pd.PeriodIndex) and isinstance(values, pd.DatetimeIndex):
        values = values.to_period(freq)  # dates in the periods, as sktime's naive
    local = ForecastingHorizon(values, is_relative=fh.is_relative, freq=freq)
    relative = local.to_relative(cutoff).to_numpy().astype(int)
    if not fh.is_relative:
        return relative, fh.to_pandas()  # the times as asked, as sktime labels them
    return relative, local.to_absolute_index(cutoff)


def relative_to_absolute(steps: np.ndarray, cutoff: pd.Index) -> pd.Index:
    freq = getattr(cutoff, "freq", None)
    return ForecastingHorizon(steps, is_relative=True, freq=freq).to_absolute_index(
        cutoff
    )


def carry_exog_into_gaps(values: np.ndarray, n_targets: int) -> np.ndarray:
    """Carry X's last row into rows a gap in y left empty (their y is missing).

    Such rows' X is masked out of contexts with their targets, but a head block
    that starts before a gap reads it as known-future X.
    """
    if values.shape[1] == n_targets:
        return values
    carried = values.copy()
    carried[:, n_targets:] = forward_fill(values[:, n_targets:])
    return carried


def check_on_grid(
    name: str, key, times: pd.Index, steps: np.ndarray, cutoff: pd.Index
) -> None:
    """Reject times that are not whole steps from the cutoff.

    ``steps`` are the times counted in steps from the cutoff (truncated to
    integers), so a time off the frequency's grid maps back to another time.
    """
    if not len(times) or not isinstance(times, pd.DatetimeIndex):
        return
    back = relative_to_absolute(steps, cutoff)
    off = times[np.asarray(back != times)]
    if len(off):
        raise ValueError(
            f"{name}.update got y{where(key)} at times that do not lie on its "
            f"frequency ({getattr(cutoff, 'freqstr', None)}), e.g. {list(off[:3])}; "
            "resample y to a regular index."
        )


def revise(
    name: str,
    key,
    history: np.ndarray,
    values: np.ndarray,
    steps: np.ndarray,
    ends_here: bool,
) -> tuple[np.ndarray, int] | None:
    """Copy ``history``, replacing the values at already-seen steps.

    As in sktime's own data handling, new values for times up to the cutoff
    replace the old ones; and since sktime moves the cutoff to the latest time
    ``update`` is given, an update that only revises (``ends_here``) also ends
    the history at its latest time, from which forecasts then start. Returns the
    copy and the position of its first changed row, or None if ``update``
    revises nothing.
    """
    seen = steps[steps <= 0]
    if not len(seen):
        return None
    positions = len(history) - 1 + seen
    if (positions < 0).any():
        raise ValueError(
            f"{name}.update got y{where(key)} at times before the start of the "
            "series seen in fit; update can revise observed times and append later "
            "ones, not prepend."
        )
    revised = history.copy()
    # a missing value in the new data does not erase an observed one, as
    # sktime's own update (combine_first) keeps it
    revised[positions] = np.where(np.isnan(values), history[positions], values)
    if ends_here:
        revised = revised[: int(positions.max()) + 1]
    return revised, int(positions.min())


def column_names(
    y: pd.DataFrame, exog: list, key, cycles: list[str] = (), static=None
) -> list[str]:
    """How messages name each column of an instance's ``[y | X | calendar | static]``.

    ``exog`` names X's time-varying columns; ``static`` is the static features'
    encoding (:class:`sktime_lstm.static.StaticEncoding`) or None.
    """
    static_columns = [] if static is None else static.columns
    return (
        [f"y column {c!r}{where(key)}" for c in y.columns]
        + [f"X column {c!r}{where(key)}" for c in exog]
        + [f"calendar cycle {c!r}{where(key)}" for c in cycles for _ in range(2)]
        + [f"static feature {c!r}{where(key)}" for c in static_columns]
    )


def exog_rows(
    name: str,
    X: pd.DataFrame | None,
    keys: list,
    times: list[pd.Index],
    columns: list,
    purpose: str,
    n_required: int | None = None,
) -> list[np.ndarray]:
    """Return X's ``columns`` at each instance's ``times``, or a clear error.

    ``name`` (the forecaster's class) and ``purpose`` ("fit", "predict", ...)
    go into the messages.

    The first ``n_required`` rows (all if None) must be present and finite;
    later ones that X lacks carry its last required row forward.
    """
    if not columns:
        return [np.zeros((len(t), 0)) for t in times]
    if X is None:
        raise ValueError(
            f"{name} was fitted with exogenous X (columns {columns}); {purpose} "
            "needs X too."
        )
    lacking = [c for c in columns if c not in X.columns]
    if lacking:
        raise ValueError(
            f"{name}: X passed to {purpose} lacks the column(s) {lacking} seen in fit."
        )
    frames = frames_by_instance(X[columns])
    rows_per_instance = []
    for key, time in zip(keys, times, strict=True):
        place = "" if key is None else f" for instance {key!r}"
        if key not in frames:
            raise ValueError(f"{name}: X passed to {purpose} has no rows{place}.")
        if frames[key].index.has_duplicates:
            index = frames[key].index
            duplicated = list(index[index.duplicated()][:3])
            raise ValueError(
                f"{name}: the time index of X passed to {purpose}{place} has "
                f"duplicate values, e.g. {duplicated}; aggregate or drop them."
            )
        values = frames[key].reindex(time).to_numpy(np.float64)
        required = values[:n_required]
        gaps = np.isnan(required)
        if gaps.any():
            steps = list(time[: len(required)][gaps.any(axis=1)][:5])
            bad = [c for c, g in zip(columns, gaps.any(axis=0), strict=True) if g]
            raise ValueError(
                f"{name}: X passed to {purpose} lacks values{place} at {steps} "
                f"(columns {bad}); X must cover every step of y and, in predict, "
                "every step up to the largest step of fh."
            )
        if np.isinf(required).any():
            infinite = np.isinf(required).any(axis=0)
            bad = [c for c, i in zip(columns, infinite, strict=True) if i]
            raise ValueError(
                f"{name}: X passed to {purpose} holds infinite values{place} in "
                f"the column(s) {bad}; replace them with finite values."
            )
        if n_required is not None and len(values) > n_required:
            values = forward_fill(values)
        rows_per_instance.append(values)
    return rows_per_instance


def check_like_fitted(name: str, y: pd.DataFrame, columns, fitted_time: pd.Index):
    """Name a y for ``update`` whose columns or kind of time index differ from fit's.

    Raises
    ------
    ValueError
        For other columns, or another index type or period frequency.
    """
    if list(y.columns) != list(columns):
        raise ValueError(
            f"{name}.update got y with the columns {list(y.columns)}, but it was "
            f"fitted on {list(columns)}; pass the same columns."
        )
    check_index_like_fitted(name, y.index, fitted_time)


def check_index_like_fitted(name: str, index: pd.Index, fitted_time: pd.Index):
    """Name an ``update`` index of another kind, or period frequency, than fit's."""
    time = index.get_level_values(-1)
    kinds = (pd.PeriodIndex, pd.DatetimeIndex)
    same = all(isinstance(time, k) == isinstance(fitted_time, k) for k in kinds)
    if not same or (isinstance(time, pd.PeriodIndex) and time.freq != fitted_time.freq):
        raise ValueError(
            f"{name}.update got y with a time index of type {type(time).__name__} "
            f"({getattr(time, 'freqstr', None)}), but it was fitted on one of type "
            f"{type(fitted_time).__name__} ({getattr(fitted_time, 'freqstr', None)}); "
            "pass the same kind of index."
        )


def sample_frame(draws: np.ndarray, index: pd.Index, columns) -> pd.DataFrame:
    """Draws ``(n_draws, rows, n_columns)`` as one frame, the draw's number first.

    The layout of skpro's ``Empirical``: a MultiIndex of (draw, *index), built
    at once rather than by concatenating a frame per draw.
    """
    n_draws = len(draws)
    sample_index = pd.MultiIndex.from_arrays(
        [np.repeat(np.arange(n_draws), len(index))]
        + [np.tile(index.get_level_values(k), n_draws) for k in range(index.nlevels)],
        names=[None, *index.names],
    )
    return pd.DataFrame(
        draws.reshape(n_draws * len(index), -1), index=sample_index, columns=columns
    )
