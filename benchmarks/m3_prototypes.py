"""The validation record's prototypes (fifth and sixth rounds), runnable from the repo.

Run ``python benchmarks/m3_prototypes.py PROTOTYPE [m3.py options]``: the
prototype is patched into ``sktime_lstm`` for our methods' fit and predict (the
classical baselines are untouched), then ``benchmarks/m3.py`` runs with the
remaining options, e.g.::

    python benchmarks/m3_prototypes.py recent-27 --validation --seeds 1 \\
        --frequencies monthly --methods "LSTMForecaster(sp)" \\
        --set '{"num_threads": 1}' --save exp

The package's files are not changed: the harness replaces, for the run, three
names that the package looks up when it fits (``sktime_lstm._base.fit_scaling``,
``sktime_lstm._network_fitting.make_windows`` and ``.RecurrentForecastNetwork``);
should one disappear, the run fails at once instead of running the shipped code.
Prototypes (``PROTOTYPES`` lists them with their descriptions):

- ``snaive-scale``: each series scaled by its in-sample seasonal-naive MAE (lag
  = the part's period) instead of its standard deviation, so that the MAE loss
  weighs every series as MASE does;
- ``equal-series``: every series drawn equally often (windows drawn with
  replacement, each weighted by 1 / its series' window count) instead of every
  window;
- ``gate-per-window``: ``sp``'s gate, one per window instead of one per step;
- ``gate-only``: ``sp`` without the deseasonalised input channel;
- ``window-drift``: beside ``sp``'s gated profile, a gated drift: the least-squares
  slope of the window without its profile, extrapolated to each forecast step,
  times a second learnt gate per step (half open at the start);
- ``recent-K`` (``recent-27``, ``recent-12``): only each series' last K training
  windows (N-BEATS' recency limit; 27 is 1.5 horizons on monthly);
- ``history-72``: a 72-step history (give ``--set '{"window_length": 72}'``):
  the recurrent part reads the last 24 steps as the defaults do, and the head also
  reads the mean of each of the six 12-step blocks, in the 24-step window's
  normalisation, and the fraction of each that is observed; every series is
  left-padded with 48 masked steps, so that the training windows are the 24-step
  ones;
- ``history-72-profile``: the same, with ``sp``'s profile estimated from all 72
  steps;
- ``noise-S`` (``noise-0.1``, ``noise-0.3``): while training, Gaussian noise of S
  times the window's standard deviation on the encoder's normalised target
  channels (one draw for the window and its deseasonalised copy);
- ``history-drift``: with ``long_trend=True``, a gated drift from the long-run
  slope (the slope channel's last value), extrapolated from the window's mean
  time, the gate half open at the start (half the slope, as Theta's drift).

These are rewritten from the record's descriptions: the original trials ran
from patch scripts that were never committed, so a figure in the record is the
original run's, and these commands reproduce the configuration it describes.
With every option off, the prototypes' network (``prototype_network()``)
computes exactly what the package's network does (``tests/test_benchmarks.py``
checks it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import m3
import numpy as np
import torch
from torch import nn

# the modules of sktime_lstm, and the names in them, that the prototypes replace
SEAMS = {
    "_base": ("fit_scaling",),
    "_network_fitting": ("make_windows", "RecurrentForecastNetwork"),
}
# windows drawn for "equal-series": the defaults' budget, 1500 steps of 256 (an
# epoch of this many i.i.d. draws covers it; a longer budget permutes them again)
EQUAL_SERIES_DRAWS = 1500 * 256

PROTOTYPES = {
    "snaive-scale": "series scaled by the in-sample seasonal-naive MAE",
    "equal-series": "every series drawn equally often",
    "gate-per-window": "sp's gate, one per window",
    "gate-only": "sp without the deseasonalised input channel",
    "window-drift": "sp plus a gated drift from the window's slope",
    "recent-K": "only each series' last K training windows",
    "history-72": "a 72-step history: 12-step block means in the head",
    "history-72-profile": "history-72 with the profile from all 72 steps",
    "noise-S": "Gaussian input noise, S window standard deviations",
    "history-drift": "long_trend plus a gated drift from the long-run slope",
}


def _prototype_network_class():
    from sktime_lstm.networks import (
        RecurrentForecastNetwork,
        seasonal_profile,
        window_statistics,
    )

    class _PrototypeNetwork(RecurrentForecastNetwork):
        """The package's network with the prototypes' options (point forecasts).

        Parameters
        ----------
        *args, **kwargs
            As :class:`sktime_lstm.networks.RecurrentForecastNetwork`;
            ``window_length`` is the whole context the forecaster windows.
        gate : {"step", "window"}, default="step"
            One seasonal gate per forecast step (the package's) or per window.
        deseasonalised_input : bool, default=True
            Whether the encoder reads the window without its profile (with ``sp``).
        drift : {None, "window", "history"}, default=None
            A gated drift from the window's deseasonalised slope, or from the
            long-run slope channel (``long_trend``).
        input_noise : float, default=0.0
            Noise on the normalised target channels while training, in units of
            the window's standard deviation.
        encoder_window : int or None, default=None
            Steps the encoder reads (the last ones); None: the whole context.
        block : int, default=12
            With ``encoder_window``, the head also reads the mean and the
            observed fraction of each ``block``-step block of the whole context.
        profile_from_history : bool, default=False
            With ``encoder_window``, estimate the profile from the whole context.
        """

        def __init__(
            self,
            *args,
            gate: str = "step",
            deseasonalised_input: bool = True,
            drift: str | None = None,
            input_noise: float = 0.0,
            encoder_window: int | None = None,
            block: int = 12,
            profile_from_history: bool = False,
            **kwargs,
        ) -> None:
            full = kwargs["window_length"]
            if encoder_window is not None:
                if full % block or full <= encoder_window:
                    raise ValueError(
                        f"A {encoder_window}-step encoder beside a history of "
                        f"{block}-step blocks needs a window_length that is a "
                        f"multiple of {block} above {encoder_window} (e.g. --set "
                        f"'{{\"window_length\": 72}}'), got {full}."
                    )
                kwargs["window_length"] = encoder_window
            super().__init__(*args, **kwargs)
            if self.likelihood.probabilistic:
                raise ValueError("The prototypes forecast points only (loss='mae').")
            if drift == "history" and not self.long_trend:
                raise ValueError("drift='history' reads long_trend's slope channel.")
            if drift == "window" and not self.seasonal:
                raise ValueError(
                    "drift='window' is the slope of the deseasonalised "
                    "window: it needs sp."
                )
            self.gate, self.deseasonalised_input = gate, deseasonalised_input
            self.drift, self.input_noise = drift, input_noise
            self.full_window, self.encoder_window = full, encoder_window
            self.block, self.profile_from_history = block, profile_from_history
            n_targets, horizon = self.n_targets, self.horizon
            hidden, window = kwargs["hidden_size"], kwargs["window_length"]
            summary = hidden * (window if self.readout == "all" else 1)
            summary += horizon * len(self.known_exog)
            if not deseasonalised_input and self.seasonal:
                # the encoder without the deseasonalised channel
                num_layers = kwargs["num_layers"]
                self.encoder = type(self.encoder)(
                    input_size=n_targets * (1 + int(self.long_trend)) + self.n_exog + 1,
                    hidden_size=hidden,
                    num_layers=num_layers,
                    dropout=kwargs.get("dropout", 0.0) if num_layers > 1 else 0.0,
                    batch_first=True,
                )
            if encoder_window is not None:
                # the head also reads each block's mean and observed fraction
                summary += 2 * (full // block) * n_targets
                self.head = self._head(summary, kwargs)
            if self.seasonal and (gate == "window" or encoder_window is not None):
                outputs = n_targets if gate == "window" else horizon * n_targets
                self.seasonal_gate = self._zero_linear(summary, outputs)
            if drift is not None:
                self.drift_gate = self._zero_linear(summary, horizon * n_targets)
            if self.seasonal and profile_from_history and encoder_window:
                steps = torch.arange(full + horizon) % self.seasonal_period
                one_hot = nn.functional.one_hot(steps[:full], self.seasonal_period)
                self.register_buffer("history_phases", one_hot.float(), False)
                self.register_buffer("history_future", steps[full:].clone(), False)

        @staticmethod
        def _zero_linear(width: int, outputs: int) -> nn.Linear:
            # zero start, as the package's gate: sigmoid(0), half open everywhere
            layer = nn.Linear(width, outputs)
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)
            return layer

        def _head(self, summary: int, kwargs: dict) -> nn.Sequential:
            """The package's head for a wider summary (zero output layer)."""
            dropout = kwargs.get("dropout", 0.0)
            layers: list[nn.Module] = [nn.Dropout(dropout)] if dropout else []
            width = summary
            for size in kwargs.get("head_hidden_sizes", ()):
                layers += [nn.Linear(width, size), nn.ReLU()]
                width = size
            output = self._zero_linear(width, self.horizon * self.n_targets)
            return nn.Sequential(*layers, output)

        def _blocks(self, context, loc, scale) -> torch.Tensor:
            """Each block's normalised mean and observed fraction, flattened."""
            n_targets, block = self.n_targets, self.block
            values, observed = context[..., :n_targets], context[..., -1:]
            shape = (len(context), self.full_window // block, block)
            normed = ((values - loc) / scale * observed).view(*shape, n_targets)
            counts = observed.view(*shape, 1).sum(dim=2)
            means = normed.sum(dim=2) / counts.clamp_min(1.0)
            return torch.cat([means, counts.expand_as(means) / block], -1).flatten(1)

        def forward(self, context, future_exog=None):
            """As the package's forward, with the prototypes' options."""
            full = context
            if self.encoder_window is not None:
                context = context[:, -self.encoder_window :]
            n_targets, n_exog = self.n_targets, self.n_exog
            values = context[..., :n_targets]
            exog = context[..., n_targets : n_targets + n_exog]
            observed = context[..., -1:]
            loc, scale = window_statistics(values, observed, self.window_norm)
            noise = 0.0
            if self.training and self.input_noise:
                noise = self.input_noise * torch.randn_like(values) * observed
            normed = (values - loc) / scale * observed + noise
            inputs = [normed, exog, observed]
            deseasonalised = None
            if self.long_trend:
                slopes = context[..., n_targets + n_exog : -1]
                inputs.insert(-1, slopes / scale * observed)
            if self.seasonal:
                if self.profile_from_history and self.encoder_window:
                    history = full[..., :n_targets]
                    profile = seasonal_profile(
                        history, full[..., -1:], loc, self.history_phases
                    )
                    phases = self.history_phases[-self.encoder_window :]
                    future = self.history_future
                else:
                    profile = seasonal_profile(
                        values, observed, loc, self.window_phases
                    )
                    phases, future = self.window_phases, self.future_phases
                season = phases @ profile
                deseasonalised = (values - loc - season) / scale * observed
                if self.deseasonalised_input:
                    inputs.insert(1, deseasonalised + noise)
            encoded, _ = self.encoder(torch.cat(inputs, dim=-1))
            summary = encoded.flatten(1) if self.readout == "all" else encoded[:, -1]
            if self.encoder_window is not None:
                summary = torch.cat([summary, self._blocks(full, loc, scale)], -1)
            if self.known_exog:
                known = future_exog.index_select(-1, self.known_index).flatten(1)
                summary = torch.cat([summary, known], dim=-1)
            raw = self.head(summary).view(-1, self.horizon, n_targets, 1)
            steps = (-1, self.horizon, n_targets)
            if self.seasonal:
                gate = torch.sigmoid(self.seasonal_gate(summary))
                shape = (-1, 1, n_targets) if self.gate == "window" else steps
                carried = gate.view(*shape) * profile.index_select(1, future)
                loc = loc + carried
            if self.drift is not None:
                drift_gate = torch.sigmoid(self.drift_gate(summary)).view(*steps)
                loc = loc + drift_gate * self._drift(context, deseasonalised, scale)
            return raw[..., 0] * scale + loc

        def _drift(self, context, deseasonalised, scale) -> torch.Tensor:
            """A line's value at each forecast step, from the window's mean time."""
            observed = context[..., -1:]
            window = context.shape[1]
            t = torch.arange(window, dtype=context.dtype, device=context.device)
            t = t.view(1, -1, 1)
            count = observed.sum(dim=1, keepdim=True).clamp_min(1.0)
            centre = (t * observed).sum(dim=1, keepdim=True) / count
            ahead = window + torch.arange(self.horizon, device=context.device)
            ahead = ahead.view(1, -1, 1).to(context.dtype) - centre
            if self.drift == "history":
                start = self.n_targets + self.n_exog
                slope = context[:, -1:, start : start + self.n_targets]
                return slope * ahead  # the slope is in the series' scaled units
            y = deseasonalised  # normalised, 0 where unobserved
            mean = y.sum(dim=1, keepdim=True) / count
            spread = (observed * (t - centre) ** 2).sum(dim=1, keepdim=True)
            slope = (observed * (t - centre) * (y - mean)).sum(
                dim=1, keepdim=True
            ) / spread.clamp_min(1e-6)
            return slope * ahead * scale

    return _PrototypeNetwork


def _series_of(starts: torch.Tensor, series: list, span: int) -> np.ndarray:
    """Index of the series each window start row belongs to (make_windows' rows)."""
    rows = [len(values) + max(0, span - len(values)) for values in series]
    first_rows = np.concatenate([[0], np.cumsum(rows)[:-1]])
    return np.searchsorted(first_rows, starts.cpu().numpy(), side="right") - 1


def recent_windows(starts: torch.Tensor, owner: np.ndarray, k: int) -> torch.Tensor:
    """The last ``k`` of each series' window starts (starts are in row order)."""
    counts = np.bincount(owner)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    from_end = counts[owner] - (np.arange(len(owner)) - first[owner])
    return starts[torch.from_numpy(from_end <= k).to(starts.device)]


def equal_series_windows(
    starts: torch.Tensor, owner: np.ndarray, n: int, seed: int
) -> torch.Tensor:
    """``n`` starts drawn with replacement, each series equally likely."""
    weights = torch.from_numpy(1.0 / np.bincount(owner)[owner])
    generator = torch.Generator().manual_seed(seed)
    drawn = torch.multinomial(weights, n, replacement=True, generator=generator)
    return starts[drawn.to(starts.device)]


def _windows_patch(original: Callable, name: str, seed: int) -> Callable:
    """``make_windows`` with the training windows a prototype chooses."""

    def make_windows(series, window_length, horizon, *args, **kwargs):
        if name.startswith("history-72"):
            # masked steps before each series: the 24-step window's training
            # windows, with the longer history masked where there is none
            pad = window_length - 24
            series = [
                np.vstack([np.full((pad, v.shape[1]), np.nan, v.dtype), v])
                for v in series
            ]
        windows = original(series, window_length, horizon, *args, **kwargs)
        starts = windows.train_starts
        owner = _series_of(starts, series, window_length + horizon)
        if name.startswith("recent-"):
            starts = recent_windows(starts, owner, int(name.split("-")[1]))
        elif name == "equal-series":
            starts = equal_series_windows(starts, owner, EQUAL_SERIES_DRAWS, seed)
        else:
            return windows
        print(
            f"{name}: {len(starts)} training windows drawn from "
            f"{len(windows.train_starts)}",
            file=sys.stderr,
            flush=True,
        )
        return dataclasses.replace(windows, train_starts=starts)

    return make_windows


def _scaling_patch(original: Callable, lag: int) -> Callable:
    """``fit_scaling`` whose "standard" scale is the seasonal-naive MAE."""

    def fit_scaling(values, kind, names=None):
        scaling = original(values, kind, names=names)
        values = np.asarray(values, dtype=np.float64)
        if kind != "standard" or len(values) <= lag:
            return scaling
        mae = np.nanmean(np.abs(values[lag:] - values[:-lag]), axis=0)
        usable = np.isfinite(mae) & (mae > np.abs(scaling.loc) * 1e-7 + 1e-12)
        return dataclasses.replace(scaling, scale=np.where(usable, mae, scaling.scale))

    return fit_scaling


def network_options(name: str) -> dict:
    """The prototype network's options of a prototype (empty: the package's)."""
    noise = re.fullmatch(r"noise-([0-9.]+)", name)
    options = {
        "gate-per-window": {"gate": "window"},
        "gate-only": {"deseasonalised_input": False},
        "window-drift": {"drift": "window"},
        "history-drift": {"drift": "history"},
        "history-72": {"encoder_window": 24},
        "history-72-profile": {"encoder_window": 24, "profile_from_history": True},
    }.get(name, {})
    return {"input_noise": float(noise.group(1))} if noise else options


def check_name(name: str) -> str:
    """Return ``name`` if it is a prototype, else raise ValueError listing them."""
    known = set(PROTOTYPES) - {"recent-K", "noise-S"}
    if name in known or re.fullmatch(r"recent-[1-9][0-9]*|noise-[0-9]*\.?[0-9]+", name):
        return name
    listing = "\n".join(f"  {key}: {text}" for key, text in PROTOTYPES.items())
    raise ValueError(f"Unknown prototype {name!r}; one of:\n{listing}")


@contextlib.contextmanager
def patched(name: str, period: int, seed: int) -> Iterator[None]:
    """Patch prototype ``name`` into ``sktime_lstm`` for the block."""
    from unittest import mock

    from sktime_lstm import _base, _network_fitting

    check_name(name)
    with contextlib.ExitStack() as stack:
        # patch.object raises AttributeError where a module lacks the name: a
        # renamed seam fails loudly instead of running the shipped code
        if name == "snaive-scale":
            scaling = _scaling_patch(_base.fit_scaling, period)
            stack.enter_context(mock.patch.object(_base, "fit_scaling", scaling))
        if name.startswith(("recent-", "equal-series", "history-72")):
            windows = _windows_patch(_network_fitting.make_windows, name, seed)
            stack.enter_context(
                mock.patch.object(_network_fitting, "make_windows", windows)
            )
        options = network_options(name)
        if options:
            network = functools.partial(prototype_network(), **options)
            stack.enter_context(
                mock.patch.object(_network_fitting, "RecurrentForecastNetwork", network)
            )
        yield


@functools.cache
def prototype_network() -> type:
    """The :class:`PrototypeNetwork` class (built on first use: torch is slow)."""
    return _prototype_network_class()


def main(argv: list[str] | None = None) -> str:
    """Run ``benchmarks/m3.py`` with the prototype named first in ``argv``."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):
        check_name("")  # raises, listing the prototypes
    name = check_name(argv[0])
    m3.VARIANT, m3.VARIANT_CODE = name, [Path(__file__).resolve()]
    m3.PATCH = functools.partial(patched, name)
    return m3.main(argv[1:])


if __name__ == "__main__":
    try:
        main()
    except ValueError as error:
        sys.exit(str(error))
