"""Recurrent forecasting networks as plain ``torch.nn`` modules.

The network reads a context window ``(batch, window, n_targets + 1)`` whose last
feature is the observed mask, optionally standardises it per window, encodes it
with a recurrent layer stack and maps the last hidden state through a dense head
to ``horizon`` future steps of every target. Nothing here knows sktime.
"""

from __future__ import annotations

import torch
from torch import nn

CELLS = ("lstm", "gru", "rnn")
WINDOW_NORMS = ("standard", "mean")

_ENCODERS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def window_statistics(
    values: torch.Tensor, observed: torch.Tensor, kind: str | None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-window location and scale over the observed context values.

    Parameters
    ----------
    values : torch.Tensor
        Shape ``(batch, window, n_targets)``.
    observed : torch.Tensor
        Shape ``(batch, window, 1)``.
    kind : {"standard", "mean"} or None
        ``"standard"``: mean and standard deviation (floored so that flat windows
        stay finite); ``"mean"``: subtract the mean only; None: identity.

    Returns
    -------
    loc, scale : torch.Tensor
        Shape ``(batch, 1, n_targets)`` each.
    """
    shape = (values.shape[0], 1, values.shape[2])
    if kind is None:
        return values.new_zeros(shape), values.new_ones(shape)
    count = observed.sum(dim=1, keepdim=True).clamp_min(1.0)
    loc = (values * observed).sum(dim=1, keepdim=True) / count
    if kind == "mean":
        return loc, values.new_ones(shape)
    variance = (((values - loc) * observed) ** 2).sum(dim=1, keepdim=True) / count
    return loc, variance.sqrt().clamp_min(0.1)


class RecurrentForecastNetwork(nn.Module):
    """Recurrent encoder plus dense multi-horizon head.

    Parameters
    ----------
    cell : {"lstm", "gru", "rnn"}
        ``nn.LSTM``, ``nn.GRU`` or a tanh ``nn.RNN``.
    n_targets : int
        Number of target columns predicted at every step.
    hidden_size, num_layers : int
        Width and depth of the recurrent stack.
    horizon : int
        Number of steps the head emits at once.
    dropout : float, default=0.0
        Dropout between recurrent layers and on the encoding fed to the head.
    head_hidden_sizes : tuple of int, default=()
        Widths of ReLU dense layers between the encoder and the output layer.
    window_norm : {"standard", "mean"} or None, default="standard"
        Per-window normalisation of the context, undone on the output.

    Examples
    --------
    >>> import torch
    >>> net = RecurrentForecastNetwork("gru", n_targets=2, hidden_size=8,
    ...                                num_layers=1, horizon=3)
    >>> net(torch.zeros(4, 10, 3)).shape
    torch.Size([4, 3, 2])
    """

    def __init__(
        self,
        cell: str,
        n_targets: int,
        hidden_size: int,
        num_layers: int,
        horizon: int,
        dropout: float = 0.0,
        head_hidden_sizes: tuple[int, ...] = (),
        window_norm: str | None = "standard",
    ) -> None:
        super().__init__()
        self.n_targets, self.horizon, self.window_norm = n_targets, horizon, window_norm
        self.encoder = _ENCODERS[cell](
            input_size=n_targets + 1,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout if num_layers > 1 else 0.0,
            batch_first=True,
        )
        layers: list[nn.Module] = [nn.Dropout(dropout)] if dropout else []
        width = hidden_size
        for size in head_hidden_sizes:
            layers += [nn.Linear(width, size), nn.ReLU()]
            width = size
        layers.append(nn.Linear(width, horizon * n_targets))
        self.head = nn.Sequential(*layers)

    def forward(self, context: torch.Tensor) -> torch.Tensor:
        """Map ``(batch, window, n_targets + 1)`` to ``(batch, horizon, n_targets)``."""
        values, observed = context[..., :-1], context[..., -1:]
        loc, scale = window_statistics(values, observed, self.window_norm)
        normed = (values - loc) / scale * observed
        encoded, _ = self.encoder(torch.cat([normed, observed], dim=-1))
        out = self.head(encoded[:, -1]).view(-1, self.horizon, self.n_targets)
        return out * scale + loc


def roll_forecast(
    network: nn.Module, contexts: torch.Tensor, n_steps: int
) -> torch.Tensor:
    """Forecast ``n_steps`` ahead by feeding the network's blocks back as context.

    Parameters
    ----------
    network : nn.Module
        Maps ``(batch, window, n_targets + 1)`` to ``(batch, horizon, n_targets)``.
    contexts : torch.Tensor
        Last observed windows, same device as the network.
    n_steps : int
        How many steps to return; blocks of ``horizon`` are appended until covered.

    Returns
    -------
    torch.Tensor
        Shape ``(batch, n_steps, n_targets)``.
    """
    window = contexts.shape[1]
    blocks, produced = [], 0
    with torch.inference_mode():
        while produced < n_steps:
            block = network(contexts)
            blocks.append(block)
            produced += block.shape[1]
            if produced < n_steps:
                fed_back = torch.cat([block, torch.ones_like(block[..., :1])], dim=-1)
                contexts = torch.cat([contexts, fed_back], dim=1)[:, -window:]
    return torch.cat(blocks, dim=1)[:, :n_steps]
