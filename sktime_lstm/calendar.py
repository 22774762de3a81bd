"""Calendar features from a time index: known-future inputs that need no X.

Each cycle that a frequency's steps resolve (the hour in a day, the day in a
week, the month in a year, ...) becomes two columns, the sine and cosine of its
phase, so that its end meets its start (December next to January). Which cycles
a series gets depends only on its step length (``CYCLES_BY_STEP``): sub-daily
steps get the hour, the weekday and the day of the year; daily steps the weekday
and the day of the year; weekly steps the week, monthly ones the month,
quarterly ones the quarter of the year; yearly and longer steps none. Integer
indices carry no calendar and get none. pandas and numpy only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAY = pd.Timedelta(days=1)

# each cycle's phase at a timestamp, as a fraction of the cycle
PHASES = {
    "hour_of_day": lambda t: (t.hour + t.minute / 60) / 24,
    "day_of_week": lambda t: t.dayofweek / 7,
    "day_of_year": lambda t: (t.dayofyear - 1) / 365.25,
    "week_of_year": lambda t: (t.dayofyear - 1) / 365.25,
    "month_of_year": lambda t: (t.month - 1) / 12,
    "quarter_of_year": lambda t: (t.quarter - 1) / 4,
}
# the cycles that steps up to each length resolve (longer steps: none)
CYCLES_BY_STEP = (
    (DAY, ["hour_of_day", "day_of_week", "day_of_year"]),
    (7 * DAY, ["day_of_week", "day_of_year"]),
    (28 * DAY, ["week_of_year"]),
    (90 * DAY, ["month_of_year"]),
    (365 * DAY, ["quarter_of_year"]),
)


def step_length(time: pd.Index, freq=None) -> pd.Timedelta | None:
    """Return the nominal length of one step of a Period or Datetime index."""
    offset = time.freq if isinstance(time, pd.PeriodIndex) else freq
    if offset is None or not isinstance(time, (pd.PeriodIndex, pd.DatetimeIndex)):
        return None
    # between two steps, not from an arbitrary start: anchored offsets (weeks
    # ending on Sunday, month starts) first roll forward to their anchor
    step = pd.tseries.frequencies.to_offset(offset)
    first = pd.Timestamp("2001-01-01") + step
    return (first + step) - first


def cycles_for(step: pd.Timedelta | None) -> list[str]:
    """Return the cycles that steps of this length resolve.

    Examples
    --------
    >>> cycles_for(pd.Timedelta(hours=1))
    ['hour_of_day', 'day_of_week', 'day_of_year']
    >>> cycles_for(pd.Timedelta(days=31)), cycles_for(pd.Timedelta(days=365))
    (['month_of_year'], [])
    """
    if step is None:
        return []
    for longest, cycles in CYCLES_BY_STEP:
        if step < longest:
            return list(cycles)
    return []


def feature_names(cycles: list[str]) -> list[str]:
    """Return the columns of ``cycles``: a sine and a cosine each."""
    return [f"{name}_{part}" for name in cycles for part in ("sin", "cos")]


def features(time: pd.Index, cycles: list[str]) -> np.ndarray:
    """Return the calendar columns at ``time``: ``(len(time), 2 * len(cycles))``.

    Examples
    --------
    >>> months = pd.period_range("2000-01", periods=4, freq="M")
    >>> features(months, ["month_of_year"]).round(3).tolist()[:2]
    [[0.0, 1.0], [0.5, 0.866]]
    """
    if not cycles:
        return np.zeros((len(time), 0))
    stamps = time.to_timestamp() if isinstance(time, pd.PeriodIndex) else time
    columns = []
    for name in cycles:
        angle = 2 * np.pi * np.asarray(PHASES[name](stamps), dtype=np.float64)
        columns += [np.sin(angle), np.cos(angle)]
    return np.stack(columns, axis=1)
