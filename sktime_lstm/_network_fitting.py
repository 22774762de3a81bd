"""Building and training a network from a forecaster's parameters.

A mixin of :class:`sktime_lstm._base.BaseRecurrentForecaster`: the head's width,
the seasonal period, the likelihood, a new network, and one seeded run that builds
and trains it (or fine-tunes a copy). The loop itself is
:func:`sktime_lstm.training.train_network`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
import pandas as pd
import torch
from sktime.forecasting.base import ForecastingHorizon

from sktime_lstm import training
from sktime_lstm._frames import horizon_steps, last_time
from sktime_lstm._parameters import DEFAULT_QUANTILES, plain
from sktime_lstm.adaptive import auto_network_size
from sktime_lstm.networks import RecurrentForecastNetwork, build_network
from sktime_lstm.runtime import resolve_device, training_seed, uses_bf16
from sktime_lstm.seasonality import detect_period
from sktime_lstm.static import StaticEncoding
from sktime_lstm.training import TrainingConfig, limited_threads, seeded
from sktime_lstm.windows import make_windows, no_training_window_error


class _TrainingRun(NamedTuple):
    """Where one training run computes, and the generator of its batch order."""

    device: torch.device
    generator: torch.Generator


class NetworkFitting:
    """The network's construction and training runs, from the parameters."""

    def _head_width(self, fh: ForecastingHorizon | None, cutoff, freq) -> int:
        if self.strategy == "recursive":
            return 1
        if self.horizon is not None:
            return self.horizon
        if fh is None:
            return 1
        if fh.is_relative:
            steps = fh.to_numpy()
        else:
            steps = horizon_steps(fh, last_time(cutoff, freq))[0]
        return max(1, int(np.max(steps)))

    def _network_design(
        self,
        n_targets: int,
        horizon: int,
        n_exog: int,
        known_exog: tuple[int, ...],
        seasonal_period: int | None,
        window_length: int,
        static: StaticEncoding | None = None,
        *,
        lengths: tuple[int, ...],
    ) -> dict:
        """Return the network's constructor arguments as plain (JSON-able) values.

        ``lengths`` (of the series that train it) resolve ``"auto-single"`` and
        the ``"auto"`` size.
        """
        hidden_size, num_layers = self._network_size(lengths, window_length, horizon)
        return {
            "cell": self._cell(),
            "n_targets": n_targets,
            "hidden_size": hidden_size,
            "num_layers": num_layers,
            "horizon": plain(horizon),
            "dropout": plain(self.dropout),
            "head_hidden_sizes": list(plain(tuple(self.head_hidden_sizes))),
            "window_norm": self._window_norm(len(lengths)),
            "loss": self._likelihood_loss(),
            "quantiles": list(self._quantile_levels()),
            "n_exog": n_exog,
            "known_exog": list(known_exog),
            "readout": self.readout,
            "window_length": window_length,
            "seasonal_period": plain(seasonal_period),
            "long_trend": self.long_trend,
            "exog_regression": self.exog_regression,
            "static_numeric": len(static.numeric) if static else 0,
            "static_categories": list(static.cardinalities) if static else [],
        }

    def _network_size(
        self, lengths: tuple[int, ...], window_length: int, horizon: int
    ) -> tuple[int, int]:
        """``hidden_size`` and ``num_layers``; ``"auto"``: by the training windows.

        (:func:`sktime_lstm.adaptive.auto_network_size`: 64 units in two layers,
        or 16 in one where the series give fewer than 256 windows.)
        """
        hidden_size, num_layers = auto_network_size(lengths, window_length, horizon)
        if self.hidden_size != "auto":
            hidden_size = plain(self.hidden_size)
        if self.num_layers != "auto":
            num_layers = plain(self.num_layers)
        return hidden_size, num_layers

    def _seasonal_period(
        self, scaled: list[np.ndarray], n_targets: int, longest: int
    ) -> int | None:
        """``sp``, or the period (up to ``longest``) detected where ``sp`` says.

        ``"auto"`` detects on any data; ``"auto-single"`` on one series only.
        """
        detects = self.sp == "auto" or (self.sp == "auto-single" and len(scaled) == 1)
        if not detects:
            return None if self.sp == "auto-single" else self.sp
        return detect_period([s[:, :n_targets] for s in scaled], longest)

    def _window_norm(self, n_series: int) -> str | None:
        """``window_norm``; ``"auto-single"``: "last" for one series, else "standard".

        One series gives a short training run, which stays near the untrained
        network's forecast: the window's level. Its last level (the naive or
        seasonal naive forecast's) validated better there; the window's mean on
        panels.
        """
        if self.window_norm != "auto-single":
            return self.window_norm
        return "last" if n_series == 1 else "standard"

    def _likelihood_loss(self) -> str:
        """Name the loss the network trains with (``loss``; subclasses may fix it)."""
        return self.loss

    def _quantile_levels(self) -> tuple[float, ...]:
        if self._likelihood_loss() != "quantile":
            return ()
        return DEFAULT_QUANTILES if self.quantiles is None else plain(self.quantiles)

    @contextmanager
    def _training_run(self) -> Iterator[_TrainingRun]:
        """Bound the threads and seed torch for one run: building and training.

        A new network is built inside the run, so that its initial weights, the
        dropout masks and the batch order all follow from ``random_state``.
        """
        device = resolve_device(self.device, type(self).__name__)
        seed = training_seed(self.random_state)
        with limited_threads(self.num_threads), seeded(seed, device) as generator:
            yield _TrainingRun(device, generator)

    def _train(
        self,
        network: torch.nn.Module,
        scaled: list[np.ndarray],
        run: _TrainingRun,
        *,
        window_length: int,
        max_epochs: int | None,
        validation_size: float | int = 0,
    ) -> tuple[torch.nn.Module, pd.DataFrame]:
        """Train ``network`` (moved to the run's device) on the scaled series.

        ``scaled`` holds each series' columns in the network's layout. Returns
        the network and its loss per epoch.
        """
        name = type(self).__name__
        n_targets, horizon = network.n_targets, network.horizon
        windows = make_windows(
            scaled,
            window_length,
            horizon,
            plain(validation_size),
            run.device,
            n_targets,
            network.layout.static,
        )
        if len(windows.train_starts) == 0:
            raise no_training_window_error(
                name, scaled, window_length, horizon, validation_size, n_targets
            )
        config = TrainingConfig(
            max_epochs=plain(max_epochs),
            max_steps=plain(self.max_steps),
            batch_size=plain(self.batch_size),
            learning_rate=plain(self.learning_rate),
            lr_schedule=self.lr_schedule,
            early_stopping_patience=plain(self.early_stopping_patience),
            gradient_clip=plain(self.gradient_clip),
            bf16=uses_bf16(self.precision, run.device, name),
            verbose=self.verbose,
        )
        network.to(run.device)
        history = training.train_network(network, windows, config, run.generator)
        return network, pd.DataFrame(history).set_index("epoch")

    def _fine_tuned(
        self,
        network: torch.nn.Module,
        scaled: list[np.ndarray],
        window_length: int,
        max_epochs: int | None,
        validation_size: float | int = 0,
    ) -> tuple[torch.nn.Module, pd.DataFrame]:
        """Train a copy of ``network`` (which stays as it is) on ``scaled``."""
        with self._training_run() as run:
            return self._train(
                copy.deepcopy(network),
                scaled,
                run,
                window_length=window_length,
                max_epochs=max_epochs,
                validation_size=validation_size,
            )

    def _trained_afresh(
        self,
        scaled: list[np.ndarray],
        n_targets: int,
        horizon: int,
        known_exog: tuple[int, ...],
        seasonal_period: int | None,
        window_length: int,
        static: StaticEncoding | None = None,
    ) -> tuple[torch.nn.Module, pd.DataFrame]:
        """Build a new network for the scaled series' layout and train it.

        ``static`` encodes the static features that the series carry after X's
        columns (None: none).
        """
        n_slopes = n_targets if self.long_trend else 0
        n_static = len(static.columns) if static else 0
        n_exog = scaled[0].shape[1] - n_targets - n_static - n_slopes
        design = self._network_design(
            n_targets,
            horizon,
            n_exog,
            known_exog,
            seasonal_period,
            window_length,
            static,
            lengths=tuple(len(s) for s in scaled),
        )
        with self._training_run() as run:
            # the class is looked up here, so that benchmarks can patch in a prototype
            network = build_network(design, RecurrentForecastNetwork)
            return self._train(
                network,
                scaled,
                run,
                window_length=window_length,
                max_epochs=self.max_epochs,
                validation_size=self.validation_size,
            )
