"""The sktime contract of the recurrent forecasters.

Tags, ``__init__``, the ``fit``/``update`` rollback, the ``_fit`` / ``_predict`` /
``_update`` / ``_pretrain`` hooks, the arrays they hand to the network, and
pickling. Two mixins hold the rest: ``_network_fitting`` builds and trains the
network from the parameters, ``_probabilistic`` holds the ``_predict_*``
distribution hooks. The mathematics lives in ``networks``, ``rollout``,
``windows``, ``scaling``, ``distributions`` and ``training``, which know nothing
of sktime.
"""

from __future__ import annotations

import copy
import warnings
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
import pandas as pd
import torch
from sktime.forecasting.base import BaseForecaster, ForecastingHorizon

from sktime_lstm import calendar
from sktime_lstm._frames import (
    carry_exog_into_gaps,
    check_index_like_fitted,
    check_integer_steps,
    check_like_fitted,
    check_on_grid,
    check_series,
    column_names,
    exog_rows,
    fill_gaps,
    horizon_steps,
    join,
    last_time,
    panel_freq,
    relative_to_absolute,
    revise,
    split_instances,
)
from sktime_lstm._network_fitting import NetworkFitting
from sktime_lstm._parameters import (
    BASE_RULES,
    check_parameters,
    plain,
    test_parameter_sets,
)
from sktime_lstm._probabilistic import ProbabilisticForecasts
from sktime_lstm.adaptive import auto_window_length, natural_period
from sktime_lstm.distributions import (
    is_probabilistic,
)
from sktime_lstm.rollout import roll_forecast
from sktime_lstm.runtime import (
    device_of,
    resolve_device,
    uses_bf16,
)
from sktime_lstm.scaling import Scaling, fit_scaling
from sktime_lstm.static import StaticEncoding, check_dynamic_columns, static_values
from sktime_lstm.training import limited_threads
from sktime_lstm.windows import (
    history_slopes,
    make_contexts,
    min_series_length,
)


class StartingNetwork(NamedTuple):
    """A network that ``fit`` or ``pretrain`` starts from instead of a new one."""

    network: torch.nn.Module
    window: int  # the window it reads
    history: pd.DataFrame  # its training history
    family: str | None = None  # a shipped network's family; None: pretrain's


class _Instances(NamedTuple):
    """A panel as per-instance arrays on regular time grids (see ``_instances``)."""

    keys: list
    series: list[np.ndarray]
    times: list[pd.Index]
    known_exog: tuple[int, ...]
    freq: object
    cycles: list[str]
    static: pd.DataFrame | None  # one row of static values per instance


def _fit_scaler(
    values: np.ndarray, kind: str | None, n_unscaled: int, names: list | None = None
) -> Scaling:
    """Fit ``kind`` to one series, leaving its last ``n_unscaled`` columns as they are.

    Those are the calendar's and the static features'. The calendar's sines and
    cosines already lie in [-1, 1]; scaled per series, the same date would enter
    each series differently, and a short series' future phases would fall far
    outside its training range. Static features are encoded across the panel
    (:mod:`sktime_lstm.static`), and a per-series scaler would flatten them.
    """
    scaling = fit_scaling(values, kind, names=names)
    if not n_unscaled:
        return scaling
    loc, scale = scaling.loc.copy(), scaling.scale.copy()
    loc[-n_unscaled:], scale[-n_unscaled:] = 0.0, 1.0
    return Scaling(loc=loc, scale=scale)


def _with_calendar(values: np.ndarray, time: pd.Index, cycles: list[str]):
    """Append the calendar's columns at ``time`` to ``[y | X]`` rows."""
    if not cycles:
        return values
    return np.concatenate([values, calendar.features(time, cycles)], axis=1)


def _n_unscaled(cycles: list[str], encoding: StaticEncoding | None) -> int:
    """Count the columns per-series scalers leave as they are: calendar, static."""
    return 2 * len(cycles) + (len(encoding.columns) if encoding else 0)


def _with_static(values: np.ndarray, static_row: np.ndarray) -> np.ndarray:
    """Append a series' encoded static features to each of its rows."""
    if not len(static_row):
        return values
    repeated = np.broadcast_to(static_row, (len(values), len(static_row)))
    return np.concatenate([values, repeated], axis=1)


class BaseRecurrentForecaster(NetworkFitting, ProbabilisticForecasts, BaseForecaster):
    """Base class of the recurrent forecasters: the sktime contract.

    Subclasses name their cell (``_cell``) and document themselves; all behaviour
    lives here and in the two mixins (``NetworkFitting``, ``ProbabilisticForecasts``).
    """

    _parameter_rules = BASE_RULES

    _tags = {
        "authors": ["sktime-lstm developers"],
        "maintainers": ["sktime-lstm developers"],
        "python_dependencies": "torch",
        "y_inner_mtype": ["pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"],
        "X_inner_mtype": ["pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"],
        "capability:multivariate": True,
        "capability:exogenous": True,
        "capability:non_contiguous_X": False,
        "capability:categorical_in_X": False,
        "capability:insample": True,
        "capability:pred_int": True,
        "capability:pred_int:insample": False,
        "capability:missing_values": True,
        "capability:update": True,
        "capability:pretrain": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
        "requires-fh-in-fit": False,
        "pretrain:fitted_params": [
            "pretrained_network_",
            "pretrain_history_",
            "pretrain_calendar_features_",
            "pretrain_static_encoding_",
            "pretrain_window_length_",
        ],
    }

    def __init__(
        self,
        window_length="auto",
        horizon=None,
        hidden_size="auto",
        num_layers="auto",
        dropout=0.0,
        head_hidden_sizes=(),
        readout="all",
        strategy="direct",
        scaler="standard",
        past_covariates=None,
        window_norm="auto-single",
        sp="auto-single",
        long_trend=False,
        exog_regression=True,
        loss="mae",
        quantiles=None,
        n_samples=500,
        max_epochs=50,
        max_steps=1500,
        batch_size=256,
        learning_rate=2e-3,
        lr_schedule="cosine",
        validation_size=0.0,
        early_stopping_patience=10,
        gradient_clip=1.0,
        finetune_epochs=0,
        update_epochs=1,
        device="auto",
        precision="fp32",
        num_threads=None,
        random_state=None,
        verbose=False,
        calendar=None,
        static_features=None,
    ):
        self.window_length = window_length
        self.horizon = horizon
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.head_hidden_sizes = head_hidden_sizes
        self.readout = readout
        self.strategy = strategy
        self.scaler = scaler
        self.past_covariates = past_covariates
        self.window_norm = window_norm
        self.sp = sp
        self.long_trend = long_trend
        self.exog_regression = exog_regression
        self.loss = loss
        self.quantiles = quantiles
        self.n_samples = n_samples
        self.max_epochs = max_epochs
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.lr_schedule = lr_schedule
        self.validation_size = validation_size
        self.early_stopping_patience = early_stopping_patience
        self.gradient_clip = gradient_clip
        self.finetune_epochs = finetune_epochs
        self.update_epochs = update_epochs
        self.device = device
        self.precision = precision
        self.num_threads = num_threads
        self.random_state = random_state
        self.verbose = verbose
        self.calendar = calendar
        self.static_features = static_features
        with warnings.catch_warnings():
            # sktime 1.2 warns at every construction that remember_data's default
            # changes in 1.3 and that the *default* update will then stop
            # refitting; our update is native and does not read the remembered
            # data, so the notice only adds noise to every notebook cell
            warnings.filterwarnings(
                "ignore", "The default of config ``remember_data``", FutureWarning
            )
            super().__init__()
        # intervals and distributions come from a probabilistic loss only
        self.set_tags(**{"capability:pred_int": is_probabilistic(loss)})
        # categorical X is read only as static features
        categorical_in_X = static_features is not None
        self.set_tags(**{"capability:categorical_in_X": categorical_in_X})

    # ------------------------------------------------------------------ checks
    def _check_parameters(self) -> None:
        check_parameters(self, self._parameter_rules)
        name = type(self).__name__
        uses_bf16(self.precision, resolve_device(self.device, name), name)
        given = self.sp is not None and not isinstance(self.sp, str)
        fixed = self.window_length != "auto"
        if given and fixed and self.sp > self.window_length:
            raise ValueError(
                f"{name}(sp={self.sp}) needs a window that holds at least one season: "
                f"window_length >= {self.sp}, not {self.window_length}."
            )
        if self.max_epochs is None and self.max_steps is None:
            raise ValueError(
                f"{name}: max_epochs=None trains max_steps steps, so max_steps "
                "cannot be None too; bound one of them."
            )
        if self.loss == "smape" and self.scaler not in ("mean", None):
            raise ValueError(
                f"{type(self).__name__}(loss='smape') needs a scaler that does not "
                f"shift the data (sMAPE is not shift-invariant): scaler='mean' or "
                f"None, not {self.scaler!r}."
            )

    # ------------------------------------------------------------- the cell
    def _cell(self) -> str:
        """Name the recurrent cell (``sktime_lstm.networks.CELLS``); subclasses do."""
        return "lstm"

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        return test_parameter_sets()

    # ------------------------------------------------------------ sktime hooks
    @contextmanager
    def _kept_on_failure(self):
        """Restore the estimator's whole state if the body raises.

        sktime's ``fit`` resets the estimator before ``_fit``, and its ``update``
        moves ``cutoff`` and the remembered data before ``_update``; an exception
        or a ``KeyboardInterrupt`` would otherwise leave an empty or half-updated
        model. Every attribute is replaced, never mutated, by ``fit`` and
        ``update`` (sktime's and ours), so a shallow copy restores it exactly.
        """
        previous_state = dict(self.__dict__)
        try:
            yield
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(previous_state)
            raise

    def fit(self, y, X=None, fh=None):
        """Fit the forecaster to training data; on failure keep the previous fit.

        Parameters
        ----------
        y : sktime time series container
            Target series (see :meth:`sktime.forecasting.base.BaseForecaster.fit`).
        X : sktime time series container, optional
            Exogenous series aligned with ``y``.
        fh : ForecastingHorizon, int or array-like, optional
            Forecasting horizon; may be given later to ``predict``.

        Returns
        -------
        self
        """
        with self._kept_on_failure():
            return super().fit(y, X=X, fh=fh)

    def update(self, y, X=None, update_params=True):
        """Append new observations; on failure keep the model exactly as it was.

        Parameters
        ----------
        y : sktime time series container
            New observations (see
            :meth:`sktime.forecasting.base.BaseForecaster.update`). Steps skipped
            between the cutoff and the new points are missing values.
        X : sktime time series container, optional
            Exogenous series at the new observations' times.
        update_params : bool, default=True
            Whether to fine-tune the network (``update_epochs``) on the new data.

        Returns
        -------
        self
        """
        if getattr(self, "instance_cutoffs_", None) and hasattr(y, "index"):
            # before sktime merges y into its remembered data, which under
            # pandas 2 raises its own error on another period frequency
            check_index_like_fitted(
                type(self).__name__, y.index, self.instance_cutoffs_[0]
            )
        with self._kept_on_failure():
            return super().update(y, X=X, update_params=update_params)

    def _fit(self, y, X=None, fh=None):
        self._check_parameters()
        keys, series, times, known_exog, freq, cycles, static = self._instances(
            y, X, "fit"
        )
        pretrained = hasattr(self, "pretrained_network_")
        encoding = self._static_encoding(static, pretrained)
        series = self._with_encoded_static(series, static, encoding)
        n_targets = y.shape[1]
        dynamic = self._dynamic_columns(X)
        n_unscaled = _n_unscaled(cycles, encoding)
        scalers = [
            _fit_scaler(
                values,
                self.scaler,
                n_unscaled,
                column_names(y, dynamic, key, cycles, encoding),
            )
            for key, values in zip(keys, series, strict=True)
        ]
        start = self._starting_network(
            times[0], freq, cycles, n_targets, series[0].shape[1], known_exog
        )
        scaled = self._scaled_each(
            scalers, series, n_targets, self._reads_slopes(start)
        )
        if start is not None and not self._keeps_start(start, scaled):
            start = None
            scaled = self._scaled_each(scalers, series, n_targets, self.long_trend)
        if start is not None:
            window = start.window
            network, history = self._tuned_further(start, scaled, self.finetune_epochs)
        else:
            horizon = self._head_width(fh, self.cutoff, freq)
            window, period = self._window_and_period(
                scaled, n_targets, horizon, times[0], freq
            )
            network, history = self._trained_afresh(
                scaled, n_targets, horizon, known_exog, period, window, encoding
            )
        self.window_length_ = window
        self.pretrained_family_ = None if start is None else start.family
        self.network_ = network
        self.sp_ = network.seasonal_period
        self.window_norm_ = network.window_norm
        self.hidden_size_ = network.encoder.hidden_size
        self.num_layers_ = network.encoder.num_layers
        self.training_history_ = history
        self.horizon_ = network.horizon
        self.instances_ = keys
        self.scalers_ = scalers
        self.columns_ = y.columns
        self.exog_columns_ = dynamic
        self.calendar_features_ = calendar.feature_names(cycles)
        self.static_encoding_ = encoding
        self.index_names_ = list(y.index.names)
        self.instance_cutoffs_ = [last_time(t, freq) for t in times]
        self.history_ = series
        return self

    def _starting_network(
        self,
        time: pd.Index,
        freq,
        cycles: list[str],
        n_targets: int,
        width: int,
        known_exog: tuple,
    ) -> StartingNetwork | None:
        """Return the network ``fit`` starts from, its window and its history.

        ``pretrain``'s network if there is one, else a network shipped with the
        package (:meth:`_shipped_network`), else None: ``fit`` trains afresh.
        """
        if hasattr(self, "pretrained_network_"):
            self._check_calendar(cycles)
            start = StartingNetwork(
                self.pretrained_network_,
                self.pretrain_window_length_,
                self.pretrain_history_,
            )
        else:
            start = self._shipped_network(time, freq)
            if start is None:
                return None
        self._check_columns(start.network, n_targets, width, known_exog)
        return start

    def _keeps_start(self, start: StartingNetwork, scaled: list[np.ndarray]) -> bool:
        """Whether ``fit`` keeps the network it would start from; here always.

        :class:`~sktime_lstm.LSTMForecaster` overrides it (``pretrained="auto"``).
        """
        return True

    def _scaled_each(
        self,
        scalers: list,
        series: list[np.ndarray],
        n_targets: int,
        slopes: bool,
    ) -> list[np.ndarray]:
        """Each series scaled by its scaler, with the long-run slopes if ``slopes``."""
        return [
            self._scale(scaler, values, n_targets, slopes)
            for scaler, values in zip(scalers, series, strict=True)
        ]

    def _tuned_further(
        self,
        start: StartingNetwork,
        scaled: list[np.ndarray],
        epochs: int | None,
        validation_size: float | int = 0,
    ) -> tuple[torch.nn.Module, pd.DataFrame]:
        """Train a copy of the starting network ``epochs`` epochs, where it can.

        ``epochs=0``, or no series long enough for one training window (the
        network's horizon and a value before it): the network as it is, with a
        warning in the second case, as there is nothing to train it on.
        ``epochs=None`` trains ``max_steps`` steps.
        """
        if epochs == 0:
            return start.network, start.history
        if max(len(s) for s in scaled) < min_series_length(start.network.horizon):
            warnings.warn(
                f"{type(self).__name__}: no series is long enough to train the "
                f"network further (its horizon of {start.network.horizon} steps "
                "and a value before them); it is kept as it was.",
                UserWarning,
                stacklevel=4,
            )
            return start.network, start.history
        return self._fine_tuned(
            start.network, scaled, start.window, epochs, validation_size
        )

    def _pretrains_columns_apart(self) -> bool:
        """Whether ``pretrain`` reads each target column as a series; here not.

        :class:`~sktime_lstm.LSTMForecaster` does with ``pretrained`` set: it
        forecasts one column at a time (sktime vectorises ``fit``), but sktime's
        ``pretrain`` passes every column at once.
        """
        return False

    @staticmethod
    def _columns_apart(
        series: list[np.ndarray], n_targets: int
    ) -> tuple[list[np.ndarray], int]:
        """Each target column of each series as a series of its own (no X)."""
        if n_targets == 1 or series[0].shape[1] != n_targets:
            return series, n_targets  # one column, or X beside: as they are
        return [s[:, [j]] for s in series for j in range(n_targets)], 1

    def _reads_slopes(self, start: StartingNetwork | None) -> bool:
        """Whether the network to train or start from reads the long-run slopes."""
        return self.long_trend if start is None else start.network.long_trend

    def _shipped_network(self, time: pd.Index, freq) -> StartingNetwork | None:
        """Return a network shipped with the package for this index; none here.

        :class:`~sktime_lstm.LSTMForecaster` overrides it (its ``pretrained``).
        """
        return None

    def _fitted_cycles(self) -> list[str]:
        """Return the calendar's cycles seen in fit, from their column names."""
        names = self.calendar_features_[::2]
        return [name.removesuffix("_sin") for name in names]

    def _fitted_freq(self):
        """Return the frequency of the DatetimeIndex seen in fit (else None)."""
        return getattr(self.instance_cutoffs_[0], "freq", None)

    def _window_and_period(
        self,
        scaled: list[np.ndarray],
        n_targets: int,
        horizon: int,
        time: pd.Index,
        freq,
    ) -> tuple[int, int | None]:
        """Return the window and the network's seasonal period for these series.

        A fixed ``window_length`` is kept (``sp="auto"`` and ``"auto-single"``
        detect up to it). With
        ``"auto"``, the window shows two cycles of ``sp``, of the detected
        period, or of the cycle the index's step implies
        (:mod:`sktime_lstm.adaptive`), within the series' lengths.
        """
        if self.window_length != "auto":
            window = plain(self.window_length)
            return window, self._seasonal_period(scaled, n_targets, window)
        lengths = [len(s) for s in scaled]
        natural = natural_period(calendar.step_length(time, freq))
        longest_lag = auto_window_length(horizon, lengths, natural)
        period = self._seasonal_period(scaled, n_targets, longest_lag)
        window = auto_window_length(horizon, lengths, period or natural)
        if period is not None and period > 1:
            window = max(window, period)  # the seasonal profile needs a season
        return window, period

    def _dynamic_columns(self, X) -> list:
        """X's time-varying columns: all but the static features."""
        static = set(self.static_features or ())
        return [] if X is None else [c for c in X.columns if c not in static]

    def _static_encoding(self, static, pretrained: bool) -> StaticEncoding | None:
        """Return the pretraining's encoding, else one fitted to these values."""
        if pretrained:
            encoding = getattr(self, "pretrain_static_encoding_", None)
            given = list(self.static_features or [])
            had = [] if encoding is None else sorted(encoding.columns)
            if sorted(given) != had:
                raise ValueError(
                    f"{type(self).__name__} was pretrained with the static features "
                    f"{had}, but static_features is now {given}; pretrain again."
                )
            return encoding
        return None if static is None else StaticEncoding.fit(static)

    @staticmethod
    def _with_encoded_static(
        series: list[np.ndarray], static, encoding: StaticEncoding | None
    ) -> list[np.ndarray]:
        """Each series with its encoded static features on every row."""
        if encoding is None:
            return series
        rows = encoding.encode(static[list(encoding.columns)])
        return [_with_static(v, row) for v, row in zip(series, rows, strict=True)]

    def _check_calendar(self, cycles: list[str]) -> None:
        """Name a calendar that differs from the pretrained network's."""
        pretrained = getattr(self, "pretrain_calendar_features_", [])
        if calendar.feature_names(cycles) != pretrained:
            raise ValueError(
                f"{type(self).__name__} was pretrained with the calendar features "
                f"{pretrained}, but the data passed gives "
                f"{calendar.feature_names(cycles)}: its index has another frequency "
                "or kind; pass data of the pretraining's frequency."
            )

    def _check_columns(
        self, network: torch.nn.Module, n_targets: int, width: int, known_exog: tuple
    ) -> None:
        layout = (network.n_targets, network.n_exog, network.known_exog)
        n_exog = width - n_targets - network.layout.n_static
        if layout != (n_targets, n_exog, known_exog):
            raise ValueError(
                f"{type(self).__name__} was pretrained on {network.n_targets} target "
                f"column(s) and {network.n_exog} X column(s) (known-future: "
                f"{list(network.known_exog)}), but the data passed has {n_targets} "
                f"and {n_exog} ({list(known_exog)})."
            )

    def _instances(self, y, X, purpose: str) -> _Instances:
        """Split y (and X at y's times) into per-instance arrays ``[y | X]``.

        Steps that a series' index skips become missing values (NaN rows), so
        every array is on its frequency's regular grid. With ``calendar="auto"``
        the calendar's columns follow X's, as known-future X. The static
        features' columns are taken out of X: their one value per instance
        comes back raw, to be encoded (``_with_encoded_static``).
        """
        name = type(self).__name__
        keys, targets, times = split_instances(y)
        check_series(name, targets, times, keys, list(y.columns))
        freq = panel_freq(name, times, keys)
        check_integer_steps(name, times)
        static_columns = list(self.static_features or [])
        static = None
        if static_columns:
            static = static_values(name, X, keys, static_columns, purpose)
        columns = self._dynamic_columns(X)
        check_dynamic_columns(name, X, columns)
        past = list(self.past_covariates or [])
        both = [c for c in past if c in static_columns]
        if both:
            raise ValueError(
                f"{name}: the column(s) {both} are named both in past_covariates "
                "(time-varying, unknown ahead) and in static_features (one value "
                "per series); name each column in one of them."
            )
        unknown = [c for c in past if c not in columns]
        if unknown:
            raise ValueError(
                f"The 'past_covariates' parameter of {name} names "
                f"columns that X passed to {purpose} lacks: {unknown}; X has {columns}."
            )
        exog = exog_rows(name, X, keys, times, columns, purpose)
        cycles = self._calendar_cycles(times[0], freq)
        known_exog = tuple(i for i, c in enumerate(columns) if c not in past)
        known_exog += tuple(range(len(columns), len(columns) + 2 * len(cycles)))
        regular = [
            fill_gaps(name, key, values, time, freq)
            for key, values, time in zip(keys, join(targets, exog), times, strict=True)
        ]
        series = [
            _with_calendar(carry_exog_into_gaps(values, y.shape[1]), time, cycles)
            for values, time in regular
        ]
        regular_times = [time for _, time in regular]
        return _Instances(keys, series, regular_times, known_exog, freq, cycles, static)

    def _calendar_cycles(self, time: pd.Index, freq) -> list[str]:
        """Return the calendar's cycles for this index (none unless "auto")."""
        if self.calendar != "auto":
            return []
        return calendar.cycles_for(calendar.step_length(time, freq))

    def _future_exog(self, X, n_steps: int) -> torch.Tensor | None:
        """Scaled future X for the head blocks that cover steps 1..n_steps.

        Shape ``(n, n_blocks * horizon_, n_exog)``, on the network's device. The
        head reads X at every step of its block, so the forecast of a step must
        not depend on which other steps ``fh`` asks for: X is read for whole
        blocks, and only beyond the last row that X gives is its last row carried
        forward.
        """
        if not self.network_.n_exog or n_steps < 1:
            return None
        n_targets = self.network_.n_targets
        exog = slice(n_targets, n_targets + self.network_.n_exog)
        n_user = len(self.exog_columns_)  # X's columns; the calendar's follow
        known_exog = [i for i in self.network_.known_exog if i < n_user]
        cycles = self._fitted_cycles()
        n_rows = -(-n_steps // self.horizon_) * self.horizon_
        steps = np.arange(1, n_rows + 1)
        times = [
            relative_to_absolute(steps, cutoff) for cutoff in self.instance_cutoffs_
        ]
        columns = [self.exog_columns_[i] for i in known_exog]
        known_rows = exog_rows(
            type(self).__name__,
            X,
            self.instances_,
            times,
            columns,
            "predict",
            n_required=n_steps,
        )
        future = []
        for history, rows, scaler, time in zip(
            self.history_, known_rows, self.scalers_, times, strict=True
        ):
            # past covariates carry their last value forward
            values = np.repeat(history[-1:, exog], n_rows, axis=0)
            values[:, known_exog] = rows
            values[:, n_user:] = calendar.features(time, cycles)
            future.append(scaler.select(exog).transform(values))
        return torch.from_numpy(np.stack(future)).to(device_of(self.network_))

    def _steps_by_instance(self, fh) -> list[tuple[np.ndarray, pd.Index]]:
        """Per instance: the steps ``fh`` asks for, and their time index.

        Computed once per distinct cutoff: sktime's horizon conversions cost about
        a millisecond each, and a large panel shares few cutoffs.
        """
        by_cutoff: dict = {}
        for cutoff in self.instance_cutoffs_:
            if cutoff[0] not in by_cutoff:
                by_cutoff[cutoff[0]] = horizon_steps(fh, cutoff)
        return [by_cutoff[cutoff[0]] for cutoff in self.instance_cutoffs_]

    @staticmethod
    def _scale(
        scaler,
        values: np.ndarray,
        n_targets: int,
        slopes: bool,
        n_rows: int | None = None,
    ) -> np.ndarray:
        """Scaled ``[y | X]`` (the last ``n_rows`` rows), with the long-run slopes.

        ``slopes``: append them (a network with ``long_trend`` reads them). Only
        the rows reached are scaled, but the slopes need the whole history.
        """
        if not slopes:
            return scaler.transform(values if n_rows is None else values[-n_rows:])
        scaled = scaler.transform(values)
        scaled = np.concatenate([scaled, history_slopes(scaled, n_targets)], axis=1)
        return scaled if n_rows is None else scaled[-n_rows:]

    def _scaled_with_own_scalers(
        self, series: list[np.ndarray], n_targets: int, n_unscaled: int, slopes: bool
    ) -> list[np.ndarray]:
        """Each series scaled by a scaler fitted to it (pretraining keeps none)."""
        scalers = [_fit_scaler(v, self.scaler, n_unscaled) for v in series]
        return self._scaled_each(scalers, series, n_targets, slopes)

    def _contexts(self, series: list[np.ndarray]) -> torch.Tensor:
        """Return each scaled series' last ``window_length_`` rows, for the network."""
        layout = self.network_.layout
        return make_contexts(
            series, self.window_length_, layout.n_targets, layout.static
        )

    def _scaled_recent(self, n_rows: int) -> list[np.ndarray]:
        # scale only the recent rows that contexts (and in-sample steps) read
        n_targets = self.network_.n_targets
        return [
            self._scale(scaler, values, n_targets, self.network_.long_trend, n_rows)
            for scaler, values in zip(self.scalers_, self.history_, strict=True)
        ]

    def _predict(self, fh, X=None):
        steps_by_instance = self._steps_by_instance(fh)
        n_rows = (
            self.window_length_
            + max(0, -min(int(s.min()) for s, _ in steps_by_instance))
            + 1
        )
        recent = self._scaled_recent(n_rows)
        n_ahead = max(int(steps.max()) for steps, _ in steps_by_instance)
        n_targets = self.network_.n_targets
        contexts = self._contexts(recent)
        if n_ahead > 0:
            self._require_observed(contexts)
        future_paths = self._run_network(
            contexts, n_ahead, self._future_exog(X, n_ahead)
        )
        frames = []
        for recent_rows, history, scaler, (steps, index), path in zip(
            recent,
            self.history_,
            self.scalers_,
            steps_by_instance,
            future_paths,
            strict=True,
        ):
            values = np.full((len(steps), n_targets), np.nan)
            future = steps > 0
            values[future] = path[steps[future] - 1]
            # in-sample positions, counted in the recent rows; before the series:
            # no past
            positions = len(recent_rows) - 1 + steps[~future]
            positions[positions < len(recent_rows) - len(history)] = -1
            values[~future] = self._one_step_fitted(recent_rows, positions)
            values = scaler.select(slice(0, n_targets)).inverse(values)
            frames.append(pd.DataFrame(values, index=index, columns=self.columns_))
        return self._stacked(frames)

    def _require_observed(self, contexts: torch.Tensor) -> None:
        empty = (contexts[..., -1].sum(dim=1) == 0).nonzero().ravel().tolist()
        if empty:
            names = [self.instances_[i] for i in empty][:5]
            where = "" if names == [None] else f" of instance(s) {names}"
            raise ValueError(
                f"{type(self).__name__}: the last window_length_={self.window_length_} "
                f"values{where} are all missing, so there is nothing to forecast "
                "from; update with observed values or use a longer window_length."
            )

    def _one_step_fitted(self, series: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """In-sample one-step-ahead forecasts at ``positions``; NaN where no past."""
        n_targets = self.network_.n_targets
        fitted = np.full((len(positions), n_targets), np.nan)
        has_past = positions >= 1
        if has_past.any():
            pasts = [series[:position] for position in positions[has_past]]
            contexts = self._contexts(pasts)
            # the head reads X over its whole block: the history's, carried on
            # past its end, so that a fitted value does not depend on predict's X
            block = positions[has_past, None] + np.arange(self.horizon_)
            block = np.minimum(block, len(series) - 1)
            exog = series[block][..., self.network_.layout.exog]
            exog = torch.from_numpy(np.ascontiguousarray(exog))
            exog = exog.to(device_of(self.network_))
            forecasts = self._run_network(contexts, 1, exog)[:, 0]
            forecasts[contexts[..., -1].sum(dim=1).numpy() == 0] = np.nan  # all missing
            fitted[has_past] = forecasts
        return fitted

    def _run_network(
        self, contexts: torch.Tensor, n_steps: int, future_exog: torch.Tensor | None
    ) -> np.ndarray:
        """Forecast ``(n_contexts, n_steps, n_targets)`` scaled values; no grad."""
        if n_steps < 1:
            return np.zeros((len(contexts), 0, self.network_.n_targets))
        with limited_threads(self.num_threads):
            contexts = contexts.to(device_of(self.network_))
            paths = roll_forecast(self.network_, contexts, n_steps, future_exog)
        return paths.float().cpu().numpy()

    def _stacked(self, frames: list[pd.DataFrame]) -> pd.DataFrame:
        if self.instances_ == [None]:
            return frames[0]
        combined = pd.concat(frames, keys=self.instances_)
        combined.index.names = self.index_names_
        return combined

    def _update(self, y, X=None, update_params=True):
        name = type(self).__name__
        check_like_fitted(name, y, self.columns_, self.instance_cutoffs_[0])
        keys, targets, times = split_instances(y)
        check_series(name, targets, times, keys, list(y.columns), whole_series=False)
        positions = {key: i for i, key in enumerate(self.instances_)}
        unknown = [key for key in keys if key not in positions]
        if unknown:
            raise ValueError(f"{name}.update got instances unseen in fit: {unknown}.")
        if X is not None:
            check_dynamic_columns(name, X, self.exog_columns_)
        exog = exog_rows(name, X, keys, times, self.exog_columns_, "update")
        series = join(targets, exog)
        history = list(self.history_)
        cutoffs = list(self.instance_cutoffs_)
        n_targets = self.network_.n_targets
        freq = self._fitted_freq()
        cycles = self._fitted_cycles()
        tuning_series = []
        for key, values, time in zip(keys, series, times, strict=True):
            i = positions[key]
            cutoff = cutoffs[i]
            # static features stay as fit encoded them, whatever X says now
            static_row = history[i][-1, self.network_.layout.static]
            absolute = ForecastingHorizon(time, is_relative=False)
            steps = horizon_steps(absolute, cutoff)[0]
            is_new = steps > 0
            check_on_grid(name, key, time[~is_new], steps[~is_new], cutoff)
            seen = _with_calendar(values[~is_new], time[~is_new], cycles)
            seen = _with_static(seen, static_row)
            revised = revise(name, key, history[i], seen, steps, not is_new.any())
            appended = np.zeros((0, history[i].shape[1]))
            if is_new.any():
                # a dummy row at the cutoff anchors the grid: skipped steps are NaN
                # X's last row too, so that X is carried into skipped steps
                anchor = np.full((1, values.shape[1]), np.nan)
                anchor[0, n_targets:] = history[i][-1, n_targets : values.shape[1]]
                grid_values, grid = fill_gaps(
                    name,
                    key,
                    np.concatenate([anchor, values[is_new]]),
                    cutoff.append(time[is_new]),
                    freq,
                )
                appended = carry_exog_into_gaps(grid_values, n_targets)[1:]
                appended = _with_calendar(appended, grid[1:], cycles)
                appended = _with_static(appended, static_row)
                cutoff = last_time(grid, freq)
            elif revised is not None:  # only revisions: sktime's cutoff moves back
                cutoff = last_time(time[[int(np.argmax(steps))]], freq)
            if revised is None and not len(appended):
                continue
            base, first_changed = (
                (history[i], len(history[i])) if revised is None else revised
            )
            history[i] = np.concatenate([base, appended])
            cutoffs[i] = cutoff
            # fine-tune only on windows whose targets reach into the changed rows
            n_changed = len(history[i]) - first_changed
            n_rows = self.window_length_ + self.horizon_ - 1 + n_changed
            tuning_series.append(
                self._scale(
                    self.scalers_[i],
                    history[i],
                    n_targets,
                    self.network_.long_trend,
                    n_rows,
                )
            )
        if update_params and self.update_epochs and tuning_series:
            trainable = [
                s for s in tuning_series if len(s) >= min_series_length(self.horizon_)
            ]
            if trainable:
                self.network_, self.training_history_ = self._fine_tuned(
                    self.network_, trainable, self.window_length_, self.update_epochs
                )
        self.history_, self.instance_cutoffs_ = history, cutoffs
        return self

    def _pretrain(self, y, X=None, fh=None):
        self._check_parameters()
        _, series, times, known_exog, freq, cycles, static = self._instances(
            y, X, "pretrain"
        )
        cutoff = max(times, key=lambda t: t[-1])[-1:]
        n_targets = y.shape[1]
        encoding = self._static_encoding(static, pretrained=False)
        series = self._with_encoded_static(series, static, encoding)
        n_unscaled = _n_unscaled(cycles, encoding)
        self.pretrain_calendar_features_ = calendar.feature_names(cycles)
        self.pretrain_static_encoding_ = encoding
        if self._pretrains_columns_apart():
            series, n_targets = self._columns_apart(series, n_targets)
        start = self._shipped_network(times[0], freq)
        if start is not None:
            self._check_columns(
                start.network, n_targets, series[0].shape[1], known_exog
            )
        scaled = self._scaled_with_own_scalers(
            series, n_targets, n_unscaled, self._reads_slopes(start)
        )
        if start is not None:  # pretraining goes on from the shipped network
            self.pretrain_window_length_ = start.window
            self.pretrained_network_, self.pretrain_history_ = self._tuned_further(
                start, scaled, self.max_epochs, self.validation_size
            )
            return self
        horizon = self._head_width(fh, cutoff, freq)
        window, period = self._window_and_period(
            scaled, n_targets, horizon, times[0], freq
        )
        self.pretrain_window_length_ = window
        self.pretrained_network_, self.pretrain_history_ = self._trained_afresh(
            scaled, n_targets, horizon, known_exog, period, window, encoding
        )
        return self

    def _pretrain_update(self, y, X=None, fh=None):
        if not hasattr(self, "pretrained_network_"):
            # pretrain after fit (sktime then calls this hook): nothing was
            # pretrained yet, so pretrain afresh
            return self._pretrain(y, X=X, fh=fh)
        _, series, _, known_exog, _, cycles, static = self._instances(y, X, "pretrain")
        network = self.pretrained_network_
        encoding = self._static_encoding(static, pretrained=True)
        series = self._with_encoded_static(series, static, encoding)
        n_targets = y.shape[1]
        if self._pretrains_columns_apart():
            series, n_targets = self._columns_apart(series, n_targets)
        self._check_calendar(cycles)
        self._check_columns(network, n_targets, series[0].shape[1], known_exog)
        n_unscaled = _n_unscaled(cycles, encoding)
        scaled = self._scaled_with_own_scalers(
            series, n_targets, n_unscaled, network.long_trend
        )
        start = StartingNetwork(
            network, self.pretrain_window_length_, self.pretrain_history_
        )
        self.pretrained_network_, self.pretrain_history_ = self._tuned_further(
            start, scaled, self.max_epochs, self.validation_size
        )
        return self

    # -------------------------------------------------------------- pickling
    def __setstate__(self, state: dict) -> None:
        # forecasters pickled before the calendar parameter: none, and no columns
        state.setdefault("calendar", None)
        state.setdefault("static_features", None)
        # pickled before it: their networks have no such path, so False describes them
        state.setdefault("exog_regression", False)
        if "network_" in state:
            state.setdefault("calendar_features_", [])
            state.setdefault("static_encoding_", None)
            state.setdefault("window_length_", state["window_length"])
            state.setdefault("pretrained_family_", None)
            state.setdefault("window_norm_", state["network_"].window_norm)
            state.setdefault("hidden_size_", state["network_"].encoder.hidden_size)
            state.setdefault("num_layers_", state["network_"].encoder.num_layers)
        if "pretrained_network_" in state:
            state.setdefault("pretrain_window_length_", state["window_length"])
        self.__dict__.update(state)

    def __getstate__(self):
        # a model trained on a GPU must unpickle on a CPU-only machine
        state = dict(self.__dict__)
        for name in ("network_", "pretrained_network_"):
            module = state.get(name)
            if module is not None and device_of(module).type != "cpu":
                state[name] = copy.deepcopy(module).cpu()
        return state


__all__ = ["BaseRecurrentForecaster"]
