"""Point losses over masked targets. Torch only."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

LOSSES = ("mse", "mae", "huber")

_ELEMENTWISE: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "mse": lambda pred, target: (pred - target) ** 2,
    "mae": lambda pred, target: (pred - target).abs(),
    "huber": lambda pred, target: F.huber_loss(pred, target, reduction="none"),
}


def masked_loss(
    name: str, pred: torch.Tensor, target: torch.Tensor, observed: torch.Tensor
) -> torch.Tensor:
    """Mean point loss over the observed target entries.

    Parameters
    ----------
    name : {"mse", "mae", "huber"}
        Squared error, absolute error, or Huber (delta 1, in scaled units).
    pred, target : torch.Tensor
        Shape ``(batch, horizon, n_targets)``.
    observed : torch.Tensor
        Shape ``(batch, horizon, 1)``: 1 where the target is a real value.

    Returns
    -------
    torch.Tensor
        A scalar.

    Examples
    --------
    >>> import torch
    >>> p, t = torch.zeros(1, 2, 1), torch.tensor([[[1.0], [3.0]]])
    >>> masked_loss("mae", p, t, torch.tensor([[[1.0], [0.0]]])).item()
    1.0
    """
    errors = _ELEMENTWISE[name](pred, target) * observed
    count = observed.sum() * pred.shape[-1]
    return errors.sum() / count.clamp_min(1.0)
