"""Settings derived from the data given to ``fit``: the window, the season, the size.

``window_length="auto"`` (the default) is :func:`auto_window_length`: the window
that validated on M3's monthly and quarterly panels (24 steps), lengthened to
show two cycles of a longer season, and shortened where the series are too
short to fill it. The season it lengthens for is ``sp``, or else the cycle the
index's step implies (:func:`natural_period`: a day of half-hours, a week of
days, a year of months). ``hidden_size="auto"`` and ``num_layers="auto"`` are
:func:`auto_network_size`: the network that validated on M3's panels, or a
smaller one where the data give few training windows. numpy and pandas only;
nothing here knows sktime.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# the window that validated on M3's monthly and quarterly panels
BASE_WINDOW = 24
# fewer training windows than this (one default batch): a short series or a few;
# the window then takes at most half of what the series leave beside the horizon
FEW_WINDOWS = 256
# (hidden_size, num_layers): the network that validated on M3's panels, and the
# smaller one that validated where the data give fewer than FEW_WINDOWS windows
BASE_NETWORK = (64, 2)
FEW_WINDOWS_NETWORK = (16, 1)
DAY = pd.Timedelta(days=1)


def natural_period(step: pd.Timedelta | None) -> int | None:
    """Return the steps in the cycle an index's step length implies, or None.

    Steps that divide a day: a day; daily steps: a week; weekly steps: a year
    (52); monthly steps (28 to 31 days): a year (12); quarterly steps (89 to 92
    days): a year (4); other steps (7 minutes, 2 or 5 days, a year) and integer
    indices (``step=None``): none.

    Examples
    --------
    >>> natural_period(pd.Timedelta(minutes=30)), natural_period(pd.Timedelta(days=1))
    (48, 7)
    >>> natural_period(pd.Timedelta(days=31)), natural_period(pd.Timedelta(days=3))
    (12, None)
    """
    if step is None or step <= pd.Timedelta(0):
        return None
    if step < DAY:
        return DAY // step if DAY % step == pd.Timedelta(0) else None
    if step == DAY:
        return 7
    if step == 7 * DAY:
        return 52
    if 28 * DAY <= step <= 31 * DAY:
        return 12
    if 89 * DAY <= step <= 92 * DAY:
        return 4
    return None


def auto_window_length(
    horizon: int, lengths: list[int], period: int | None = None
) -> int:
    """Return the window that ``window_length="auto"`` derives from the data.

    ``max(24, 2 * period)``, so that the window shows two cycles of a season
    longer than 12 steps, then at most the median series length less the
    horizon (the windows of a short series are mostly padding otherwise), and
    at least 1. Where that leaves fewer than ``FEW_WINDOWS`` training windows
    in all (one series, or a few short ones), at most half the median length
    less the horizon, so that each series gives several windows to learn from.

    Parameters
    ----------
    horizon : int
        Steps the head emits at once.
    lengths : list of int
        The training series' lengths.
    period : int or None, default=None
        The season to show (``sp``, or :func:`natural_period` of the index).

    Examples
    --------
    >>> auto_window_length(18, [120, 140])  # M3 monthly
    24
    >>> auto_window_length(48, [4000], period=48)  # half-hourly, a daily cycle
    96
    >>> auto_window_length(6, [14, 20, 31] * 100)  # 300 short yearly series
    14
    >>> auto_window_length(18, [51])  # one short monthly series
    16
    """
    wanted = max(BASE_WINDOW, 2 * period if period else 0)
    room = int(np.median(lengths)) - horizon
    window = max(1, min(wanted, room))
    if training_windows(lengths, window, horizon) < FEW_WINDOWS:
        window = max(1, min(window, room // 2))
    return window


def training_windows(lengths: list[int], window: int, horizon: int) -> int:
    """Count the windows of series of these lengths (left-padded when short).

    Examples
    --------
    >>> training_windows([30, 10, 3], window=5, horizon=2)  # 24 + 4 + 1 padded
    29
    """
    lengths = np.asarray(lengths)
    usable = lengths >= horizon + 1  # shorter series give no window
    return int(np.maximum(lengths - window - horizon + 1, 1)[usable].sum())


def auto_network_size(lengths: list[int], window: int, horizon: int) -> tuple[int, int]:
    """Return the ``(hidden_size, num_layers)`` that ``"auto"`` derives from the data.

    ``BASE_NETWORK`` (64 units, two layers), or ``FEW_WINDOWS_NETWORK`` (16
    units, one layer) where the series give fewer than ``FEW_WINDOWS`` training
    windows of this window and horizon: one short series, or a few. A network
    that size has a fifth to a thirtieth of the weights (the head reads every
    hidden state of the window), fits the few windows it has less closely, and
    trains in a fraction of the time. The count includes the windows that
    ``validation_size`` holds out.

    Parameters
    ----------
    lengths : list of int
        The training series' lengths.
    window : int
        The window the network reads.
    horizon : int
        Steps the head emits at once.

    Examples
    --------
    >>> auto_network_size([108], window=24, horizon=36)  # airline: 49 windows
    (16, 1)
    >>> auto_network_size([120, 140] * 700, window=24, horizon=18)  # M3 monthly
    (64, 2)
    """
    if training_windows(lengths, window, horizon) < FEW_WINDOWS:
        return FEW_WINDOWS_NETWORK
    return BASE_NETWORK
