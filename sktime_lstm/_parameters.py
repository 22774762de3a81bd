"""The forecasters' parameters: what each does, and the rules they must meet.

The docs fill the classes' docstrings (:func:`with_parameters_doc`); where the
defaults come from is in ``docs/benchmarks.md`` and the validation record
(``benchmarks/results/m3_validation.md``). The rules are data, in the spirit of
scikit-learn's ``_parameter_constraints``: a subclass extends the table with its
own parameters, and :func:`check_parameters` checks an estimator against it at
``fit``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from sktime_lstm.distributions import LOSSES
from sktime_lstm.networks import READOUTS, WINDOW_NORMS
from sktime_lstm.scaling import SCALERS
from sktime_lstm.training import LR_SCHEDULES

DEFAULT_QUANTILES = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975)

PARAMETERS_DOC = """\
    window_length : int or "auto", default="auto"
        Number of past time steps the network reads to make a forecast. ``"auto"``
        derives it from the data given to ``fit``
        (:func:`sktime_lstm.adaptive.auto_window_length`): 24 steps (the window
        that validated on M3's monthly and quarterly panels), lengthened to two
        cycles of a longer season (``sp``, the period detected with
        ``sp="auto"`` or ``"auto-single"``, or the cycle the index's step
        implies: 96 half-hours, 48 hours, 104 weeks), and shortened to the
        median series length less the horizon where series are shorter, or to
        half of that where the data give fewer than 256 training windows (one
        short series, or a few), so that each series gives several.
        ``window_length_`` holds the window used.
    horizon : int or None, default=None
        Number of steps the direct head emits at once. None: the largest step of the
        ``fh`` passed to ``fit`` (1 if none is passed). Longer horizons are forecast
        by rolling the head forward block by block. Ignored when
        ``strategy="recursive"`` (the head then emits one step). In-sample steps
        of ``fh`` (0, -1, ...) give one-step-ahead fitted values: each point
        forecast from the window before it (NaN for a series' first point).
    hidden_size : int or "auto", default="auto"
        Width of each recurrent layer. ``"auto"``: 64, or 16 where the series
        that train the network (given to ``fit``, or to ``pretrain``) give fewer
        than 256 training windows, counted before ``validation_size`` holds any
        out (one short series, or a few;
        :func:`sktime_lstm.adaptive.auto_network_size`). ``hidden_size_`` holds
        the width used.
    num_layers : int or "auto", default="auto"
        Number of stacked recurrent layers. ``"auto"``: 2, or 1 where the data
        give fewer than 256 windows, as for ``hidden_size``. ``num_layers_``
        holds the number used. With one layer, ``dropout`` acts on the head's
        input only.
    dropout : float, default=0.0
        Dropout between recurrent layers and on the encoding fed to the head.
    head_hidden_sizes : tuple of int, default=()
        Widths of ReLU dense layers between the recurrent stack and the output layer;
        ``(25,)`` gives the seed tutorial's ``Dense(25) -> Dense(1)``.
    readout : {"all", "last"}, default="all"
        What the head reads from the top recurrent layer: its hidden states at
        every step of the window (``window_length * hidden_size`` numbers; the head
        then sees where in the window a pattern occurred), or only the last one
        (as Keras' ``LSTM(return_sequences=False)``). ``"all"`` is the default
        because it validated better on competition data.
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
    window_norm : {"auto-single", "standard", "mean", "last"} or None, \
default="auto-single"
        Normalisation of every input window inside the network, undone on its
        output, so that one network forecasts any level and scale. The level is
        what an untrained network forecasts (plus the seasonal profile with
        ``sp``), and what a short training run stays near. ``"standard"``:
        subtract the window's mean and divide by its standard deviation;
        ``"last"``: subtract the window's last level instead (the mean of its
        last season with ``sp``, else its last value: the seasonal naive or
        naive forecast's level) and divide by the same deviation; ``"mean"``:
        only subtract the mean; None: none. ``"auto-single"`` (the default)
        uses ``"last"`` where ``fit`` gets one series and ``"standard"`` for a
        panel: in validation the last level was better on single series of many
        shapes (trending ones most), the mean on M3's panels, whose longer
        training runs move far from the start
        (``benchmarks/results/shapes_validation_record.md``). ``window_norm_``
        holds the one used.
    sp : int, "auto-single", "auto" or None, default="auto-single"
        Seasonal period of the data (12 for monthly, 4 for quarterly, 7 for daily
        data with a weekly cycle), as sktime's ``ThetaForecaster(sp=...)`` and
        ``AutoETS(sp=...)`` take it. None or 1: no seasonal part. With a period
        above 1 the network estimates each window's seasonal profile (every
        phase's mean deviation from the window's level), reads the window with and
        without it, and learns a gate per forecast step that sets how much of the
        profile the forecast carries forward, so that a series without a stable
        season can ignore it (see
        :class:`sktime_lstm.networks.RecurrentForecastNetwork`). Phases count from
        each window's first step, so no calendar is needed, but the window must
        hold at least one season (``window_length="auto"`` makes it so; a given
        ``window_length`` shorter than ``sp`` raises). ``"auto"`` detects one
        period for all the training series from their autocorrelation
        (:func:`sktime_lstm.seasonality.detect_period`: the lag up to the window
        (with ``window_length="auto"``, the window the index alone would give) at
        which the series' first differences correlate most, if clearly), or none.
        ``"auto-single"`` (the default) detects it where ``fit`` is given one
        series, and uses none for a panel: on single series of many shapes the
        period found helped in validation, while on small mixed panels the
        strongest lag need not be the calendar's and the gain was unstable
        (``benchmarks/results/shapes_validation_record.md``, and
        ``m3_validation.md``'s seventh round for panels). ``pretrain`` follows
        the same rule on the series it is given. ``sp_`` holds the
        period used; give ``sp`` where you know it.
    long_trend : bool, default=False
        Whether the encoder also reads each series' long-run trend: at every step
        of the window, the slope of a straight line fitted to all of the series up
        to that step (:func:`sktime_lstm.windows.history_slopes`), in units of the
        window's scale. A window of ``window_length`` steps shows only a local
        trend; the slope of the whole history is what Theta extrapolates. Beyond
        the head, forecast steps carry the last observed slope. Costs one more
        input channel per target and a pass over each series' history at predict
        time. It helped long monthly series and not short quarterly ones in
        validation, so it is off by default.
    exog_regression : bool, default=True
        Whether the forecast also carries each window's own least-squares fit of
        the targets on the known-future columns of X, applied to their values at
        the forecast steps, through a learned gate per step (from 0 to 1, starting
        half open, as the seasonal profile's). The fit is a ridge regression on
        the window (deseasonalised where there is a season, so that a column that
        only encodes the phase, such as a month number, gets no effect), with each
        column standardised over the window: it needs no training, holds for any
        scale, and lets a short training run use X that drives the target
        linearly (y = 3x + noise: 18 times less error than without X in
        validation, where the head alone did not learn it). Under
        ``window_norm="last"`` the effect is of X's departure from its value
        where the level stands. It is built only where the window holds at
        least 10 steps per known column, the usual rule of thumb for a
        regression; with fewer, or without known columns, nothing changes.
        ``network_.exog_regression`` says whether it was built. Beyond the head,
        fed-back forecasts enter later windows' fits, so the effect weakens
        block by block.
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
    max_epochs : int or None, default=50
        Upper bound on passes over the training windows. None: no bound, so that
        training runs ``max_steps`` optimiser steps whatever
        the number of windows; ``max_steps`` must then be given. It binds on
        data of fewer than about 7700 windows (one series: 50 steps below 256
        windows; M3's yearly panel; M3 quarterly without its last 8 points); on
        M3's monthly panel and quarterly training series ``max_steps`` binds
        first. 50 validated better than 100 on single series of many shapes, one
        network per M3 series, M3's yearly panel and quarterly validation part,
        and worse on Taylor's half-hourly demand, US real GDP and consumer
        prices; better than 30 on the single series and M3's yearly panel, worse
        for one network per M3 series
        (``benchmarks/results/shapes_validation_record.md``).
    max_steps : int or None, default=1500
        Upper bound on optimiser steps; training ends at whichever bound comes first.
        It bounds the time on large panels and does not bind on data with fewer
        than about 7700 windows, for which ``max_epochs`` ends training first.
        None: no bound.
    batch_size : int, default=256
        Windows per optimiser step.
    learning_rate : float, default=2e-3
        Adam's (initial) learning rate.
    lr_schedule : {"cosine", None}, default="cosine"
        ``"cosine"`` decays the learning rate to zero along half a cosine over the
        planned steps (``max_steps``, or ``max_epochs`` passes if fewer), stepped
        once per batch; None keeps it constant.
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
    random_state : int in [0, 2**32 - 1], np.random.RandomState or None, \
default=None
        Seeds weights, dropout and batch order; the same int gives bit-identical
        forecasts on the CPU. Torch's global RNG is left untouched.
    verbose : bool, default=False
        Show a progress bar with the running losses; otherwise print nothing.
    calendar : {"auto", None}, default=None
        ``"auto"``: known-future calendar features derived from the time index,
        with no X needed (:mod:`sktime_lstm.calendar`): each cycle that the
        index's steps resolve (hour of the day, day of the week, day, week, month
        or quarter of the year) enters as the sine and cosine of its phase, read
        by the encoder and at every forecast step by the head. Integer indices,
        and yearly or longer steps, get none. ``calendar_features_`` names the
        columns. None: no calendar features.
    static_features : list of str or None, default=None
        Columns of X that hold an attribute of each series (a store's type, a
        region, M3's category): one value per series, repeated at its times, as
        sktime passes per-series data in X. They are checked to hold one value
        per series, taken out of X's time-varying columns, and encoded once per
        window; the encoder reads the vector at every step, and the head and the
        seasonal gate read it beside the encoder's summary
        (:mod:`sktime_lstm.static`). Numeric columns are
        standardised across the series; any other column (strings, categories,
        booleans) is categorical and embedded, with an "unknown" entry for
        values that ``fit`` (or ``pretrain``) did not see. ``predict`` needs no
        static values; ``update`` keeps those of ``fit``. Named rather than
        detected: a column that happens to be constant in the training data
        (a price that did not change) is not an attribute of the series. None:
        no static features, and categorical X is refused."""

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
        ``sp="auto"`` or, on one series, ``"auto-single"`` (None if none was
        found, and for a panel with ``"auto-single"``), or a pretrained network's.
    window_norm_ : str or None
        The per-window normalisation the network uses: ``window_norm``, what
        ``"auto-single"`` resolved to (``"last"`` for one series, ``"standard"``
        for a panel), or a pretrained network's.
    hidden_size_ : int
        The width of the network's recurrent layers: ``hidden_size``, what
        ``"auto"`` resolved to, or a pretrained network's.
    num_layers_ : int
        The number of its recurrent layers, likewise.
    instances_ : list
        Instance keys of the fitted series (``[None]`` for a single series).
    scalers_ : list of Scaling
        Per-series scalers, fitted on the training data.
    history_ : list of numpy.ndarray
        The observed values of every series (extended by ``update``), from which
        forecasts start and in-sample one-step forecasts are made.
    calendar_features_ : list of str
        The calendar columns used with ``calendar="auto"`` (empty otherwise).
    window_length_ : int
        The window the network reads: ``window_length``, its ``"auto"`` value, or
        the pretrained network's.
    static_encoding_ : sktime_lstm.static.StaticEncoding or None
        How the static features were encoded: the numeric columns with their
        mean and sd across series, the categorical ones with their known values
        (None without ``static_features``).
    pretrained_network_ : torch.nn.Module
        Set by ``pretrain``; kept across ``fit``.
    pretrain_window_length_ : int
        Set by ``pretrain``: the window the pretrained network reads, which
        ``fit`` then uses whatever the new data's lengths."""


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value: object) -> bool:
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


@dataclass(frozen=True)
class Integer:
    """An int (Python or numpy) in ``[low, high]``; ``high=None`` is unbounded."""

    low: int
    high: int | None = None

    def accepts(self, value: object) -> bool:
        if not _is_int(value) or value < self.low:
            return False
        return self.high is None or value <= self.high

    def __str__(self) -> str:
        high = "inf)" if self.high is None else f"{self.high}]"
        return f"an int in the range [{self.low}, {high}"


@dataclass(frozen=True)
class Real:
    """A finite real number (not bool) strictly above ``low``, below ``high``."""

    low: float
    high: float = float("inf")
    low_inclusive: bool = False

    def accepts(self, value: object) -> bool:
        if not _is_real(value):
            return False
        above = value >= self.low if self.low_inclusive else value > self.low
        return above and value < self.high

    def __str__(self) -> str:
        bracket = "[" if self.low_inclusive else "("
        return f"a float in the range {bracket}{self.low:g}, {self.high:g})"


@dataclass(frozen=True)
class Options:
    """One of a fixed set of values."""

    values: tuple

    def accepts(self, value: object) -> bool:
        try:
            return value in self.values
        except (TypeError, ValueError):  # e.g. an array, whose == is elementwise
            return False

    def __str__(self) -> str:
        return "None" if self.values == (None,) else f"one of {list(self.values)}"


@dataclass(frozen=True)
class Satisfies:
    """Whatever a predicate accepts, described in words."""

    predicate: Callable[[object], bool]
    description: str

    def accepts(self, value: object) -> bool:
        return bool(self.predicate(value))

    def __str__(self) -> str:
        return self.description


NONE = Options((None,))


def _valid_device(value: object) -> bool:
    if isinstance(value, torch.device) or value == "auto":
        return True
    try:
        torch.device(value)
    except (RuntimeError, TypeError):
        return False
    return True


def _valid_quantiles(value: object) -> bool:
    if not isinstance(value, (tuple, list)) or len(value) < 2:
        return False
    fractions = all(_is_real(q) and not _is_int(q) and 0 < q < 1 for q in value)
    increasing = fractions and all(
        a < b for a, b in zip(value[:-1], value[1:], strict=True)
    )
    return increasing and value[0] < 0.5 < value[-1]


BASE_RULES: dict[str, tuple] = {
    "window_length": (Integer(1), Options(("auto",))),
    "horizon": (Integer(1), NONE),
    "hidden_size": (Integer(1), Options(("auto",))),
    "num_layers": (Integer(1), Options(("auto",))),
    "dropout": (Real(0.0, 1.0, low_inclusive=True),),
    "head_hidden_sizes": (
        Satisfies(
            lambda v: (
                isinstance(v, (tuple, list)) and all(Integer(1).accepts(s) for s in v)
            ),
            "a tuple of ints >= 1",
        ),
    ),
    "readout": (Options(READOUTS),),
    "strategy": (Options(("direct", "recursive")),),
    "scaler": (Options((*SCALERS, None)),),
    "past_covariates": (
        Satisfies(
            lambda v: (
                isinstance(v, (list, tuple)) and all(isinstance(c, str) for c in v)
            ),
            "a list of column names of X",
        ),
        NONE,
    ),
    "static_features": (
        Satisfies(
            lambda v: isinstance(v, (list, tuple)) and len(v) == len(set(v)) > 0,
            "a non-empty list of distinct column names of X",
        ),
        NONE,
    ),
    "window_norm": (Options(("auto-single", *WINDOW_NORMS, None)),),
    "sp": (Integer(1), Options(("auto-single", "auto", None))),
    "long_trend": (Options((True, False)),),
    "exog_regression": (Options((True, False)),),
    "loss": (Options(LOSSES),),
    "quantiles": (
        NONE,
        Satisfies(
            _valid_quantiles,
            "an increasing tuple of at least two floats in (0, 1) around 0.5",
        ),
    ),
    "n_samples": (Integer(1),),
    "max_epochs": (Integer(1), NONE),
    "max_steps": (Integer(1), NONE),
    "batch_size": (Integer(1),),
    "learning_rate": (Real(0.0),),
    "lr_schedule": (Options((None, *LR_SCHEDULES)),),
    "validation_size": (
        Real(0.0, 1.0, low_inclusive=True),
        Satisfies(_is_int, "an int >= 0 (a number of points)"),
    ),
    "early_stopping_patience": (Integer(1), NONE),
    "gradient_clip": (Real(0.0), NONE),
    "finetune_epochs": (Integer(0),),
    "update_epochs": (Integer(0),),
    "device": (
        Satisfies(
            _valid_device, '"auto", "cpu", "cuda", "cuda:<index>" or a torch.device'
        ),
    ),
    "precision": (Options(("fp32", "bf16", "auto")),),
    "num_threads": (Integer(1), NONE),
    "random_state": (
        Integer(0, 2**32 - 1),
        Satisfies(
            lambda v: isinstance(v, np.random.RandomState), "a numpy RandomState"
        ),
        NONE,
    ),
    "verbose": (Options((True, False)),),
    "calendar": (Options(("auto", None)),),
}


def plain(value):
    """Turn numbers of other types (and tuples of them) into Python ints and floats.

    Grid searches over ``np.arange(...)`` set numpy integers, which torch's
    layers and ``Tensor.split`` reject; a ``Fraction`` is a real number too.
    """
    if isinstance(value, (tuple, list)):
        return tuple(plain(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)


def check_parameters(estimator, rules: dict[str, tuple]) -> None:
    """Raise a ValueError naming the first parameter that no rule of its accepts.

    The message names the parameter, the class, what is allowed and the value:
    "The 'window_length' parameter of LSTMForecaster must be an int in the range
    [1, inf). Got 0 instead."
    """
    name = type(estimator).__name__
    for param, value in estimator.get_params(deep=False).items():
        constraints = rules[param]
        if not any(c.accepts(value) for c in constraints):
            allowed = " or ".join(str(c) for c in constraints)
            raise ValueError(
                f"The {param!r} parameter of {name} must be {allowed}. "
                f"Got {value!r} instead."
            )


def test_parameter_sets() -> list[dict]:
    """Return the small, fast parameter sets of sktime's conformance suite."""
    # tiny networks and one or two epochs: the conformance suite fits hundreds of times
    tiny = {"window_length": 4, "hidden_size": 4, "num_layers": 1, "max_epochs": 1}
    return [
        tiny,
        # closed-form normal intervals within the head, sampled paths beyond it;
        # with a seasonal profile (a period of 2 in the 4-step window) and the
        # long-run slopes (carried along the sampled paths)
        {**tiny, "loss": "normal", "n_samples": 20, "sp": 2, "long_trend": True},
        {
            "window_length": 3,
            "hidden_size": 3,
            "num_layers": 2,
            "dropout": 0.1,
            "head_hidden_sizes": (4,),
            "strategy": "recursive",
            "scaler": "minmax",
            "window_norm": None,
            "loss": "quantile",
            "n_samples": 20,
            "max_epochs": 2,
            "validation_size": 0.2,
            "sp": "auto",  # detected from the data (or none) within a 3-step window
            "calendar": "auto",  # features from datetime and period indices
        },
    ]


EXAMPLES_DOC = """\
    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from sktime_lstm import {name}
    >>> y = load_airline()
    >>> forecaster = {name}(max_epochs=5, random_state=0)
    >>> forecaster.fit(y, fh=[1, 2, 3])
    {name}(max_epochs=5, random_state=0)
    >>> forecaster.predict().shape
    (3,)"""


def with_parameters_doc(cls: type) -> type:
    """Fill the shared sections into a forecaster's docstring.

    ``{sections}`` becomes the Parameters section (a subclass's own parameters
    may follow it), ``{attributes}`` the Attributes section and ``{examples}`` a
    doctest that fits the class to airline data.
    """
    sections = "    Parameters\n    ----------\n" + PARAMETERS_DOC
    attributes = "    Attributes\n    ----------\n" + ATTRIBUTES_DOC
    examples = EXAMPLES_DOC.replace("{name}", cls.__name__)
    cls.__doc__ = (
        cls.__doc__.replace("    {sections}", sections)
        .replace("    {attributes}", attributes)
        .replace("    {examples}", examples)
    )
    return cls
