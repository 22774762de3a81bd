"""Series arrays to training windows and prediction contexts.

All series are left-padded where needed and stacked into one float32 tensor,
beside a boolean "observed" mask (True for a real value, False for padding or a
missing value; missing values are stored as 0). A training window is a start row
into those tensors; ``Tensor.unfold`` gives every window as a zero-copy view, and
a batch is gathered by index, with the mask appended as the last feature (the
network's input layout). Keeping the mask boolean rather than a float channel
keeps the resident data at about 1.25x the series. Nothing here knows sktime.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class ColumnLayout:
    """Where each kind of column sits: ``[targets | X | static | slopes | mask]``.

    The layout of a scaled series (without the mask), and of every training
    window and prediction context (with the observed mask last). One object
    says it, so that no module slices by counting columns. Static features
    repeat one series' encoded attributes on every row of it.

    Examples
    --------
    >>> layout = ColumnLayout(n_targets=2, n_exog=1, n_slopes=2)
    >>> layout.targets, layout.exog, layout.slopes, layout.width
    (slice(0, 2, None), slice(2, 3, None), slice(3, 5, None), 6)
    """

    n_targets: int
    n_exog: int = 0
    n_slopes: int = 0
    # last, with a default: layouts pickled before static features read 0
    n_static: int = 0

    @property
    def targets(self) -> slice:
        """The target columns."""
        return slice(0, self.n_targets)

    @property
    def exog(self) -> slice:
        """The columns of X, past and known-future."""
        return slice(self.n_targets, self.n_targets + self.n_exog)

    @property
    def static(self) -> slice:
        """The encoded static features, the same on every row of a series."""
        start = self.n_targets + self.n_exog
        return slice(start, start + self.n_static)

    @property
    def slopes(self) -> slice:
        """Each target's long-run slope (``long_trend``), not known ahead."""
        start = self.n_targets + self.n_exog + self.n_static
        return slice(start, start + self.n_slopes)

    @property
    def carried(self) -> slice:
        """The static features and slopes: not known ahead, the last step's carry."""
        return slice(self.static.start, self.slopes.stop)

    @property
    def mask(self) -> slice:
        """The observed mask: the last column of windows and contexts."""
        return slice(-1, None)

    @property
    def width(self) -> int:
        """Columns of a window or context, the mask included."""
        return self.n_targets + self.n_exog + self.n_static + self.n_slopes + 1


@dataclass(frozen=True)
class WindowedSeries:
    """Stacked, padded series and the start rows of their windows.

    Attributes
    ----------
    data : torch.Tensor
        float32 of shape ``(total_rows, n_targets + n_exog)``: the targets, then the
        exogenous columns.
    observed : torch.Tensor
        bool of shape ``(total_rows,)``: whether every target of the row is observed.
    train_starts, validation_starts : torch.Tensor
        int32 tensors of window start rows in ``data``.
    window_length, horizon : int
        Context and target length of each window.
    n_targets : int
        How many leading columns are targets (the rest, before the mask, are X).
    """

    data: torch.Tensor
    observed: torch.Tensor
    train_starts: torch.Tensor
    validation_starts: torch.Tensor
    window_length: int
    horizon: int
    n_targets: int = 1

    @property
    def span(self) -> int:
        """Rows per window: context then targets."""
        return self.window_length + self.horizon

    @property
    def windows(self) -> torch.Tensor:
        """All windows' values as a view ``(n_rows, span, n_targets + n_exog)``."""
        return self.data.unfold(0, self.span, 1).transpose(1, 2)

    def batch(self, starts: torch.Tensor) -> torch.Tensor:
        """Gather the windows at ``starts`` with the mask as their last feature.

        Returns float32 of shape ``(len(starts), span, n_targets + n_exog + 1)``.
        """
        mask = self.observed.unfold(0, self.span, 1)[starts]
        return torch.cat([self.windows[starts], mask.unsqueeze(-1).float()], dim=-1)


def min_series_length(horizon: int) -> int:
    """Shortest series that yields a training window: one observed value + targets."""
    return horizon + 1


def history_slopes(values: np.ndarray, n_targets: int | None = None) -> np.ndarray:
    """Each step's least-squares slope through all of the series up to that step.

    The long-run trend that a short window cannot show: the slope of a straight
    line fitted to every observed value from the series' start to the step,
    inclusive (so it never looks ahead), per target column.

    Parameters
    ----------
    values : np.ndarray
        ``(length, n_columns)``, NaN where missing; the targets first.
    n_targets : int or None, default=None
        Leading columns to compute it for; None: all.

    Returns
    -------
    np.ndarray
        float32 ``(length, n_targets)``: the slope per step, in the values' units;
        0 until a column has three observed values.

    Examples
    --------
    >>> import numpy as np
    >>> history_slopes(np.array([[1.0], [3.0], [5.0], [4.5]])).ravel().tolist()
    [0.0, 0.0, 2.0, 1.25]
    """
    n_targets = values.shape[1] if n_targets is None else n_targets
    targets = np.asarray(values[:, :n_targets], dtype=np.float64)
    observed = ~np.isnan(targets)
    y = np.where(observed, targets, 0.0)
    # float64 running sums; for evenly spaced steps the denominator is about
    # n^4 / 12 of terms about n^4 / 3, so the subtraction loses little precision
    t = np.arange(len(y), dtype=np.float64)[:, None]
    n = np.cumsum(observed, axis=0)
    sum_t, sum_y = np.cumsum(observed * t, axis=0), np.cumsum(y, axis=0)
    sum_tt, sum_ty = np.cumsum(observed * t * t, axis=0), np.cumsum(t * y, axis=0)
    spread = n * sum_tt - sum_t * sum_t
    defined = (n >= 3) & (spread > 0)
    slopes = np.zeros_like(y)
    slopes[defined] = (n * sum_ty - sum_t * sum_y)[defined] / spread[defined]
    return slopes.astype(np.float32)


def validation_points(series_length: int, validation_size: float | int) -> int:
    """Count the final points of a series whose windows are held out for validation.

    A float in ``(0, 1)`` is a fraction of the series (rounded up); an int counts
    points.
    """
    if isinstance(validation_size, float) and 0 < validation_size < 1:
        return math.ceil(validation_size * series_length)
    return int(validation_size)


def _informative(
    observed: torch.Tensor, window_length: int, span: int
) -> torch.Tensor | None:
    """Which windows of one padded series see an observed context and target step.

    None when every step is observed (then all windows do), to save the work.
    """
    if bool(observed.all()):
        return None
    counts = torch.zeros(len(observed) + 1)
    torch.cumsum(observed.float(), dim=0, out=counts[1:])
    k = torch.arange(len(observed) - span + 1)
    context = counts[k + window_length] - counts[k]
    targets = counts[k + span] - counts[k + window_length]
    return (context > 0) & (targets > 0)


def _fill(
    block: torch.Tensor,
    observed: torch.Tensor,
    values: np.ndarray,
    n_targets: int,
    static: slice,
) -> None:
    """Copy one series into its rows; mask and zero the rows missing a target.

    The ``static`` columns are kept on every row: the network reads them from a
    window's last step, observed or not. Written without full-length
    temporaries: ``x != x`` is True only for NaN.
    """
    block.copy_(torch.as_tensor(values))
    observed.fill_(False)  # becomes "some target missing", then is negated
    for column in range(n_targets):
        target = block[:, column]
        observed.logical_or_(torch.ne(target, target))
    observed.logical_not_()
    torch.nan_to_num_(block, nan=0.0)
    if not bool(observed.all()):
        # X of a step without its target is not used; the static columns stay
        block[~observed, : static.start] = 0.0
        block[~observed, static.stop :] = 0.0


def make_windows(
    series: list[np.ndarray],
    window_length: int,
    horizon: int,
    validation_size: float | int = 0,
    device: torch.device | str = "cpu",
    n_targets: int | None = None,
    static: slice = slice(0, 0),
) -> WindowedSeries:
    """Stack scaled series into one tensor and index their training windows.

    Parameters
    ----------
    series : list of np.ndarray
        One ``(length, n_targets + n_exog)`` array per series, already scaled: the
        targets first, then exogenous columns.
    window_length, horizon : int
        Context and target length of a window.
    validation_size : float or int, default=0
        The last part of each series (fraction or number of points); windows whose
        targets end there are validation windows, the others train.
    device : torch.device or str, default="cpu"
        Where the stacked tensor lives.
    n_targets : int or None, default=None
        Number of target columns; None: all columns are targets.
    static : slice, default=slice(0, 0)
        The static features' columns, kept on rows whose target is missing.

    Returns
    -------
    WindowedSeries
        A series shorter than ``window_length + horizon`` is left-padded with masked
        zeros so that it still contributes; one shorter than ``horizon + 1`` yields
        no window. Missing values (NaN) are masked zeros too; windows with no
        observed context step or no observed target are left out.

    Examples
    --------
    >>> import numpy as np
    >>> w = make_windows([np.arange(6.0).reshape(-1, 1)], window_length=3, horizon=2)
    >>> w.batch(w.train_starts)[:, :, 0].tolist()
    [[0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0, 5.0]]
    """
    span = window_length + horizon
    paddings = [max(0, span - len(values)) for values in series]
    n_rows = sum(len(v) + p for v, p in zip(series, paddings, strict=True))
    width = series[0].shape[1] if series else 0
    n_targets = width if n_targets is None else n_targets
    # filled in place, without per-series blocks to concatenate (peak memory)
    data = torch.zeros((n_rows, width), dtype=torch.float32)
    observed = torch.zeros(n_rows, dtype=torch.bool)
    train_starts, validation_starts = [], []
    row = 0
    for values, padding in zip(series, paddings, strict=True):
        length = len(values)
        rows = slice(row + padding, row + padding + length)
        _fill(data[rows], observed[rows], values, n_targets, static)
        if length >= min_series_length(horizon):
            n_windows = padding + length - span + 1
            starts = torch.arange(row, row + n_windows, dtype=torch.int32)
            # window k's targets end at k + span - padding (series coordinates);
            # those ending in the held-out tail validate, the earlier ones train
            last_train_end = length - validation_points(length, validation_size)
            n_train = min(max(last_train_end - span + padding + 1, 0), n_windows)
            keep = _informative(
                observed[row : row + padding + length], window_length, span
            )
            if keep is not None:
                train_starts.append(starts[:n_train][keep[:n_train]])
                validation_starts.append(starts[n_train:][keep[n_train:]])
            else:
                train_starts.append(starts[:n_train])
                validation_starts.append(starts[n_train:])
        row += padding + length

    def as_index(parts: list[torch.Tensor]) -> torch.Tensor:
        if not parts:
            return torch.zeros(0, dtype=torch.int32, device=device)
        return (parts[0] if len(parts) == 1 else torch.cat(parts)).to(device)

    return WindowedSeries(
        data=data.to(device),
        observed=observed.to(device),
        train_starts=as_index(train_starts),
        validation_starts=as_index(validation_starts),
        window_length=window_length,
        horizon=horizon,
        n_targets=n_targets,
    )


def make_contexts(
    series: list[np.ndarray],
    window_length: int,
    n_targets: int | None = None,
    static: slice = slice(0, 0),
) -> torch.Tensor:
    """Last ``window_length`` values of each series with the observed mask.

    Parameters
    ----------
    series : list of np.ndarray
        One ``(length, n_targets)`` scaled array per series, NaN where missing.
    window_length : int
        Context length; shorter series are left-padded with masked zeros, and
        missing values are masked zeros.
    n_targets : int or None, default=None
        Leading target columns whose missing values mask a step; None: all.
    static : slice, default=slice(0, 0)
        The static features' columns, kept on steps whose target is missing.

    Returns
    -------
    torch.Tensor
        Shape ``(n_series, window_length, n_targets + 1)``, float32, on the CPU.

    Examples
    --------
    >>> import numpy as np
    >>> make_contexts([np.array([[5.0]])], window_length=2).tolist()
    [[[0.0, 0.0], [5.0, 1.0]]]
    """
    width = series[0].shape[1]
    n_targets = width if n_targets is None else n_targets
    contexts = np.zeros((len(series), window_length, width + 1), np.float32)
    kept = np.zeros(width, dtype=bool)
    kept[static] = True
    for i, values in enumerate(series):
        tail = values[-window_length:]
        present = ~np.isnan(tail[:, :n_targets]).any(axis=1)
        contexts[i, window_length - len(tail) :, :-1] = np.where(
            present[:, None] | kept, tail, 0.0
        )
        contexts[i, window_length - len(tail) :, -1] = present
    return torch.from_numpy(contexts)


def no_training_window_error(
    owner: str,
    series: list[np.ndarray],
    window_length: int,
    horizon: int,
    validation_size: float | int,
    n_targets: int,
) -> ValueError:
    """Explain why ``series`` yield no training window, naming what to change.

    ``owner`` (the forecaster's class) heads the message.
    """
    # a step counts as observed only if every target is (windows mask others)
    complete = [np.isfinite(s[:, :n_targets]).all(axis=1) for s in series]
    if n_targets > 1 and not any(c.any() for c in complete):
        return ValueError(
            f"{owner}: no step of y has a value in every one of its {n_targets} "
            "columns, and a step is used only where all targets are observed; align "
            "the columns' missing values, impute them, or forecast the columns "
            "separately."
        )
    longest = max(len(s) for s in series)
    needed = min_series_length(horizon)
    if longest >= needed and not validation_size:
        return ValueError(
            f"{owner}: no training window has an observed value both in its "
            f"{window_length}-step context and among its {horizon} target steps (a "
            "step is observed only where every target column is); y has too many "
            "missing values for this window_length and horizon: impute them or "
            "lengthen the window."
        )
    if longest >= needed:
        return ValueError(
            f"{owner}: validation_size={validation_size!r} leaves no training window "
            f"(longest series: {longest} points, horizon {horizon}); lower "
            "validation_size or the horizon."
        )
    return ValueError(
        f"{owner} needs a series of at least horizon + 1 = {needed} observations to "
        f"train (window_length={window_length}, horizon={horizon}; shorter contexts "
        f"are left-padded, up to window_length + horizon = {window_length + horizon}"
        f"), but the longest series has {longest}. Pass a longer series or a "
        "shorter horizon."
    )
