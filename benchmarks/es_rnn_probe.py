"""A probe of the issue's "ES-RNN-style level/seasonality smoothing inside the model".

Not part of the package: a hand-written measurement on the validation split of M3
(or M1, tourism), recorded in ``results/m3_validation.md`` (eighth round). Run
``python benchmarks/es_rnn_probe.py --frequency monthly --seed 0``.

Smyl's M4 winner, in brief: every series has its own Holt-Winters (multiplicative)
level and seasonal smoothing, with a smoothing coefficient for each and initial
seasonal indices, all learnt jointly with one global recurrent network by gradient
descent. The level at a window's last step and the seasonal indices of each step
normalise the window (the log of the ratio ``y / (level * season)``) and the forecast
(the network predicts that log-ratio at each forecast step). Here it is trimmed to
what compares with the package's defaults: the same 2 x 64 LSTM, head over all hidden
states, window, batch, steps, learning rate (``--es-lr`` for the smoothing
coefficients and initial indices), cosine schedule and gradient clipping, MAE on the
log-ratios. ``--mode`` isolates the parts:

- ``es``: ES level and seasonal indices (the probe);
- ``es-level``: ES level only (no seasonal indices);
- ``window``: the window's mean of the log as the level, no seasonal indices (the
  harness's baseline, like ``window_norm="mean"`` after ``LogTransformer()``);
- ``profile``: that level, and the window's own seasonal profile (the package's
  ``sp``) instead of the smoothed indices.

``--gated`` carries the seasonal part ahead through a learnt gate per forecast step,
with the window read with and without it, as the package's ``sp`` does; without it
the network reads the deseasonalised window and the forecast carries all of the
seasonal part ahead, as in ES-RNN.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd
import torch
from _m3 import DATASETS, load, scores, validation_split
from torch import nn


def padded(panel: pd.DataFrame) -> tuple[list, np.ndarray, np.ndarray]:
    """Series keys, lengths, and values ``(n_series, longest)`` right-padded with 1."""
    groups = [(key, part["y"].to_numpy(float)) for key, part in panel.groupby(level=0)]
    lengths = np.array([len(values) for _, values in groups])
    values = np.ones((len(groups), lengths.max()))
    for row, (_, series) in enumerate(groups):
        values[row, : len(series)] = series
    return [key for key, _ in groups], lengths, values


class Smoothing(nn.Module):
    """Per-series multiplicative Holt-Winters level and seasonal indices."""

    def __init__(self, n_series: int, period: int, seasonal: bool) -> None:
        super().__init__()
        self.period, self.seasonal = period, seasonal
        self.level_logit = nn.Parameter(torch.zeros(n_series))
        self.season_logit = nn.Parameter(torch.zeros(n_series))
        self.initial_season = nn.Parameter(torch.zeros(n_series, period))

    def forward(self, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Levels ``(n, T)`` and seasonal indices ``(n, T + period)`` of ``y``."""
        n, steps = y.shape
        alpha = torch.sigmoid(self.level_logit)
        gamma = torch.sigmoid(self.season_logit)
        if self.seasonal:
            seasons = list(torch.exp(self.initial_season).unbind(1))
        else:
            seasons = [y.new_ones(n)] * (steps + self.period)
        level = y[:, 0] / seasons[0]
        levels = []
        for t in range(steps):
            level = alpha * y[:, t] / seasons[t] + (1 - alpha) * level
            levels.append(level)
            if self.seasonal:
                seasons.append(gamma * y[:, t] / level + (1 - gamma) * seasons[t])
        return torch.stack(levels, 1), torch.stack(seasons[: steps + self.period], 1)


class Network(nn.Module):
    """The LSTM on the log-ratios; with ``gated``, as the package's ``sp``.

    Gated: the encoder reads the window relative to the level both with and without
    its seasonal part, and a learnt gate per forecast step (sigmoid, starting at a
    half) decides how much of the seasonal part ahead the forecast carries.
    Ungated: it reads the deseasonalised window and carries all of it.
    """

    def __init__(self, window: int, horizon: int, gated: bool, hidden: int = 64):
        super().__init__()
        self.gated = gated
        self.encoder = nn.LSTM(2 + gated, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(window * hidden, horizon)
        self.gate = nn.Linear(window * hidden, horizon) if gated else None
        for layer in (self.head, self.gate)[: 1 + gated]:  # the smoothed forecast
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, relative, seasons, ahead, observed) -> torch.Tensor:
        """Log forecast relative to the level, from the window relative to it."""
        channels = [relative - seasons] + [relative] * self.gated + [observed]
        encoded, _ = self.encoder(torch.stack(channels, -1) * observed[..., None])
        summary = encoded.flatten(1)
        carried = torch.sigmoid(self.gate(summary)) * ahead if self.gated else ahead
        return self.head(summary) + carried


def normalisers(mode, smoothing, y, rows, ends, window, horizon, period):
    """Log level at each window's end, and log seasonal indices in and ahead of it."""
    steps = torch.arange(window) - window + 1
    positions = ends[:, None] + steps  # (batch, window), negative where padded
    observed = (positions >= 0).float()
    clipped = positions.clamp_min(0)
    log_y = torch.log(y[rows[:, None], clipped])
    ahead = ends[:, None] + 1 + (torch.arange(horizon) % period)
    if mode in ("window", "profile"):
        level = (log_y * observed).sum(1) / observed.sum(1)
        if mode == "window":
            no_season = torch.zeros_like(log_y)
            return level, no_season, torch.zeros(len(rows), horizon), log_y, observed
        # the window's seasonal profile, as the package's sp: each phase's mean
        # deviation from the level, centred over the phases
        phases = nn.functional.one_hot(clipped % period, period).float()
        phases = phases * observed[..., None]
        deviation = (log_y - level[:, None]) * observed
        profile = (phases * deviation[..., None]).sum(1) / phases.sum(1).clamp_min(1)
        profile = profile - profile.mean(1, keepdim=True)
        in_window = profile.gather(1, clipped % period)
        return level, in_window, profile.gather(1, ahead % period), log_y, observed
    # every series at once (about 100 small steps): simpler than gathering the
    # batch's histories, and gradients reach only the batch's coefficients
    levels, seasons = smoothing(y)
    level = torch.log(levels[rows, ends])
    log_seasons = torch.log(seasons)
    return (
        level,
        log_seasons[rows[:, None], clipped],
        log_seasons[rows[:, None], ahead],
        log_y,
        observed,
    )


def train_and_predict(
    fit_part, horizon, period, mode, seed, window, steps, es_lr, gated
):
    keys, lengths, values = padded(fit_part)
    torch.manual_seed(seed)
    y = torch.tensor(values, dtype=torch.float32)
    smoothing = Smoothing(len(keys), period, seasonal=mode == "es")
    network = Network(window, horizon, gated)
    # every window whose targets are observed; a series shorter than window +
    # horizon gives one, left-padded
    rows, ends = [], []
    for row, length in enumerate(lengths):
        last = length - horizon - 1
        for end in range(min(window - 1, last), last + 1):
            if end >= 0:
                rows.append(row)
                ends.append(end)
    rows, ends = torch.tensor(rows), torch.tensor(ends)
    targets = torch.log(y[rows[:, None], ends[:, None] + 1 + torch.arange(horizon)])
    optimiser = torch.optim.Adam(
        [
            {"params": network.parameters()},
            {"params": smoothing.parameters(), "lr": es_lr},
        ],
        lr=2e-3,
    )
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, steps)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        batch = torch.randint(len(rows), (256,), generator=generator)
        level, seasons, ahead, log_y, observed = normalisers(
            mode, smoothing, y, rows[batch], ends[batch], window, horizon, period
        )
        relative = log_y - level[:, None]
        predicted = network(relative, seasons, ahead, observed) + level[:, None]
        loss = (predicted - targets[batch]).abs().mean()
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(network.parameters(), 1.0)
        # Adam's momentum would keep moving the coefficients of series absent from
        # the batch (their gradient is zero): keep those as they were
        absent = torch.ones(len(keys), dtype=torch.bool)
        absent[rows[batch]] = False
        kept = [p.detach()[absent].clone() for p in smoothing.parameters()]
        optimiser.step()
        with torch.no_grad():
            for p, old in zip(smoothing.parameters(), kept, strict=True):
                p[absent] = old
        schedule.step()
    with torch.no_grad():
        rows = torch.arange(len(keys))
        ends = torch.tensor(lengths - 1)
        level, seasons, ahead, log_y, observed = normalisers(
            mode, smoothing, y, rows, ends, window, horizon, period
        )
        relative = log_y - level[:, None]
        forecast = network(relative, seasons, ahead, observed) + level[:, None]
        forecast = torch.exp(forecast).numpy()
    index = pd.MultiIndex.from_tuples(
        [
            (key, length + step)
            for key, length in zip(keys, lengths, strict=True)
            for step in range(horizon)
        ],
        names=["series", "time"],
    )
    return pd.Series(forecast.ravel(), index=index, name="y")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="m3", choices=sorted(DATASETS))
    parser.add_argument("--frequency", default="monthly")
    parser.add_argument(
        "--mode", default="es", choices=["es", "es-level", "window", "profile"]
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--window", type=int, default=24)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--es-lr", type=float, default=1e-2)
    parser.add_argument("--gated", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(2)
    train, _, horizon, period = load(args.frequency, dataset=args.dataset)
    fit_part, held = validation_split(train, horizon)
    start = time.perf_counter()
    forecast = train_and_predict(
        fit_part,
        horizon,
        period,
        args.mode,
        args.seed,
        args.window,
        args.steps,
        args.es_lr,
        args.gated,
    )
    result = scores(held, forecast, fit_part, period)
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps({**vars(args), **result}))


if __name__ == "__main__":
    main()
