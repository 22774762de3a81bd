"""The losses' arithmetic over masked targets. Torch only.

Which loss a forecaster trains with is a likelihood object
(:mod:`sktime_lstm.distributions`); this module holds the per-entry formulas it
uses and the masked mean that turns them into one number.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

POINT_ERRORS: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "mse": lambda pred, target: (pred - target) ** 2,
    "mae": lambda pred, target: (pred - target).abs(),
    "huber": lambda pred, target: F.huber_loss(pred, target, reduction="none"),
    # the M3/M4 metric as a loss; its gradient is bounded where both are near zero
    "smape": lambda pred, target: (
        2 * (pred - target).abs() / (pred.abs() + target.abs()).clamp_min(1e-3)
    ),
}
POINT_LOSSES = tuple(POINT_ERRORS)


def normal_nll(params: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood (less a constant) of ``(mu, sigma)`` per entry."""
    mu, sigma = params[..., 0], params[..., 1]
    return sigma.log() + 0.5 * ((target - mu) / sigma) ** 2


def student_t_nll(params: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood of ``(mu, sigma, df)`` per entry."""
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
    likelihood,
    pred: torch.Tensor,
    target: torch.Tensor,
    observed: torch.Tensor,
    quantiles: tuple[float, ...] | torch.Tensor = (),
) -> torch.Tensor:
    """Mean loss over the observed target entries.

    Parameters
    ----------
    likelihood : sktime_lstm.distributions.Likelihood
        What ``pred`` is and how it is scored: squared, absolute, Huber (delta 1,
        in scaled units) or symmetric percentage error (``2|p - t| / (|p| +
        |t|)``, 0 to 2); the negative log-likelihood of a normal or Student-t
        forecast; or the pinball loss of quantile forecasts.
    pred : torch.Tensor
        ``(batch, horizon, n_targets)`` point forecasts, or with a last axis of
        distribution parameters (see ``networks.RecurrentForecastNetwork``).
    target : torch.Tensor
        Shape ``(batch, horizon, n_targets)``.
    observed : torch.Tensor
        Shape ``(batch, horizon, 1)``: 1 where the target is a real value.
    quantiles : tuple of float or torch.Tensor, default=()
        The quantile head's levels (on the device, to spare a host copy).

    Returns
    -------
    torch.Tensor
        A scalar.

    Examples
    --------
    >>> import torch
    >>> from sktime_lstm.distributions import likelihood_for
    >>> p, t = torch.zeros(1, 2, 1), torch.tensor([[[1.0], [3.0]]])
    >>> masked_loss(likelihood_for("mae"), p, t, torch.tensor([[[1.0], [0.0]]])).item()
    1.0
    """
    errors = likelihood.loss(pred, target, quantiles) * observed
    count = observed.sum() * target.shape[-1]
    return errors.sum() / count.clamp_min(1.0)
