"""Point losses over masked targets. Torch only."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

POINT_LOSSES = ("mse", "mae", "huber", "smape")
LOSSES = (*POINT_LOSSES, "normal", "student_t", "quantile")

_ELEMENTWISE: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "mse": lambda pred, target: (pred - target) ** 2,
    "mae": lambda pred, target: (pred - target).abs(),
    "huber": lambda pred, target: F.huber_loss(pred, target, reduction="none"),
    # the M3/M4 metric as a loss; its gradient is bounded where both are near zero
    "smape": lambda pred, target: (
        2 * (pred - target).abs() / (pred.abs() + target.abs()).clamp_min(1e-3)
    ),
}


def _normal_nll(params: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    mu, sigma = params[..., 0], params[..., 1]
    return sigma.log() + 0.5 * ((target - mu) / sigma) ** 2


def _student_t_nll(params: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    mu, sigma, df = params[..., 0], params[..., 1], params[..., 2]
    # the log density written out, as torch.distributions.StudentT.log_prob has it:
    # building that distribution copies constants from the host on every step,
    # which a captured CUDA graph cannot do
    y = (target - mu) / sigma
    log_normaliser = (
        sigma.log()
        + 0.5 * df.log()
        + 0.5 * math.log(math.pi)
        + torch.lgamma(0.5 * df)
        - torch.lgamma(0.5 * (df + 1.0))
    )
    return log_normaliser + 0.5 * (df + 1.0) * torch.log1p(y**2 / df)


def pinball(
    values: torch.Tensor,
    target: torch.Tensor,
    quantiles: tuple[float, ...] | torch.Tensor,
) -> torch.Tensor:
    """Pinball loss averaged over quantile levels: ``values`` has them last.

    ``quantiles`` already on the device (a tensor) avoids a host copy per call.
    """
    levels = torch.as_tensor(quantiles, dtype=values.dtype, device=values.device)
    error = target.unsqueeze(-1) - values
    return torch.maximum(levels * error, (levels - 1) * error).mean(dim=-1)


def masked_loss(
    name: str,
    pred: torch.Tensor,
    target: torch.Tensor,
    observed: torch.Tensor,
    quantiles: tuple[float, ...] | torch.Tensor = (),
) -> torch.Tensor:
    """Mean loss over the observed target entries.

    Parameters
    ----------
    name : {"mse", "mae", "huber", "smape", "normal", "student_t", "quantile"}
        Squared error, absolute error, Huber (delta 1, in scaled units), symmetric
        absolute percentage error (``2|p - t| / (|p| + |t|)``, 0 to 2); the
        negative log-likelihood of a normal or Student-t forecast; or the pinball
        loss of quantile forecasts.
    pred : torch.Tensor
        ``(batch, horizon, n_targets)`` point forecasts, or with a last axis of
        distribution parameters (see ``networks.RecurrentForecastNetwork``).
    target : torch.Tensor
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
    if name == "normal":
        errors = _normal_nll(pred, target)
    elif name == "student_t":
        errors = _student_t_nll(pred, target)
    elif name == "quantile":
        errors = pinball(pred, target, quantiles)
    else:
        errors = _ELEMENTWISE[name](pred, target)
    errors = errors * observed
    count = observed.sum() * target.shape[-1]
    return errors.sum() / count.clamp_min(1.0)
