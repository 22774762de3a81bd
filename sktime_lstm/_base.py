"""The sktime contract of the recurrent forecasters, and nothing else.

Tags, parameter checks, sktime data <-> arrays, and ``_fit`` / ``_predict`` /
``_update`` / ``_pretrain`` and the probabilistic ``_predict_*`` hooks. The
mathematics lives in ``networks``, ``windows``, ``scaling``, ``losses``,
``distributions`` and ``training``, which know nothing of sktime.
"""

from __future__ import annotations

import copy
import numbers
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import torch
from sklearn.utils import check_random_state
from sktime.forecasting.base import BaseForecaster, ForecastingHorizon

from sktime_lstm import distributions
from sktime_lstm.losses import LOSSES
from sktime_lstm.networks import (
    DISTRIBUTIONS,
    READOUTS,
    WINDOW_NORMS,
    RecurrentForecastNetwork,
    exog_block,
    feed_back,
    roll_forecast,
)
from sktime_lstm.scaling import SCALERS, fit_scaling
from sktime_lstm.seasonality import detect_period
from sktime_lstm.training import (
    LR_SCHEDULES,
    TrainingConfig,
    limited_threads,
    native_bf16,
    seeded,
    train_network,
)
from sktime_lstm.windows import (
    history_slopes,
    make_contexts,
    make_windows,
    min_series_length,
)

DEFAULT_QUANTILES = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975)

PARAMETERS_DOC = """\
    window_length : int, default=24
        Number of past time steps the network reads to make a forecast.
    horizon : int or None, default=None
        Number of steps the direct head emits at once. None: the largest step of the
        ``fh`` passed to ``fit`` (1 if none is passed). Longer horizons are forecast
        by rolling the head forward block by block. Ignored when
        ``strategy="recursive"`` (the head then emits one step). In-sample steps
        of ``fh`` (0, -1, ...) give one-step-ahead fitted values: each point
        forecast from the window before it (NaN for a series' first point).
    hidden_size : int, default=64
        Width of each recurrent layer.
    num_layers : int, default=2
        Number of stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between recurrent layers and on the encoding fed to the head.
    head_hidden_sizes : tuple of int, default=()
        Widths of ReLU dense layers between the recurrent stack and the output layer;
        ``(25,)`` gives the seed tutorial's ``Dense(25) -> Dense(1)``.
    readout : {"all", "last"}, default="all"
        What the head reads from the top recurrent layer: its hidden states at
        every step of the window (``window_length * hidden_size`` numbers; the head
        then sees where in the window a pattern occurred), or only the last one
        (as Keras' ``LSTM(return_sequences=False)``). ``"all"`` was chosen on the
        validation part of M3 (monthly sMAPE/MASE 14.57/0.899 against 14.59/0.921,
        quarterly 10.08/1.219 against 10.35/1.227).
    strategy : {"direct", "recursive"}, default="direct"
        ``"direct"``: the head emits ``horizon`` steps at once. ``"recursive"``: the
        network learns one step ahead and its forecasts are fed back step by step.
    scaler : {"standard", "minmax", "robust", "mean", "diff"} or None, \
default="standard"
        Scaler fitted per series and column (of y and of X) on the training data
        only (see :func:`sktime_lstm.scaling.fit_scaling`). Under ``window_norm``
        it mostly sets each series' weight in the loss.
    past_covariates : list of str or None, default=None
        Columns of X whose future is unknown (e.g. a competitor's sales): the
        encoder reads them over the context window only. Every other column of X
        is a known-future covariate (calendar, prices, promotions): the encoder
        reads its past and the head its values at the forecast steps, so ``predict``
        needs X at every step up to the largest step of ``fh``. When forecasts are
        rolled beyond the head, past covariates are carried forward at their last
        observed value.
    window_norm : {"standard", "mean"} or None, default="standard"
        Normalisation of every input window inside the network, undone on its output:
        subtract the window's mean and divide by its standard deviation
        (``"standard"``), only subtract the mean (``"mean"``), or none. Lets one
        network forecast any level and scale. ``"standard"`` was chosen on the
        validation part of M3 (monthly sMAPE 14.60 against 15.20 for ``"mean"``,
        quarterly 9.95 against 12.52); on a single short trending series such as
        airline ``"mean"`` can be better (``benchmarks/results/m3_validation.md``).
    sp : int, "auto" or None, default=None
        Seasonal period of the data (12 for monthly, 4 for quarterly, 7 for daily
        data with a weekly cycle), as sktime's ``ThetaForecaster(sp=...)`` and
        ``AutoETS(sp=...)`` take it. None or 1: no seasonal part. With a period
        above 1 the network estimates each window's seasonal profile (every
        phase's mean deviation from the window's level), reads the window with and
        without it, and learns a gate per forecast step that sets how much of the
        profile the forecast carries forward, so that a series without a stable
        season can ignore it (see
        :class:`sktime_lstm.networks.RecurrentForecastNetwork`). Phases count from
        each window's first step, so no calendar is needed, but ``window_length``
        must hold at least one season. On M3 monthly's validation part ``sp=12``
        gave sMAPE/MASE 14.15/0.877 against 14.43/0.889 without
        (``benchmarks/results/m3_validation.md``). ``"auto"`` detects one period
        for all the training series from their autocorrelation
        (:func:`sktime_lstm.seasonality.detect_period`: the lag up to
        ``window_length`` at which the series' first differences correlate most,
        if clearly), or none; ``sp_`` holds the period used. It finds 12 and 4 on
        the whole monthly and quarterly panels of M3, M1 and tourism, but on
        smaller mixed panels the strongest lag need not be the calendar's (3 on
        one 200-series block of M3 monthly's validation split, where 12 did
        best): give ``sp`` where you know it.
    long_trend : bool, default=False
        Whether the encoder also reads each series' long-run trend: at every step
        of the window, the slope of a straight line fitted to all of the series up
        to that step (:func:`sktime_lstm.windows.history_slopes`), in units of the
        window's scale. A window of ``window_length`` steps shows only a local
        trend; the slope of the whole history is what Theta extrapolates. Beyond
        the head, forecast steps carry the last observed slope. Costs one more
        input channel per target and a pass over each series' history at predict
        time. On M3 monthly's validation part, with ``sp=12`` and a
        ``LogTransformer``, it gave sMAPE/MASE 13.73/0.861 against 13.95/0.876
        without; not on quarterly's short series, so it is off by default
        (``benchmarks/results/m3_validation.md``).
    loss : {"mae", "mse", "huber", "smape", "normal", "student_t", "quantile"}, \
default="mae"
        Training loss, computed on the scaled series. The point losses give point
        forecasts only. ``"smape"`` (``2|forecast - actual| / (|forecast| +
        |actual|)``, the M3/M4 competitions' metric) is scale-free but not
        shift-free, so it needs ``scaler="mean"`` or None and positive data.
        ``"normal"`` and ``"student_t"`` train a distribution head by negative
        log-likelihood (``predict`` returns its mean); ``"quantile"``
        trains the ``quantiles`` by pinball loss (``predict`` returns the median).
        These three enable ``predict_interval``, ``predict_quantiles``,
        ``predict_var`` and ``predict_proba``.
    quantiles : tuple of float or None, default=None
        Levels learnt with ``loss="quantile"``, increasing, in (0, 1), around 0.5.
        None: (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975). Other levels
        are interpolated; levels outside the range raise a ValueError.
    n_samples : int, default=500
        Sample paths drawn for probabilistic forecasts that roll beyond the head
        (``fh`` longer than ``horizon``, or ``strategy="recursive"``): each draw is
        fed back as context, so uncertainty compounds honestly. The draws come from
        a generator seeded by ``random_state`` (0 if None) at every call, so the
        same fitted model returns the same intervals every time.
    max_epochs : int, default=100
        Upper bound on passes over the training windows.
    max_steps : int or None, default=1500
        Upper bound on optimiser steps; training ends at whichever bound comes first.
        It bounds the time on large panels (the 1428 M3 monthly series train for
        under two minutes on two cores) and does not bind on data with
        fewer than about 3800 windows, for which ``max_epochs`` ends training first.
        None: no bound.
    batch_size : int, default=256
        Windows per optimiser step.
    learning_rate : float, default=2e-3
        Adam's (initial) learning rate.
    lr_schedule : {"cosine", None}, default="cosine"
        ``"cosine"`` decays the learning rate to zero along half a cosine over the
        planned steps (``max_steps``, or ``max_epochs`` passes if fewer), stepped
        once per batch; None keeps it constant. The budget defaults (256 windows a
        step, 1500 steps, 2e-3, cosine) were chosen on M3's validation part (monthly
        sMAPE/MASE 14.43/0.890 against 14.57/0.899 for 32 windows, 4000 steps and a
        constant 1e-3; quarterly 9.72/1.191 against 10.08/1.219).
    validation_size : float or int, default=0.0
        The last part of every series (a fraction in (0, 1) or a number of points)
        whose windows are held out for early stopping. 0 disables validation.
    early_stopping_patience : int or None, default=10
        With validation: epochs without improvement before training stops; the best
        weights are restored. None trains for the whole budget (best weights are
        still restored).
    gradient_clip : float or None, default=1.0
        Maximum gradient norm; None disables clipping.
    finetune_epochs : int, default=0
        After ``pretrain``: epochs of fine-tuning on the series passed to ``fit``.
        0 keeps the pretrained weights and only sets the forecasting context.
    update_epochs : int, default=1
        Epochs of fine-tuning on the new data in ``update(update_params=True)``.
    device : str or torch.device, default="auto"
        ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"``,
        ``"cuda:1"``, ... A model trained on a GPU pickles to CPU tensors.
    precision : {"fp32", "bf16", "auto"}, default="fp32"
        Arithmetic of the training steps. ``"bf16"`` runs forward and loss under
        ``torch.autocast`` in bfloat16 (weights, optimiser and forecasts stay
        float32) and raises a ValueError on a device without native bfloat16;
        ``"auto"`` uses bf16 where the device has it natively (CUDA GPUs from
        Ampere on, CPUs with AVX-512 BF16 or AMX) and fp32 elsewhere, where bf16
        would be slower.
    num_threads : int or None, default=None
        Bound on torch's CPU threads inside fit/predict/update, restored afterwards.
    random_state : int, np.random.RandomState or None, default=None
        Seeds weights, dropout and batch order; the same int gives bit-identical
        forecasts on the CPU. Torch's global RNG is left untouched.
    verbose : bool, default=False
        Show a progress bar with the running losses; otherwise print nothing."""

ATTRIBUTES_DOC = """\
    network_ : torch.nn.Module
        The fitted network (on the training device).
    training_history_ : pandas.DataFrame
        Loss per epoch of the last training run (``train_loss``, ``validation_loss``);
        draw it with :func:`sktime_lstm.plotting.plot_training_history`.
    horizon_ : int
        Width of the network's output head.
    sp_ : int or None
        The seasonal period the network uses: ``sp``, the period detected with
        ``sp="auto"`` (None if none was found), or a pretrained network's.
    instances_ : list
        Instance keys of the fitted series (``[None]`` for a single series).
    scalers_ : list of Scaling
        Per-series scalers, fitted on the training data.
    history_ : list of numpy.ndarray
        The observed values of every series (extended by ``update``), from which
        forecasts start and in-sample one-step forecasts are made.
    pretrained_network_ : torch.nn.Module
        Set by ``pretrain``; kept across ``fit``."""


def _int_at_least(low: int) -> tuple[Callable[[object], bool], str]:
    def check(value: object) -> bool:
        is_int = isinstance(value, numbers.Integral) and not isinstance(value, bool)
        return is_int and value >= low

    return check, f"an int in the range [{low}, inf)"


def _optional(rule: tuple[Callable[[object], bool], str]):
    check, text = rule
    return (lambda value: value is None or check(value)), f"{text} or None"


def _one_of(*options: object) -> tuple[Callable[[object], bool], str]:
    return (lambda value: value in options), f"one of {list(options)}"


def _real(predicate: Callable[[float], bool], text: str):
    def check(value: object) -> bool:
        is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        return is_real and bool(np.isfinite(value)) and predicate(value)

    return check, text


def _valid_device(value: object) -> bool:
    if isinstance(value, torch.device):
        return True
    if value == "auto":
        return True
    try:
        torch.device(value)
    except (RuntimeError, TypeError):
        return False
    return True


def _valid_validation_size(value: object) -> bool:
    if isinstance(value, float):
        return 0.0 <= value < 1.0
    return _int_at_least(0)[0](value)


PARAMETER_RULES: dict[str, tuple[Callable[[object], bool], str]] = {
    "window_length": _int_at_least(1),
    "horizon": _optional(_int_at_least(1)),
    "hidden_size": _int_at_least(1),
    "num_layers": _int_at_least(1),
    "dropout": _real(lambda v: 0 <= v < 1, "a float in the range [0, 1)"),
    "head_hidden_sizes": (
        lambda v: (
            isinstance(v, (tuple, list)) and all(_int_at_least(1)[0](s) for s in v)
        ),
        "a tuple of ints >= 1",
    ),
    "readout": _one_of(*READOUTS),
    "lr_schedule": _one_of(None, *LR_SCHEDULES),
    "precision": _one_of("fp32", "bf16", "auto"),
    "strategy": _one_of("direct", "recursive"),
    "scaler": _one_of(*SCALERS, None),
    "window_norm": _one_of(*WINDOW_NORMS, None),
    "sp": (
        lambda v: v in (None, "auto") or _int_at_least(1)[0](v),
        'an int in the range [1, inf), "auto" or None',
    ),
    "long_trend": _one_of(True, False),
    "loss": _one_of(*LOSSES),
    "quantiles": (
        lambda v: (
            v is None
            or (
                isinstance(v, (tuple, list))
                and len(v) >= 2
                and all(isinstance(q, float) and 0 < q < 1 for q in v)
                and all(a < b for a, b in zip(v[:-1], v[1:], strict=False))
                and v[0] < 0.5 < v[-1]
            )
        ),
        "None or an increasing tuple of at least two floats in (0, 1) around 0.5",
    ),
    "n_samples": _int_at_least(1),
    "max_epochs": _int_at_least(1),
    "max_steps": _optional(_int_at_least(1)),
    "batch_size": _int_at_least(1),
    "learning_rate": _real(lambda v: v > 0, "a float in the range (0, inf)"),
    "validation_size": (
        _valid_validation_size,
        "a float in [0, 1) or an int >= 0 (a number of points)",
    ),
    "early_stopping_patience": _optional(_int_at_least(1)),
    "gradient_clip": _optional(_real(lambda v: v > 0, "a float in (0, inf)")),
    "finetune_epochs": _int_at_least(0),
    "update_epochs": _int_at_least(0),
    "device": (
        _valid_device,
        '"auto", "cpu", "cuda", "cuda:<index>" or a torch.device',
    ),
    "num_threads": _optional(_int_at_least(1)),
    "random_state": (
        lambda v: (
            v is None or isinstance(v, np.random.RandomState) or _int_at_least(0)[0](v)
        ),
        "an int >= 0, a numpy RandomState or None",
    ),
    "verbose": _one_of(True, False),
    "past_covariates": (
        lambda v: (
            v is None
            or (isinstance(v, (list, tuple)) and all(isinstance(c, str) for c in v))
        ),
        "None or a list of column names of X",
    ),
    "peephole": _one_of(True, False),
}


def _split_instances(y: pd.DataFrame) -> tuple[list, list[np.ndarray], list[pd.Index]]:
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


def _frames_by_instance(X: pd.DataFrame) -> dict:
    """Each instance's rows of X, indexed by time alone."""
    if not isinstance(X.index, pd.MultiIndex):
        return {None: X}
    levels = list(range(X.index.nlevels - 1))
    by = levels[0] if len(levels) == 1 else levels
    return {key: f.droplevel(levels) for key, f in X.groupby(level=by, sort=False)}


def _join(targets: list[np.ndarray], exog: list[np.ndarray]) -> list[np.ndarray]:
    """Per-instance ``[y | X]`` arrays; y itself when there is no X (no copy)."""
    if all(x.shape[1] == 0 for x in exog):
        return targets
    return [np.concatenate(pair, axis=1) for pair in zip(targets, exog, strict=True)]


def _check_series(
    name: str, series: list[np.ndarray], times: list[pd.Index], keys: list
) -> None:
    """Reject inf, all-missing series, duplicate or irregular times."""
    for key, values, time in zip(keys, series, times, strict=True):
        where = "" if key is None else f" (instance {key!r})"
        if np.isinf(values).any():
            raise ValueError(
                f"{name}: y{where} contains infinite values; replace or drop them."
            )
        if len(values) and np.isnan(values).all():
            raise ValueError(
                f"{name}: y{where} has no observed value (all NaN); drop the series."
            )
        if time.has_duplicates:
            duplicated = list(time[time.duplicated()][:3])
            raise ValueError(
                f"{name}: the time index of y{where} has duplicate values, e.g. "
                f"{duplicated}; aggregate or drop them first."
            )
        irregular = (
            isinstance(time, pd.DatetimeIndex)
            and time.freq is None
            and len(time) >= 3
            and pd.infer_freq(time) is None
        )
        if irregular:
            raise ValueError(
                f"{name}: the DatetimeIndex of y{where} has no regular frequency, so "
                "forecast dates are undefined; resample it (e.g. y.asfreq('D')) or "
                "use an integer index."
            )


def _with_freq(index: pd.Index, freq: object) -> pd.Index:
    """Return the last time point of ``index`` as a length-1 index with a frequency."""
    last = index[-1:]
    if isinstance(last, pd.DatetimeIndex) and last.freq is None and freq is not None:
        last = pd.DatetimeIndex(last, freq=freq)
    return last


def _device_of(module: torch.nn.Module) -> torch.device:
    return next(module.parameters()).device


class BaseRecurrentForecaster(BaseForecaster):
    """Base class of the recurrent forecasters: the sktime contract.

    Subclasses set ``_cell`` and document themselves; all behaviour lives here.
    """

    _cell = "lstm"

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
        "pretrain:fitted_params": ["pretrained_network_", "pretrain_history_"],
    }

    def __init__(
        self,
        window_length=24,
        horizon=None,
        hidden_size=64,
        num_layers=2,
        dropout=0.0,
        head_hidden_sizes=(),
        readout="all",
        strategy="direct",
        scaler="standard",
        past_covariates=None,
        window_norm="standard",
        sp=None,
        long_trend=False,
        loss="mae",
        quantiles=None,
        n_samples=500,
        max_epochs=100,
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
        self.set_tags(**{"capability:pred_int": loss in DISTRIBUTIONS})

    # ------------------------------------------------------------------ checks
    def _check_parameters(self) -> None:
        name = type(self).__name__
        for param, value in self.get_params(deep=False).items():
            is_valid, allowed = PARAMETER_RULES[param]
            if not is_valid(value):
                raise ValueError(
                    f"The {param!r} parameter of {name} must be {allowed}. "
                    f"Got {value!r} instead."
                )
        self._uses_bf16(self._resolve_device())
        given = self.sp is not None and not isinstance(self.sp, str)
        if given and self.sp > self.window_length:
            raise ValueError(
                f"{name}(sp={self.sp}) needs a window that holds at least one season: "
                f"window_length >= {self.sp}, not {self.window_length}."
            )
        if self.loss == "smape" and self.scaler not in ("mean", None):
            raise ValueError(
                f"{type(self).__name__}(loss='smape') needs a scaler that does not "
                f"shift the data (sMAPE is not shift-invariant): scaler='mean' or "
                f"None, not {self.scaler!r}."
            )

    def _resolve_device(self) -> torch.device:
        if self.device == "auto":
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        device = torch.device(self.device)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(
                f"The 'device' parameter of {type(self).__name__} is {self.device!r}, "
                "but CUDA is not available on this machine; use device='cpu' or 'auto'."
            )
        return device

    def _uses_bf16(self, device: torch.device) -> bool:
        if self.precision == "fp32":
            return False
        native = native_bf16(device)
        if self.precision == "bf16" and not native:
            raise ValueError(
                f"{type(self).__name__}(precision='bf16') needs a device that computes "
                f"in bfloat16 natively (a CUDA GPU with bf16, or a CPU with AVX-512 "
                f"BF16 or AMX), but training runs on {device} without it; use "
                "precision='auto' (bf16 where native, else fp32) or 'fp32'."
            )
        return native

    def _seed(self) -> int:
        return int(check_random_state(self.random_state).randint(2**31 - 1))

    # ---------------------------------------------------------------- training
    def _head_width(self, fh: ForecastingHorizon | None, cutoff: pd.Index) -> int:
        if self.strategy == "recursive":
            return 1
        if self.horizon is not None:
            return self.horizon
        if fh is None:
            return 1
        steps = fh.to_relative(cutoff).to_numpy() if not fh.is_relative else fh
        return max(1, int(np.max(np.asarray(steps))))

    def _cell_type(self) -> str:
        return self._cell

    def _new_network(
        self,
        n_targets: int,
        horizon: int,
        n_exog: int,
        known_exog: tuple[int, ...],
        seasonal_period: int | None,
    ) -> torch.nn.Module:
        return RecurrentForecastNetwork(
            cell=self._cell_type(),
            n_targets=n_targets,
            hidden_size=self.hidden_size,
            num_layers=self.num_layers,
            horizon=horizon,
            dropout=self.dropout,
            head_hidden_sizes=tuple(self.head_hidden_sizes),
            window_norm=self.window_norm,
            distribution=self.loss if self.loss in DISTRIBUTIONS else None,
            quantiles=self._quantile_levels(),
            n_exog=n_exog,
            known_exog=known_exog,
            readout=self.readout,
            window_length=self.window_length,
            seasonal_period=seasonal_period,
            long_trend=self.long_trend,
        )

    def _seasonal_period(self, scaled: list[np.ndarray], n_targets: int) -> int | None:
        """``sp``, or with ``sp="auto"`` the period detected in the training series."""
        if self.sp != "auto":
            return self.sp
        return detect_period([s[:, :n_targets] for s in scaled], self.window_length)

    def _quantile_levels(self) -> tuple[float, ...]:
        if self.loss != "quantile":
            return ()
        return DEFAULT_QUANTILES if self.quantiles is None else tuple(self.quantiles)

    def _train(
        self,
        network: torch.nn.Module | None,
        scaled: list[np.ndarray],
        horizon: int,
        max_epochs: int,
        validation_size: float | int,
        n_targets: int,
        known_exog: tuple[int, ...] = (),
    ) -> tuple[torch.nn.Module, pd.DataFrame]:
        """Train a new network, or a copy of ``network``; the original is untouched.

        ``scaled`` holds the targets' ``n_targets`` columns, then X's.
        """
        device = self._resolve_device()
        windows = make_windows(
            scaled, self.window_length, horizon, validation_size, device, n_targets
        )
        if len(windows.train_starts) == 0:
            self._raise_too_short(scaled, horizon, validation_size)
        config = TrainingConfig(
            loss=self.loss,
            quantiles=self._quantile_levels(),
            max_epochs=max_epochs,
            max_steps=self.max_steps,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            lr_schedule=self.lr_schedule,
            early_stopping_patience=self.early_stopping_patience,
            gradient_clip=self.gradient_clip,
            bf16=self._uses_bf16(device),
            verbose=self.verbose,
        )
        with limited_threads(self.num_threads), seeded(self._seed(), device) as gen:
            if network is None:
                n_slopes = n_targets if self.long_trend else 0
                n_exog = scaled[0].shape[1] - n_targets - n_slopes
                network = self._new_network(
                    n_targets,
                    horizon,
                    n_exog,
                    known_exog,
                    self._seasonal_period(scaled, n_targets),
                )
            else:
                network = copy.deepcopy(network)
            network.to(device)
            history = train_network(network, windows, config, gen)
        return network, pd.DataFrame(history).set_index("epoch")

    def _raise_too_short(self, series: list[np.ndarray], horizon: int, validation):
        longest = max(len(s) for s in series)
        needed = min_series_length(horizon)
        if longest >= needed:
            raise ValueError(
                f"{type(self).__name__}: validation_size={validation!r} leaves no "
                f"training window (longest series: {longest} points, horizon "
                f"{horizon}); lower validation_size or the horizon."
            )
        raise ValueError(
            f"{type(self).__name__} needs a series of at least horizon + 1 = {needed} "
            f"observations to train (window_length={self.window_length}, "
            f"horizon={horizon}; shorter contexts are left-padded, up to "
            f"window_length + horizon = {self.window_length + horizon}), but the "
            f"longest series has {longest}. Pass a longer series or a shorter horizon."
        )

    # ------------------------------------------------------------ sktime hooks
    def fit(self, y, X=None, fh=None):
        """Fit the forecaster to training data; on failure keep the previous fit.

        sktime's ``fit`` resets the estimator before training, so an exception or a
        ``KeyboardInterrupt`` during a refit would otherwise leave it empty. Every
        fitted attribute is replaced, never mutated, by a fit, so restoring a
        shallow copy of the estimator's state restores the previous model exactly.

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
        previous_state = dict(self.__dict__)
        try:
            return super().fit(y, X=X, fh=fh)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(previous_state)
            raise

    def _fit(self, y, X=None, fh=None):
        self._check_parameters()
        keys, series, times, known = self._with_exog(y, X, "fit")
        n_targets = y.shape[1]
        scalers = [fit_scaling(values, self.scaler) for values in series]
        scaled = [
            self._scale(s, values, n_targets)
            for s, values in zip(scalers, series, strict=True)
        ]
        if hasattr(self, "pretrained_network_"):
            network = self.pretrained_network_
            self._check_columns(network, n_targets, series[0].shape[1], known)
            history = self.pretrain_history_
            if self.finetune_epochs:
                network, history = self._train(
                    network, scaled, network.horizon, self.finetune_epochs, 0, n_targets
                )
        else:
            horizon = self._head_width(fh, self.cutoff)
            network, history = self._train(
                None,
                scaled,
                horizon,
                self.max_epochs,
                self.validation_size,
                n_targets,
                known,
            )
        self.network_ = network
        self.sp_ = network.seasonal_period
        self.training_history_ = history
        self.horizon_ = network.horizon
        self.instances_ = keys
        self.scalers_ = scalers
        self.columns_ = y.columns
        self.exog_columns_ = [] if X is None else list(X.columns)
        self.index_names_ = list(y.index.names)
        self.instance_cutoffs_ = [_with_freq(t, self._freq()) for t in times]
        self.history_ = series
        return self

    def _freq(self):
        return getattr(self.cutoff, "freq", None)

    def _check_columns(
        self, network: torch.nn.Module, n_targets: int, width: int, known: tuple
    ) -> None:
        layout = (network.n_targets, network.n_exog, network.known_exog)
        if layout != (n_targets, width - n_targets, known):
            raise ValueError(
                f"{type(self).__name__} was pretrained on {network.n_targets} target "
                f"column(s) and {network.n_exog} X column(s) (known-future: "
                f"{list(network.known_exog)}), but the data passed has {n_targets} "
                f"and {width - n_targets} ({list(known)})."
            )

    def _with_exog(self, y, X, purpose: str):
        """Split y (and X at y's times) into per-instance arrays ``[y | X]``.

        Returns the instance keys, the arrays, their time indices, and the
        positions of the known-future columns among X's.
        """
        keys, targets, times = _split_instances(y)
        _check_series(type(self).__name__, targets, times, keys)
        columns = [] if X is None else list(X.columns)
        past = list(self.past_covariates or [])
        unknown = [c for c in past if c not in columns]
        if unknown:
            raise ValueError(
                f"The 'past_covariates' parameter of {type(self).__name__} names "
                f"columns that X passed to {purpose} lacks: {unknown}; X has {columns}."
            )
        exog = self._exog_rows(X, keys, times, columns, purpose)
        known = tuple(i for i, c in enumerate(columns) if c not in past)
        return keys, _join(targets, exog), times, known

    def _exog_rows(self, X, keys, times, columns, purpose: str) -> list[np.ndarray]:
        """Values of X's ``columns`` at each instance's ``times``; clear errors."""
        if not columns:
            return [np.zeros((len(t), 0)) for t in times]
        name = type(self).__name__
        if X is None:
            raise ValueError(
                f"{name} was fitted with exogenous X (columns {columns}); {purpose} "
                "needs X too."
            )
        lacking = [c for c in columns if c not in X.columns]
        if lacking:
            raise ValueError(
                f"{name}: X passed to {purpose} lacks the column(s) {lacking} seen in "
                "fit."
            )
        frames = _frames_by_instance(X[columns])
        rows_per_instance = []
        for key, time in zip(keys, times, strict=True):
            where = "" if key is None else f" for instance {key!r}"
            if key not in frames:
                raise ValueError(f"{name}: X passed to {purpose} has no rows{where}.")
            rows = frames[key].reindex(time)
            gaps = rows.isna().to_numpy()
            if gaps.any() or not np.isfinite(rows.to_numpy(np.float64)[~gaps]).all():
                steps = list(time[gaps.any(axis=1)][:5])
                bad = [c for c, g in zip(columns, gaps.any(axis=0), strict=True) if g]
                raise ValueError(
                    f"{name}: X passed to {purpose} lacks values{where} at {steps} "
                    f"(columns {bad or columns}); X must be finite and cover every "
                    "step up to the largest step of fh."
                )
            rows_per_instance.append(rows.to_numpy(np.float64))
        return rows_per_instance

    def _future_exog(self, X, n_steps: int) -> torch.Tensor | None:
        """Scaled X at steps 1..n_steps ``(n, n_steps, n_exog)`` on the net's device."""
        if not self.exog_columns_ or n_steps < 1:
            return None
        n_targets = self.network_.n_targets
        known = list(self.network_.known_exog)
        steps = ForecastingHorizon(np.arange(1, n_steps + 1), is_relative=True)
        times = [steps.to_absolute_index(cutoff) for cutoff in self.instance_cutoffs_]
        columns = [self.exog_columns_[i] for i in known]
        known_rows = self._exog_rows(X, self.instances_, times, columns, "predict")
        future = []
        for history, rows, scaler in zip(
            self.history_, known_rows, self.scalers_, strict=True
        ):
            # past covariates carry their last value forward
            values = np.repeat(history[-1:, n_targets:], n_steps, axis=0)
            values[:, known] = rows
            future.append(scaler.select(slice(n_targets, None)).transform(values))
        return torch.from_numpy(np.stack(future)).to(_device_of(self.network_))

    def _plans(self, fh) -> list[tuple[np.ndarray, pd.Index]]:
        """Per instance: the steps ``fh`` asks for, and their time index.

        Computed once per distinct cutoff: sktime's horizon conversions cost about
        a millisecond each, and a large panel shares few cutoffs.
        """
        by_cutoff: dict = {}
        for cutoff in self.instance_cutoffs_:
            if cutoff[0] not in by_cutoff:
                by_cutoff[cutoff[0]] = (
                    fh.to_relative(cutoff).to_numpy().astype(int),
                    fh.to_absolute_index(cutoff),
                )
        return [by_cutoff[cutoff[0]] for cutoff in self.instance_cutoffs_]

    def _scale(
        self, scaler, values: np.ndarray, n_targets: int, reach: int | None = None
    ) -> np.ndarray:
        """Scaled ``[y | X]`` (the last ``reach`` rows), with the long-run slopes.

        Only the rows reached are scaled, but the slopes need the whole history.
        """
        if not self.long_trend:
            return scaler.transform(values if reach is None else values[-reach:])
        scaled = scaler.transform(values)
        scaled = np.concatenate([scaled, history_slopes(scaled, n_targets)], axis=1)
        return scaled if reach is None else scaled[-reach:]

    def _scale_new(self, series: list[np.ndarray], n_targets: int) -> list[np.ndarray]:
        """Each series scaled by a scaler fitted to it (pretraining keeps none)."""
        return [self._scale(fit_scaling(v, self.scaler), v, n_targets) for v in series]

    def _scaled_tails(self, reach: int) -> list[np.ndarray]:
        # scale only the tail that contexts (and in-sample steps) reach
        n_targets = self.network_.n_targets
        return [
            self._scale(scaler, values, n_targets, reach)
            for scaler, values in zip(self.scalers_, self.history_, strict=True)
        ]

    def _predict(self, fh, X=None):
        plans = self._plans(fh)
        reach = self.window_length + max(0, -min(int(s.min()) for s, _ in plans)) + 1
        tails = self._scaled_tails(reach)
        n_ahead = max(int(steps.max()) for steps, _ in plans)
        n_targets = self.network_.n_targets
        contexts = make_contexts(tails, self.window_length, n_targets)
        if n_ahead > 0:
            self._require_observed(contexts)
        ahead = self._run_network(contexts, n_ahead, self._future_exog(X, n_ahead))
        frames = []
        for tail, history, scaler, (steps, index), path in zip(
            tails, self.history_, self.scalers_, plans, ahead, strict=True
        ):
            values = np.full((len(steps), n_targets), np.nan)
            future = steps > 0
            values[future] = path[steps[future] - 1]
            # in-sample positions, counted in the tail; before the series: no past
            positions = len(tail) - 1 + steps[~future]
            positions[positions < len(tail) - len(history)] = -1
            values[~future] = self._one_step_fitted(tail, positions)
            values = scaler.select(slice(0, n_targets)).inverse(values)
            frames.append(pd.DataFrame(values, index=index, columns=self.columns_))
        return self._combine(frames)

    def _require_observed(self, contexts: torch.Tensor) -> None:
        empty = (contexts[..., -1].sum(dim=1) == 0).nonzero().ravel().tolist()
        if empty:
            names = [self.instances_[i] for i in empty][:5]
            where = "" if names == [None] else f" of instance(s) {names}"
            raise ValueError(
                f"{type(self).__name__}: the last window_length={self.window_length} "
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
            contexts = make_contexts(pasts, self.window_length, n_targets)
            n_exog = self.network_.n_exog
            exog = series[positions[has_past], None, n_targets : n_targets + n_exog]
            exog = torch.from_numpy(exog)
            exog = exog.to(_device_of(self.network_))
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
            contexts = contexts.to(_device_of(self.network_))
            paths = roll_forecast(self.network_, contexts, n_steps, future_exog)
        return paths.float().cpu().numpy()

    # ---------------------------------------------------- probabilistic forecasts
    def _forecast_distribution(self, fh, X) -> tuple[str, list[np.ndarray], list]:
        """Per instance, in the data's units, the predictive distribution.

        Its parameters at the asked steps ``(steps, n_targets, n_params)`` when the
        head covers them in one block ("params"), else sample paths
        ``(n_samples, steps, n_targets)`` ("samples").
        """
        plans = self._plans(fh)
        contexts = make_contexts(
            self._scaled_tails(self.window_length),
            self.window_length,
            self.network_.n_targets,
        )
        self._require_observed(contexts)
        n_ahead = max(int(steps.max()) for steps, _ in plans)
        future_exog = self._future_exog(X, n_ahead)
        if n_ahead <= self.horizon_:
            device = _device_of(self.network_)
            exog = exog_block(future_exog, 0, self.horizon_)
            with limited_threads(self.num_threads), torch.inference_mode():
                raw = self.network_(contexts.to(device), exog)
            raw = raw.float().cpu().numpy().astype(np.float64)
            params = [
                self._unscale_parameters(values[steps - 1], scaler)
                for values, scaler, (steps, _) in zip(
                    raw, self.scalers_, plans, strict=True
                )
            ]
            return "params", params, plans
        paths = self._sample_paths(contexts, n_ahead, future_exog)
        n_targets = self.network_.n_targets
        samples = [
            scaler.select(slice(0, n_targets)).inverse(values[:, steps - 1])
            for values, scaler, (steps, _) in zip(
                paths, self.scalers_, plans, strict=True
            )
        ]
        return "samples", samples, plans

    def _unscale_parameters(self, params: np.ndarray, scaler) -> np.ndarray:
        n_targets = self.network_.n_targets
        loc, scale = scaler.loc[:n_targets, None], scaler.scale[:n_targets, None]
        if self.loss == "quantile":
            return params * scale + loc
        unscaled = params.copy()
        unscaled[..., :1] = params[..., :1] * scale + loc
        unscaled[..., 1:2] = params[..., 1:2] * scale
        return unscaled

    def _sampling_seed(self) -> int:
        # seeded at every call: the same fitted model gives the same intervals
        if self.random_state is None:
            return 0
        return int(check_random_state(copy.deepcopy(self.random_state)).randint(2**31))

    def _sample_paths(
        self, contexts: torch.Tensor, n_steps: int, future_exog: torch.Tensor | None
    ) -> np.ndarray:
        """Draw ``n_samples`` paths, feeding each draw back as context.

        Returns scaled paths ``(n_instances, n_samples, n_steps, n_targets)``.
        Instances go through in chunks of about 16k paths to bound memory.
        """
        rng = np.random.default_rng(self._sampling_seed())
        per_chunk = max(1, 16384 // self.n_samples)
        context_chunks = contexts.split(per_chunk)
        exog_chunks = (
            [None] * len(context_chunks)
            if future_exog is None
            else future_exog.split(per_chunk)
        )
        chunks = [
            self._sample_chunk(chunk, n_steps, exog, rng)
            for chunk, exog in zip(context_chunks, exog_chunks, strict=True)
        ]
        return np.concatenate(chunks)

    def _sample_chunk(
        self,
        contexts: torch.Tensor,
        n_steps: int,
        future_exog: torch.Tensor | None,
        rng: np.random.Generator,
    ) -> np.ndarray:
        n_instances = contexts.shape[0]
        device = _device_of(self.network_)
        contexts = contexts.repeat_interleave(self.n_samples, dim=0).to(device)
        if future_exog is not None:
            future_exog = future_exog.repeat_interleave(self.n_samples, dim=0)
        blocks, produced = [], 0
        with limited_threads(self.num_threads), torch.inference_mode():
            while produced < n_steps:
                exog = exog_block(future_exog, produced, self.horizon_)
                params = self.network_(contexts, exog).float().cpu().numpy()
                block = distributions.draw(
                    params, self.loss, self._quantile_levels(), rng
                ).astype(np.float32)
                blocks.append(block)
                produced += block.shape[1]
                if produced < n_steps:
                    drawn = torch.from_numpy(block).to(device)
                    contexts = feed_back(contexts, drawn, exog)
        paths = np.concatenate(blocks, axis=1)[:, :n_steps]
        return paths.reshape(n_instances, self.n_samples, n_steps, -1)

    def _predict_quantiles(self, fh, X=None, alpha=None):
        kind, forecasts, plans = self._forecast_distribution(fh, X)
        columns = pd.MultiIndex.from_product([self.columns_, alpha])
        frames = []
        for forecast, (steps, index) in zip(forecasts, plans, strict=True):
            if kind == "params":
                values = distributions.quantiles(
                    forecast, self.loss, self._quantile_levels(), alpha
                )
            else:
                values = np.moveaxis(np.quantile(forecast, alpha, axis=0), 0, -1)
            frames.append(
                pd.DataFrame(
                    values.reshape(len(steps), -1), index=index, columns=columns
                )
            )
        return self._combine(frames)

    def _predict_var(self, fh, X=None, cov=False):
        if cov:
            raise ValueError(
                f"{type(self).__name__} forecasts marginal variances only; "
                "call predict_var with cov=False."
            )
        kind, forecasts, plans = self._forecast_distribution(fh, X)
        frames = []
        for forecast, (_, index) in zip(forecasts, plans, strict=True):
            if kind == "params":
                values = distributions.variance(
                    forecast, self.loss, self._quantile_levels()
                )
            else:
                values = forecast.var(axis=0)
            frames.append(pd.DataFrame(values, index=index, columns=self.columns_))
        return self._combine(frames)

    def _predict_proba(self, fh, X=None, marginal=True):
        from skbase.utils.dependencies import _check_soft_dependencies

        if not _check_soft_dependencies("skpro", severity="none"):
            # sktime's own Normal with our mean and variance
            return super()._predict_proba(fh=fh, X=X, marginal=marginal)
        from skpro.distributions import Empirical, Normal, TDistribution

        kind, forecasts, plans = self._forecast_distribution(fh, X)

        def frame(values_per_instance):
            parts = [
                pd.DataFrame(values, index=index, columns=self.columns_)
                for values, (_, index) in zip(values_per_instance, plans, strict=True)
            ]
            return self._combine(parts)

        if kind == "params" and self.loss != "quantile":
            mu = frame([f[..., 0] for f in forecasts])
            sigma = frame([f[..., 1] for f in forecasts])
            where = {"index": mu.index, "columns": mu.columns}
            if self.loss == "normal":
                return Normal(mu=mu, sigma=sigma, **where)
            df = frame([f[..., 2] for f in forecasts])
            return TDistribution(mu=mu, sigma=sigma, df=df, **where)
        if kind == "params":  # quantile head: its quantile function on a fine grid
            levels = self._quantile_levels()
            forecasts = [distributions.grid_samples(f, levels) for f in forecasts]
        n_draws = forecasts[0].shape[0]
        draws = [frame([f[k] for f in forecasts]) for k in range(n_draws)]
        sample_frame = pd.concat(draws, keys=range(n_draws))
        return Empirical(sample_frame, index=draws[0].index, columns=draws[0].columns)

    def _combine(self, frames: list[pd.DataFrame]) -> pd.DataFrame:
        if self.instances_ == [None]:
            return frames[0]
        combined = pd.concat(frames, keys=self.instances_)
        combined.index.names = self.index_names_
        return combined

    def _update(self, y, X=None, update_params=True):
        keys, targets, times = _split_instances(y)
        _check_series(type(self).__name__, targets, times, keys)
        exog = self._exog_rows(X, keys, times, self.exog_columns_, "update")
        series = _join(targets, exog)
        positions = {key: i for i, key in enumerate(self.instances_)}
        unknown = [key for key in keys if key not in positions]
        if unknown:
            raise ValueError(
                f"{type(self).__name__}.update got instances unseen in fit: {unknown}."
            )
        history = list(self.history_)
        cutoffs = list(self.instance_cutoffs_)
        n_targets = self.network_.n_targets
        tuning_series = []
        for key, values, time in zip(keys, series, times, strict=True):
            i = positions[key]
            is_new = np.asarray(time > cutoffs[i][0])
            if not is_new.any():
                continue
            history[i] = np.concatenate([history[i], values[is_new]])
            cutoffs[i] = _with_freq(time, self._freq())
            # fine-tune only on windows whose targets reach into the new points
            reach = self.window_length + self.horizon_ - 1 + int(is_new.sum())
            tuning_series.append(
                self._scale(self.scalers_[i], history[i], n_targets, reach)
            )
        if update_params and self.update_epochs and tuning_series:
            trainable = [
                s for s in tuning_series if len(s) >= min_series_length(self.horizon_)
            ]
            if trainable:
                self.network_, self.training_history_ = self._train(
                    self.network_,
                    trainable,
                    self.horizon_,
                    self.update_epochs,
                    0,
                    self.network_.n_targets,
                )
        self.history_, self.instance_cutoffs_ = history, cutoffs
        return self

    def _pretrain(self, y, X=None, fh=None):
        self._check_parameters()
        _, series, times, known = self._with_exog(y, X, "pretrain")
        cutoff = _with_freq(max(times, key=lambda t: t[-1]), None)
        scaled = self._scale_new(series, y.shape[1])
        horizon = self._head_width(fh, cutoff)
        self.pretrained_network_, self.pretrain_history_ = self._train(
            None,
            scaled,
            horizon,
            self.max_epochs,
            self.validation_size,
            y.shape[1],
            known,
        )
        return self

    def _pretrain_update(self, y, X=None, fh=None):
        _, series, _, known = self._with_exog(y, X, "pretrain")
        network = self.pretrained_network_
        self._check_columns(network, y.shape[1], series[0].shape[1], known)
        scaled = self._scale_new(series, y.shape[1])
        self.pretrained_network_, self.pretrain_history_ = self._train(
            network,
            scaled,
            network.horizon,
            self.max_epochs,
            self.validation_size,
            network.n_targets,
        )
        return self

    # -------------------------------------------------------------- pickling
    def __getstate__(self):
        # a model trained on a GPU must unpickle on a CPU-only machine
        state = dict(self.__dict__)
        for name in ("network_", "pretrained_network_"):
            module = state.get(name)
            if module is not None and _device_of(module).type != "cpu":
                state[name] = copy.deepcopy(module).cpu()
        return state


def with_parameters_doc(cls: type) -> type:
    """Fill the shared Parameters/Attributes sections into a class docstring."""
    cls.__doc__ = cls.__doc__.replace("    {parameters}", PARAMETERS_DOC).replace(
        "    {attributes}", ATTRIBUTES_DOC
    )
    return cls


__all__ = ["BaseRecurrentForecaster", "with_parameters_doc"]
