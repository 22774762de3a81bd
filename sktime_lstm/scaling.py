"""Invertible per-series scalers: ``z = (x - loc) / scale`` per column.

Statistics ignore NaN and fall back to a unit scale where a column is constant, so
a flat series scales to zeros instead of dividing by zero. NumPy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCALERS = ("standard", "minmax", "robust", "mean", "diff")


@dataclass(frozen=True)
class Scaling:
    """Location and scale of one series, shape ``(n_columns,)`` each."""

    loc: np.ndarray
    scale: np.ndarray

    def transform(self, values: np.ndarray) -> np.ndarray:
        """Scale ``values`` of shape ``(..., n_columns)`` into a new float32 array."""
        shifted = np.subtract(values, self.loc, dtype=np.float32)
        return np.divide(shifted, self.scale, dtype=np.float32)

    def select(self, columns: slice) -> Scaling:
        """Return the scaling of some of the columns."""
        return Scaling(loc=self.loc[columns], scale=self.scale[columns])

    def inverse(self, values: np.ndarray) -> np.ndarray:
        """Undo :meth:`transform`; returns a new float64 array."""
        return np.asarray(values, dtype=np.float64) * self.scale + self.loc


def fit_scaling(values: np.ndarray, kind: str | None) -> Scaling:
    """Fit a scaler of the given kind to one ``(length, n_columns)`` series.

    Parameters
    ----------
    values : np.ndarray
        The training part of one series.
    kind : {"standard", "minmax", "robust", "mean", "diff"} or None
        ``"standard"``: mean and standard deviation; ``"minmax"``: minimum and range,
        mapping the training values to [0, 1]; ``"robust"``: median and interquartile
        range; ``"mean"``: no shift, divide by the mean absolute value; ``"diff"``:
        mean and the mean absolute change from one step to the next (the scale of
        MASE's naive error, so that an absolute-error loss weighs every series as
        MASE does); None: identity.

    Returns
    -------
    Scaling

    Examples
    --------
    >>> import numpy as np
    >>> s = fit_scaling(np.array([[1.0], [3.0]]), "minmax")
    >>> s.transform(np.array([[1.0], [2.0], [3.0]])).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    if kind is not None and kind not in SCALERS:
        raise ValueError(f"Unknown scaler {kind!r}; expected one of {SCALERS} or None.")
    values = np.asarray(values, dtype=np.float64)
    n_columns = values.shape[1]
    loc, scale = np.zeros(n_columns), np.ones(n_columns)
    if not len(values):
        # nothing to fit (and numpy would warn); fit rejects the series by its length
        return Scaling(loc=loc, scale=scale)
    if kind == "standard":
        loc, scale = np.nanmean(values, axis=0), np.nanstd(values, axis=0)
    elif kind == "minmax":
        loc = np.nanmin(values, axis=0)
        scale = np.nanmax(values, axis=0) - loc
    elif kind == "robust":
        q25, loc, q75 = np.nanpercentile(values, [25, 50, 75], axis=0)
        scale = q75 - q25
    elif kind == "mean":
        scale = np.nanmean(np.abs(values), axis=0)
    elif kind == "diff":
        loc = np.nanmean(values, axis=0)
        changes = np.abs(np.diff(values, axis=0))
        scale = np.nanmean(changes, axis=0) if len(changes) else np.ones(n_columns)
    # a constant column (or one too small to divide by) keeps a unit scale
    tiny = np.abs(loc) * 1e-7 + 1e-12
    scale = np.where(np.isfinite(scale) & (scale > tiny), scale, np.abs(loc) + 1.0)
    return Scaling(loc=np.nan_to_num(loc), scale=scale)
