"""Invertible per-series scalers: ``z = (x - loc) / scale`` per column.

Statistics ignore NaN. NumPy only.

Units. A scaler is *scale-free* when ``a * x`` (any ``a > 0``) scales to the same
values as ``x``, and *shift-free* when ``x + b`` does; the network then sees,
trains on and forecasts the same numbers, and the forecasts follow the change of
units: ``f(a * y + b) = a * f(y) + b``, up to float32 rounding and to float64's
rounding of ``a * y + b`` (``tests/test_scale_equivariance.py``).

============  ==========  ==========
scaler        scale-free  shift-free
============  ==========  ==========
"standard"    yes         yes
"minmax"      yes         yes
"robust"      yes         yes
"diff"        yes         yes
"mean"        yes         no (it divides by the mean absolute value, uncentred)
None          no          no (the network trains in the data's units)
============  ==========  ==========

This holds at any magnitude float64 can hold, from about 1e-300 to 1e300: the
statistics are computed in float64 (on a column beyond 2**±400 in magnitude,
divided by a power of two first, exactly, so that its variance neither overflows
nor underflows), and the scaled values are computed in float64 and only then
rounded to the network's float32. On ordinary data both are what they were before
(float32 arithmetic, accurate there, is kept), so forecasts are the same to the
bit. Values that float64 holds to too few digits to vary, such as
``1e6 + 1e-12 * y``, are a constant to it, and so to the scaler.

Constant columns. A column whose spread is at most 1e-12 of its largest magnitude
(about 4,500 units in float64's last place: rounding noise, not a signal) counts
as constant and is divided by its largest deviation from ``loc`` instead, or, if
it has none, by its magnitude (1 for zeros), so that it scales to values in
[-1, 1] rather than dividing by zero. The magnitude is scale-free (a constant
forecast off by some fraction of the network's output is off by that fraction of
its own size); no scale of a constant can be shift-free as well.

Range. Data a fitted scaler maps beyond float32's range (about 3.4e38), such as a
future X of 1e300 for a column fitted on values near 1, raise a ValueError that
names the column, rather than reaching the network as infinities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SCALERS = ("standard", "minmax", "robust", "mean", "diff")

# a spread at most this fraction of a column's largest magnitude is rounding noise
# (~4,500 units in float64's last place); 1e6 + 1e-6 * y, whose spread is ~2e-11
# of its level, still has ~5 significant digits left and is scaled by it
_CONSTANT = 1e-12
# Where float32 arithmetic is accurate, the scaled values are computed in it (as
# they always were), so that forecasts on ordinary data stay the same to the bit:
# with |loc| <= 2**10 * scale, rounding x and loc to float32 costs at most about
# 2**-14 of the scale. Beyond that (a small variation on a large level), or outside
# a range where float32 neither overflows nor loses digits, float64 is used.
_FLOAT32_LEVEL = 2.0**10
_FLOAT32_SCALES = (2.0**-100, 2.0**100)


def _column(names: tuple[str, ...] | None, j: int) -> str:
    return f"column {j}" if names is None else names[j]


@dataclass(frozen=True)
class Scaling:
    """Location and scale of one series, shape ``(n_columns,)`` each.

    ``names`` (optional) name the columns in error messages, e.g.
    ``"y column 'sales'"``.
    """

    loc: np.ndarray
    scale: np.ndarray
    names: tuple[str, ...] | None = None

    def transform(self, values: np.ndarray) -> np.ndarray:
        """Scale ``values`` of shape ``(..., n_columns)`` into a new float32 array.

        Raises
        ------
        ValueError
            If a value is infinite, or scales beyond float32's range.
        """
        values = np.asarray(values, dtype=np.float64)
        with np.errstate(all="ignore"):
            shifted = np.subtract(values, self.loc, dtype=np.float32)
            scaled = np.divide(shifted, self.scale, dtype=np.float32)
            # float32 failed where it is inaccurate for the column, or overflowed
            # (a missing value, NaN, stays NaN either way)
            inaccurate = (np.abs(self.loc) / self.scale > _FLOAT32_LEVEL) | (
                (self.scale < _FLOAT32_SCALES[0]) | (self.scale > _FLOAT32_SCALES[1])
            )
        redo = inaccurate | ~(np.isfinite(scaled) | np.isnan(values))
        if redo.any():
            scaled = np.where(redo, self._transform64(values), scaled)
        return scaled

    def _transform64(self, values: np.ndarray) -> np.ndarray:
        """:meth:`transform` in float64, rounded to float32 at the end; checked."""
        with np.errstate(all="ignore"):
            exact = (values - self.loc) / self.scale
            # x - loc overflows only near float64's limit, with x and loc on either
            # side of 0; halving both (exact there) keeps it in range
            overflow = np.isinf(exact) & np.isfinite(values)
            if overflow.any():
                halved = (values * 0.5 - self.loc * 0.5) / (self.scale * 0.5)
                exact = np.where(overflow, halved, exact)
            scaled = exact.astype(np.float32)
        bad = np.isinf(scaled)
        if bad.any():
            position = tuple(int(i[0]) for i in np.nonzero(bad))
            j = position[-1]
            value = values[position]
            column = _column(self.names, j)
            if np.isinf(value):
                raise ValueError(f"{column} contains infinite values; replace them.")
            raise ValueError(
                f"{column}: the value {value:.6g} scales to {exact[position]:.3g}, "
                f"beyond float32's range (about ±3.4e38) in which the network "
                f"computes; its scaler has loc {self.loc[j]:.6g} and scale "
                f"{self.scale[j]:.3g} (0 and 1 with scaler=None, which passes values "
                "as they are). Give values of the size seen in fit, use a scaler, or "
                "refit on data that include them."
            )
        return scaled

    def select(self, columns: slice) -> Scaling:
        """Return the scaling of some of the columns."""
        names = None if self.names is None else self.names[columns]
        return Scaling(loc=self.loc[columns], scale=self.scale[columns], names=names)

    def inverse(self, values: np.ndarray) -> np.ndarray:
        """Undo :meth:`transform`; returns a new float64 array."""
        return np.asarray(values, dtype=np.float64) * self.scale + self.loc


def _statistics(values: np.ndarray, kind: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Each column's location and spread (NaN where undefined)."""
    n_columns = values.shape[1]
    loc, scale = np.zeros(n_columns), np.ones(n_columns)
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
        # no change seen (one point): no spread, as for a constant column
        scale = np.nanmean(changes, axis=0) if len(changes) else np.zeros(n_columns)
    return loc, scale


def fit_scaling(
    values: np.ndarray, kind: str | None, names: Sequence[str] | None = None
) -> Scaling:
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
        MASE does); None: identity. See the module's docstring for which are
        scale- and shift-free, and for constant columns.
    names : sequence of str, optional
        One name per column, for error messages (e.g. ``"X column 'price'"``);
        default ``"column <position>"``.

    Returns
    -------
    Scaling

    Raises
    ------
    ValueError
        If a column holds infinite values, or values whose spread float64 cannot
        hold (such as a range from -1e308 to 1e308).

    Examples
    --------
    >>> import numpy as np
    >>> s = fit_scaling(np.array([[1.0], [3.0]]), "minmax")
    >>> s.transform(np.array([[1.0], [2.0], [3.0]])).ravel().tolist()
    [0.0, 0.5, 1.0]
    >>> tiny = fit_scaling(np.array([[1e-14], [3e-14]]), "minmax")
    >>> tiny.transform(np.array([[1e-14], [2e-14], [3e-14]])).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    if kind is not None and kind not in SCALERS:
        raise ValueError(f"Unknown scaler {kind!r}; expected one of {SCALERS} or None.")
    values = np.asarray(values, dtype=np.float64)
    n_columns = values.shape[1]
    if names is not None:
        names = tuple(names)
        if len(names) != n_columns:
            raise ValueError(f"{len(names)} names for {n_columns} columns.")
    if not len(values) or kind is None:
        # nothing to fit (and numpy would warn); fit rejects the series by its length
        return Scaling(loc=np.zeros(n_columns), scale=np.ones(n_columns), names=names)
    infinite = np.isinf(values).any(axis=0)
    if infinite.any():
        column = _column(names, int(np.argmax(infinite)))
        raise ValueError(f"{column} contains infinite values; replace or drop them.")
    # A column of a magnitude beyond 2**±400 is divided by the power of two that
    # brings its largest value into [0.5, 1) (exact), so that nothing squares
    # beyond float64's range (the variance of 1e300s would) or below it (that of
    # 1e-300s would, to 0); ordinary columns are left as they are, so that they
    # get numpy's statistics to the bit
    magnitude = np.fmax.reduce(np.abs(values), axis=0, initial=0.0)
    extreme = (magnitude > 2.0**400) | ((magnitude < 2.0**-400) & (magnitude > 0))
    exponent = np.where(extreme, np.frexp(magnitude)[1], 0)
    unit = np.ldexp(values, -exponent)
    level = np.ldexp(magnitude, -exponent)
    loc, scale = _statistics(unit, kind)
    loc = np.nan_to_num(loc)  # a column with no observed value
    varies = np.isfinite(scale) & (scale > _CONSTANT * level)
    if not varies.all():
        # constant to float64's precision: the largest deviation, else the
        # magnitude (a scale-free choice; +1 or a unit scale would not be)
        deviation = np.fmax.reduce(np.abs(unit - loc), axis=0, initial=0.0)
        fallback = np.where(deviation > _CONSTANT * level, deviation, level)
        scale = np.where(varies, scale, np.where(fallback > 0, fallback, 1.0))
    with np.errstate(over="ignore", under="ignore"):
        loc, scale = np.ldexp(loc, exponent), np.ldexp(scale, exponent)
    # a spread below float64's smallest number (values of about 1e-323) is that
    scale = np.fmax(scale, np.finfo(np.float64).smallest_subnormal)
    for j in np.flatnonzero(~np.isfinite(scale)):
        column = _column(names, int(j))
        observed = values[:, j][~np.isnan(values[:, j])]
        raise ValueError(
            f"{column}: its values (from {observed.min():.3g} to "
            f"{observed.max():.3g}) have a spread beyond float64's range (about "
            "1.8e308); rescale them."
        )
    return Scaling(loc=loc, scale=scale, names=names)
