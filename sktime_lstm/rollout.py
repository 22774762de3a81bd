"""Forecasts rolled beyond the head, and sample paths: torch only, no sktime.

A network emits ``horizon`` steps from a context window. Longer forecasts feed
each emitted block back as context (:func:`feed_back`) with the known-future X of
its steps (:func:`exog_block`), block after block: point forecasts
(:func:`roll_forecast`) or, for a probabilistic head, sample paths whose every
draw is fed back (:func:`sample_paths`), so that uncertainty compounds.
Everything here takes arguments; nothing reads an estimator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from sktime_lstm.windows import ColumnLayout, make_contexts


def roll_forecast(
    network: nn.Module,
    contexts: torch.Tensor,
    n_steps: int,
    future_exog: torch.Tensor | None = None,
) -> torch.Tensor:
    """Forecast ``n_steps`` ahead by feeding the network's blocks back as context.

    Parameters
    ----------
    network : nn.Module
        Maps a context (and the future exogenous values) to ``(batch, horizon,
        n_targets)``, or to distribution parameters that its ``point`` method turns
        into that.
    contexts : torch.Tensor
        Last observed windows ``(batch, window, n_targets + n_exog + 1)``, on the
        network's device.
    n_steps : int
        How many steps to return; blocks of ``horizon`` are appended until covered.
    future_exog : torch.Tensor or None, default=None
        ``(batch, n_steps, n_exog)`` exogenous values at the forecast steps; the
        last row is repeated where a block reaches past ``n_steps``.

    Returns
    -------
    torch.Tensor
        Shape ``(batch, n_steps, n_targets)``.
    """

    def point(output: torch.Tensor) -> torch.Tensor:
        # distribution parameters -> point forecasts
        return network.point(output) if output.dim() == 4 else output

    return _roll(network, contexts, n_steps, future_exog, point)


def last_block_errors(
    network: nn.Module, series: list[np.ndarray], window_length: int, season: int = 1
) -> tuple[float, float]:
    """Score the network and the seasonal naive forecast on each series' end.

    Each scaled series (in the network's column layout) is forecast, one head
    block ahead, from the steps before its last ``network.horizon`` steps, with
    the X those steps hold; the seasonal naive forecast repeats the last
    ``season`` values before them. Series too short to hold the block and a
    season are skipped.

    Returns
    -------
    tuple of float
        The mean absolute errors of the network and of the seasonal naive
        forecast over the held-out targets both forecast (NaN, NaN where none).

    Examples
    --------
    >>> from sktime_lstm.networks import build_network
    >>> net = build_network({"cell": "gru", "n_targets": 1, "hidden_size": 4,
    ...                      "num_layers": 1, "horizon": 2})
    >>> seasonal = np.tile([[1.0], [-1.0]], (10, 1))  # seasonal naive is exact
    >>> network_error, naive_error = last_block_errors(net, [seasonal], 4, season=2)
    >>> naive_error, network_error > 0
    (0.0, True)
    """
    horizon, layout = network.horizon, network.layout
    kept = [s for s in series if len(s) > horizon + season]
    if not kept:
        return float("nan"), float("nan")
    pasts = [s[:-horizon] for s in kept]
    device = next(network.parameters()).device
    contexts = make_contexts(pasts, window_length, layout.n_targets, layout.static)
    future = None
    if network.n_exog:
        exog = np.stack([s[-horizon:, layout.exog] for s in kept])
        future = torch.from_numpy(exog.astype(np.float32)).to(device)
    with torch.no_grad():
        forecast = roll_forecast(network, contexts.to(device), horizon, future)
    forecast = forecast.float().cpu().numpy()
    actual = np.stack([s[-horizon:, : layout.n_targets] for s in kept])
    naive = np.stack(
        [np.resize(p[-season:, : layout.n_targets], actual.shape[1:]) for p in pasts]
    )
    both = np.isfinite(actual) & np.isfinite(naive)
    if not both.any():
        return float("nan"), float("nan")
    return (
        float(np.abs(forecast - actual)[both].mean()),
        float(np.abs(naive - actual)[both].mean()),
    )


def _roll(
    network: nn.Module,
    contexts: torch.Tensor,
    n_steps: int,
    future_exog: torch.Tensor | None,
    to_block: Callable[[torch.Tensor], torch.Tensor],
) -> torch.Tensor:
    """Run the network block by block, feeding each block back as context.

    ``to_block`` turns the network's output into the block's values (its point
    forecast, or a draw); returns ``(batch, n_steps, n_targets)``.
    """
    blocks, produced = [], 0
    with torch.inference_mode():
        while produced < n_steps:
            exog = exog_block(future_exog, produced, network.horizon)
            block = to_block(network(contexts, exog))
            blocks.append(block)
            produced += block.shape[1]
            if produced < n_steps:
                contexts = feed_back(contexts, block, exog, network.layout)
    return torch.cat(blocks, dim=1)[:, :n_steps]


def exog_block(
    future_exog: torch.Tensor | None, start: int, horizon: int
) -> torch.Tensor | None:
    """Rows ``start`` to ``start + horizon`` of the future exogenous values, padded."""
    if future_exog is None:
        return None
    block = future_exog[:, start : start + horizon]
    missing = horizon - block.shape[1]
    if missing > 0:
        block = torch.cat([block, block[:, -1:].expand(-1, missing, -1)], dim=1)
    return block


def feed_back(
    contexts: torch.Tensor,
    block: torch.Tensor,
    exog: torch.Tensor | None,
    layout: ColumnLayout,
) -> torch.Tensor:
    """Append forecast steps (with their exogenous values) to the contexts.

    The static features and the long-run slopes (``long_trend``, not known
    ahead) are the last step's, carried on. ``layout`` is the contexts' column
    layout.
    """
    steps = block.shape[1]
    parts = [block]
    if exog is not None:
        parts.append(exog[:, :steps])
    if layout.n_static or layout.n_slopes:
        parts.append(contexts[:, -1:, layout.carried].expand(-1, steps, -1))
    parts.append(torch.ones_like(block[..., :1]))
    window = contexts.shape[1]
    return torch.cat([contexts, torch.cat(parts, dim=-1)], dim=1)[:, -window:]


def sample_paths(
    network: nn.Module,
    contexts: torch.Tensor,
    n_steps: int,
    future_exog: torch.Tensor | None,
    draw: Callable[[np.ndarray], np.ndarray],
    n_samples: int,
) -> np.ndarray:
    """Draw ``n_samples`` paths per context, feeding each draw back as context.

    Parameters
    ----------
    network : nn.Module
        A probabilistic network: ``(batch, horizon, n_targets, n_params)`` out.
    contexts : torch.Tensor
        ``(n, window, width)`` last observed windows (any device).
    n_steps : int
        Steps each path covers.
    future_exog : torch.Tensor or None
        ``(n, rows, n_exog)`` scaled X at the forecast steps, on the network's
        device (rows covering whole head blocks), or None.
    draw : callable
        Maps a block of parameters ``(paths, horizon, n_targets, n_params)`` to one
        draw each ``(paths, horizon, n_targets)``; it holds the random generator,
        so consecutive calls continue one stream.
    n_samples : int
        Paths per context.

    Returns
    -------
    np.ndarray
        Scaled paths ``(n, n_samples, n_steps, n_targets)``. Contexts go through in
        chunks of about 16k paths to bound memory.
    """
    device = next(network.parameters()).device

    def drawn(params: torch.Tensor) -> torch.Tensor:
        values = draw(params.float().cpu().numpy()).astype(np.float32)
        return torch.from_numpy(values).to(device)

    per_chunk = max(1, 16384 // n_samples)
    chunks = []
    for start in range(0, len(contexts), per_chunk):
        # every context repeated n_samples times: the paths run as one batch
        rows = slice(start, start + per_chunk)
        repeated = contexts[rows].repeat_interleave(n_samples, dim=0).to(device)
        exog = None
        if future_exog is not None:
            exog = future_exog[rows].repeat_interleave(n_samples, dim=0)
        paths = _roll(network, repeated, n_steps, exog, drawn).cpu().numpy()
        chunks.append(paths.reshape(-1, n_samples, n_steps, paths.shape[-1]))
    return np.concatenate(chunks)
