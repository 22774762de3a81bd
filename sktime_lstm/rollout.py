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

from sktime_lstm.windows import ColumnLayout


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
    blocks, produced = [], 0
    with torch.inference_mode():
        while produced < n_steps:
            exog = exog_block(future_exog, produced, network.horizon)
            block = network(contexts, exog)
            if block.dim() == 4:  # distribution parameters -> point forecasts
                block = network.point(block)
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

    The long-run slopes (``long_trend``) are not known ahead: the last step's
    are carried on. ``layout`` is the contexts' column layout.
    """
    steps = block.shape[1]
    parts = [block]
    if exog is not None:
        parts.append(exog[:, :steps])
    if layout.n_slopes:
        parts.append(contexts[:, -1:, layout.slopes].expand(-1, steps, -1))
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
    per_chunk = max(1, 16384 // n_samples)
    context_chunks = contexts.split(per_chunk)
    exog_chunks = (
        [None] * len(context_chunks)
        if future_exog is None
        else future_exog.split(per_chunk)
    )
    chunks = [
        _sample_chunk(network, chunk, n_steps, exog, draw, n_samples)
        for chunk, exog in zip(context_chunks, exog_chunks, strict=True)
    ]
    return np.concatenate(chunks)


def _sample_chunk(
    network: nn.Module,
    contexts: torch.Tensor,
    n_steps: int,
    future_exog: torch.Tensor | None,
    draw: Callable[[np.ndarray], np.ndarray],
    n_samples: int,
) -> np.ndarray:
    n_contexts = contexts.shape[0]
    device = next(network.parameters()).device
    contexts = contexts.repeat_interleave(n_samples, dim=0).to(device)
    if future_exog is not None:
        future_exog = future_exog.repeat_interleave(n_samples, dim=0)
    blocks, produced = [], 0
    with torch.inference_mode():
        while produced < n_steps:
            exog = exog_block(future_exog, produced, network.horizon)
            params = network(contexts, exog).float().cpu().numpy()
            block = draw(params).astype(np.float32)
            blocks.append(block)
            produced += block.shape[1]
            if produced < n_steps:
                drawn = torch.from_numpy(block).to(device)
                contexts = feed_back(contexts, drawn, exog, network.layout)
    paths = np.concatenate(blocks, axis=1)[:, :n_steps]
    return paths.reshape(n_contexts, n_samples, n_steps, -1)
