"""Static features: attributes of each series, read from X, encoded once.

sktime passes per-series attributes (a store's type, a region, M3's category)
as columns of X that repeat one value at every time of an instance. The columns
that ``static_features`` names are taken out of X's time-varying columns,
checked to hold one value per instance, and encoded as numbers by a
:class:`StaticEncoding` fitted on the training panel:

- numeric columns are standardised across the series (mean 0, sd 1);
- any other column (strings, categories, booleans) is categorical: its values
  get codes 1, 2, ... in sorted order, and 0 is "unknown", the code of a value
  that fitting never saw (a new store type in ``fit`` after ``pretrain``); the
  network embeds the codes (:class:`sktime_lstm.networks.StaticEncoder`).

pandas and numpy only; nothing here knows torch or sktime.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sktime_lstm._frames import frames_by_instance, where


def is_categorical(column: pd.Series) -> bool:
    """Whether a column is encoded as categories (anything but non-bool numbers)."""
    numeric = pd.api.types.is_numeric_dtype(column)
    return not numeric or pd.api.types.is_bool_dtype(column)


def static_values(
    name: str, X: pd.DataFrame | None, keys: list, columns: list, purpose: str
) -> pd.DataFrame:
    """Each instance's one value of every static column, or a clear error.

    Parameters
    ----------
    name : str
        The forecaster's class, for the messages.
    X : pd.DataFrame or None
        Exogenous data, one instance or a panel (instances in the outer levels).
    keys : list
        The instances of y, in order (``[None]`` for a single series).
    columns : list
        The static columns.
    purpose : str
        ``"fit"``, ``"pretrain"``, ...: for the messages.

    Returns
    -------
    pd.DataFrame
        One row per key (in ``keys``' order), one column per static column, with
        X's dtypes.

    Examples
    --------
    >>> X = pd.DataFrame({"kind": ["a", "a", "a"], "x": [1.0, 2.0, 3.0]})
    >>> static_values("F", X, [None], ["kind"], "fit")["kind"].tolist()
    ['a']
    """
    if X is None:
        raise ValueError(
            f"{name}: static_features={columns} names columns of X, but {purpose} "
            "got no X; pass X with those columns (one value per series, repeated "
            "at its times)."
        )
    lacking = [c for c in columns if c not in X.columns]
    if lacking:
        raise ValueError(
            f"{name}: static_features names {lacking}, which X passed to {purpose} "
            f"lacks; X has {list(X.columns)}."
        )
    frames = frames_by_instance(X[columns])
    rows = []
    for key in keys:
        if key not in frames:
            raise ValueError(f"{name}: X passed to {purpose} has no rows{where(key)}.")
        rows.append([_one_value(name, frames[key][c], c, key) for c in columns])
    values = pd.DataFrame(rows, columns=columns)
    return values.astype({c: X[c].dtype for c in columns}, errors="ignore")


def _one_value(name: str, column: pd.Series, label, key):
    """Return the single value a static column holds for one instance."""
    present = column.dropna().unique()
    if len(present) == 0:
        raise ValueError(
            f"{name}: the static feature {label!r} has no value{where(key)}; give "
            "every series a value (a category such as 'unknown' will do)."
        )
    if len(present) > 1:
        shown = sorted(map(str, present))[:4]
        raise ValueError(
            f"{name}: the static feature {label!r} takes several values{where(key)} "
            f"({shown}); a static feature holds one value per series. Leave it out "
            "of static_features to use it as a time-varying column of X."
        )
    return present[0]


@dataclass(frozen=True)
class StaticEncoding:
    """How static values become the network's numbers, fitted on a panel.

    Attributes
    ----------
    numeric : tuple of str
        Numeric columns, standardised with ``loc`` and ``scale``.
    loc, scale : tuple of float
        Their mean and standard deviation across the fitted series (sd 1 where it
        is 0).
    categorical : tuple of str
        Categorical columns, after the numeric ones.
    categories : tuple of tuple of str
        Each categorical column's known values (as strings), sorted: code ``k``
        is ``categories[j][k - 1]``, code 0 is unknown.

    Examples
    --------
    >>> values = pd.DataFrame({"size": [1.0, 3.0], "kind": ["b", "a"]})
    >>> encoding = StaticEncoding.fit(values)
    >>> encoding.encode(pd.DataFrame({"size": [2.0], "kind": ["c"]})).tolist()
    [[0.0, 0.0]]
    >>> encoding.encode(values).tolist()
    [[-1.0, 2.0], [1.0, 1.0]]
    """

    numeric: tuple[str, ...] = ()
    loc: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    categorical: tuple[str, ...] = ()
    categories: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def fit(cls, values: pd.DataFrame) -> StaticEncoding:
        """Fit to one row of static values per series (:func:`static_values`)."""
        numeric = [c for c in values.columns if not is_categorical(values[c])]
        categorical = [c for c in values.columns if is_categorical(values[c])]
        numbers = values[numeric].to_numpy(np.float64)
        spread = numbers.std(axis=0) if len(numbers) else np.ones(len(numeric))
        return cls(
            numeric=tuple(numeric),
            loc=tuple(float(v) for v in numbers.mean(axis=0)),
            scale=tuple(float(s) if s > 0 else 1.0 for s in spread),
            categorical=tuple(categorical),
            categories=tuple(
                tuple(sorted(set(values[c].astype(str)))) for c in categorical
            ),
        )

    @property
    def columns(self) -> list[str]:
        """The static columns in the network's order: numeric, then categorical."""
        return [*self.numeric, *self.categorical]

    @property
    def cardinalities(self) -> tuple[int, ...]:
        """How many known values each categorical column has."""
        return tuple(len(known) for known in self.categories)

    def encode(self, values: pd.DataFrame) -> np.ndarray:
        """Return ``(n_series, n_columns)`` float64: standardised numbers, codes."""
        numbers = values[list(self.numeric)].to_numpy(np.float64)
        numbers = (numbers - np.array(self.loc)) / np.array(self.scale)
        codes = [
            values[column].astype(str).map(_codes(known)).fillna(0).to_numpy()
            for column, known in zip(self.categorical, self.categories, strict=True)
        ]
        codes = np.stack(codes, axis=1) if codes else np.zeros((len(values), 0))
        return np.concatenate([numbers.reshape(len(values), -1), codes], axis=1)


def _codes(known: tuple[str, ...]) -> dict[str, int]:
    return {value: code for code, value in enumerate(known, start=1)}


def check_dynamic_columns(name: str, X: pd.DataFrame | None, columns: list) -> None:
    """Name a categorical column of X that is not a static feature."""
    if X is None:
        return
    # booleans are numbers here, as they always were; strings are not
    categorical = [
        c for c in columns if c in X.columns and not pd.api.types.is_numeric_dtype(X[c])
    ]
    if categorical:
        raise TypeError(
            f"{name}: X's column(s) {categorical} hold categorical values, which "
            "the network reads only as static features (one value per series): "
            "name them in static_features, or encode them as numbers."
        )
