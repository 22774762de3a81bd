"""What the network's head emits and how it is scored, one object per loss.

A likelihood knows its number of parameters per forecast, how the head's raw
outputs become them (in torch, inside the network), its training loss, and, for a
probabilistic one, its quantiles, variance, draws and skpro distribution (in
numpy, on parameters in the data's units). Adding a kind means one class here
and an entry in ``LIKELIHOODS``. Parameters sit on the last axis: ``(mu,
sigma)`` for "normal", ``(mu, sigma, df)`` for "student_t", or the values of the
learnt ``levels`` for "quantile" (a piecewise-linear quantile function, flat
beyond the outer levels). Nothing here knows sktime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from scipy import stats

from sktime_lstm.losses import POINT_ERRORS, normal_nll, pinball, student_t_nll

# quantile-function grid that stands in for a "quantile" forecast's distribution
GRID_SIZE = 200
GRID = (np.arange(GRID_SIZE) + 0.5) / GRID_SIZE


def quantile_function(
    values: np.ndarray, levels: tuple[float, ...], u: np.ndarray
) -> np.ndarray:
    """Interpolate learnt quantiles ``values (..., L)`` at probabilities ``u``.

    ``u`` broadcasts against ``values[..., 0]``; beyond the outer levels the
    function is flat.

    Examples
    --------
    >>> float(quantile_function(np.array([0.0, 10.0]), (0.1, 0.9), np.array(0.5)))
    5.0
    """
    levels_arr = np.asarray(levels)
    u = np.clip(u, levels_arr[0], levels_arr[-1])
    upper = np.clip(np.searchsorted(levels_arr, u), 1, len(levels_arr) - 1)
    low_level, high_level = levels_arr[upper - 1], levels_arr[upper]
    weight = (u - low_level) / (high_level - low_level)
    shape = np.broadcast_shapes(upper.shape, values.shape[:-1])
    values = np.broadcast_to(values, shape + values.shape[-1:])
    pick = np.broadcast_to(upper, shape)
    low = np.take_along_axis(values, (pick - 1)[..., None], axis=-1)[..., 0]
    high = np.take_along_axis(values, pick[..., None], axis=-1)[..., 0]
    return low + weight * (high - low)


def _even_probabilities(n: int, ndim: int) -> np.ndarray:
    """``(k + 0.5) / n`` for k < n, shaped to lead ``ndim`` parameter axes."""
    return ((np.arange(n) + 0.5) / n).reshape((-1,) + (1,) * ndim)


@dataclass(frozen=True)
class StepMarginals:
    """One instance's predictive distribution at the steps ``fh`` asks for.

    ``params`` ``(steps in the head, n_targets, n_params)`` in the data's units;
    ``samples`` ``(n_samples, steps beyond the head, n_targets)`` or None.
    """

    in_head: np.ndarray
    params: np.ndarray
    samples: np.ndarray | None

    def combine(
        self,
        from_params: Callable[[np.ndarray], np.ndarray],
        from_samples: Callable[[np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """Compute a statistic per step: closed form in the head, sampled beyond."""
        inside = from_params(self.params)
        if self.samples is None:
            return inside
        beyond = from_samples(self.samples)
        values = np.empty((len(self.in_head), *inside.shape[1:]), inside.dtype)
        values[self.in_head], values[~self.in_head] = inside, beyond
        return values


class Likelihood:
    """A point forecast scored by an elementwise loss (the base of the others).

    Parameters
    ----------
    name : str
        The loss's name: a key of ``sktime_lstm.losses.POINT_ERRORS`` for this
        class, of ``LIKELIHOODS`` for every kind.
    """

    n_params = 1
    probabilistic = False
    levels: tuple[float, ...] = ()  # a quantile head's, which its loss reads

    def __init__(self, name: str) -> None:
        self.name = name

    def output(
        self, raw: torch.Tensor, loc: torch.Tensor, scale: torch.Tensor
    ) -> torch.Tensor:
        """Map the head's ``(batch, horizon, n_targets, n_params)`` to the output.

        ``loc`` and ``scale`` ``(batch, horizon or 1, n_targets)`` undo the
        window's normalisation. A point forecast is ``(batch, horizon,
        n_targets)``; distribution parameters keep the last axis.
        """
        return raw[..., 0] * scale + loc

    def point(self, output: torch.Tensor) -> torch.Tensor:
        """Return the point forecast of an output: itself for a point loss."""
        return output

    def loss(
        self, output: torch.Tensor, target: torch.Tensor, levels: torch.Tensor
    ) -> torch.Tensor:
        """Return the training loss per target entry (``levels``: quantile heads')."""
        return POINT_ERRORS[self.name](output, target)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self), self.name))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class _Probabilistic(Likelihood):
    """A distribution per forecast: quantiles, variance, draws (numpy).

    Each subclass defines its quantile function ``_ppf(params, u)``, its
    ``variance``, ``draw`` and ``skpro`` conversion.
    """

    probabilistic = True

    def unscale(self, params: np.ndarray, loc: np.ndarray, scale: np.ndarray):
        """Move location-scale parameters from scaled units to the data's."""
        unscaled = params.copy()
        unscaled[..., :1] = params[..., :1] * scale + loc
        unscaled[..., 1:2] = params[..., 1:2] * scale
        return unscaled

    def check_levels(self, alpha) -> None:
        """Accept every level in (0, 1): the distribution has tails."""

    def quantiles(self, params: np.ndarray, alpha) -> np.ndarray:
        """Quantiles at each ``alpha``: shape ``params.shape[:-1] + (len(alpha),)``."""
        return np.stack([self._ppf(params, np.asarray(a)) for a in alpha], axis=-1)

    def grid(self, params: np.ndarray, n: int) -> np.ndarray:
        """Quantile function at ``n`` even probabilities: ``(n,) + params.shape[:-1]``.

        A deterministic stand-in for ``n`` draws.
        """
        return self._ppf(params[None], _even_probabilities(n, params.ndim - 1))


class Normal(_Probabilistic):
    """Normal forecasts ``(mu, sigma)``, trained by negative log-likelihood."""

    n_params = 2

    def __init__(self) -> None:
        super().__init__("normal")

    def output(self, raw, loc, scale):
        """Map raw head outputs to parameters, undoing the window's scale."""
        loc, scale = loc.unsqueeze(-1), scale.unsqueeze(-1)
        mu = raw[..., :1] * scale + loc
        sigma = (F.softplus(raw[..., 1:2]) + 1e-3) * scale
        return torch.cat([mu, sigma], dim=-1)

    def point(self, output):
        """Return the point forecast of an output: its mean."""
        return output[..., 0]

    def loss(self, output, target, levels):
        """Return the negative log-likelihood per target entry."""
        return normal_nll(output, target)

    def _ppf(self, params, u):
        return params[..., 0] + params[..., 1] * stats.norm.ppf(u)

    def variance(self, params: np.ndarray) -> np.ndarray:
        """Return the variance of each forecast: ``params.shape[:-1]``."""
        return params[..., 1] ** 2

    def draw(self, params: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Return one random draw per forecast: ``params.shape[:-1]``."""
        shape = params.shape[:-1]
        return params[..., 0] + params[..., 1] * rng.standard_normal(shape)

    def skpro(self, params: np.ndarray, **where):
        """Return the skpro distribution of ``(rows, n_targets, n_params)`` params."""
        import pandas as pd
        from skpro.distributions import Normal as SkproNormal

        frame = lambda k: pd.DataFrame(params[..., k], **where)  # noqa: E731
        return SkproNormal(mu=frame(0), sigma=frame(1), **where)


class StudentT(Normal):
    """Student-t forecasts ``(mu, sigma, df)``, ``df > 2`` (finite variance)."""

    n_params = 3

    def __init__(self) -> None:
        Likelihood.__init__(self, "student_t")

    def output(self, raw, loc, scale):
        """Map raw head outputs to parameters, undoing the window's scale."""
        df = 2.0 + F.softplus(raw[..., 2:3])
        return torch.cat([super().output(raw, loc, scale), df], dim=-1)

    def loss(self, output, target, levels):
        """Return the negative log-likelihood per target entry."""
        return student_t_nll(output, target)

    def _ppf(self, params, u):
        return params[..., 0] + params[..., 1] * stats.t.ppf(u, params[..., 2])

    def variance(self, params):
        """Return the variance of each forecast: ``params.shape[:-1]``."""
        df = params[..., 2]
        return params[..., 1] ** 2 * df / (df - 2)

    def draw(self, params, rng):
        """Return one random draw per forecast: ``params.shape[:-1]``."""
        return params[..., 0] + params[..., 1] * rng.standard_t(params[..., 2])

    def skpro(self, params, **where):
        """Return the skpro distribution of ``(rows, n_targets, n_params)`` params."""
        import pandas as pd
        from skpro.distributions import TDistribution

        frame = lambda k: pd.DataFrame(params[..., k], **where)  # noqa: E731
        return TDistribution(mu=frame(0), sigma=frame(1), df=frame(2), **where)


class Quantiles(_Probabilistic):
    """Forecasts of the quantiles at ``levels``, trained by the pinball loss.

    The head's outputs are monotone by construction: the first level plus
    cumulative softplus increments.
    """

    def __init__(self, levels: tuple[float, ...]) -> None:
        super().__init__("quantile")
        self.levels = tuple(levels)
        self.n_params = len(self.levels)

    def output(self, raw, loc, scale):
        """Map raw head outputs to parameters, undoing the window's scale."""
        steps = F.softplus(raw[..., 1:]).cumsum(dim=-1)
        values = torch.cat([raw[..., :1], raw[..., :1] + steps], dim=-1)
        return values * scale.unsqueeze(-1) + loc.unsqueeze(-1)

    def point(self, output):
        """Return the median, interpolated between the levels around 0.5."""
        levels = torch.tensor(self.levels, dtype=output.dtype)
        upper = int(
            torch.searchsorted(levels, torch.tensor(0.5)).clamp(1, len(levels) - 1)
        )
        weight = (0.5 - levels[upper - 1]) / (levels[upper] - levels[upper - 1])
        return torch.lerp(output[..., upper - 1], output[..., upper], float(weight))

    def loss(self, output, target, levels):
        """Return the pinball loss per target entry, averaged over the levels."""
        return pinball(output, target, levels)

    def unscale(self, params, loc, scale):
        """Move the quantiles from scaled units to the data's."""
        return params * scale + loc

    def check_levels(self, alpha) -> None:
        """Reject levels outside the learnt ones.

        The quantile function is flat beyond the outer levels, so such a quantile,
        computed or estimated from draws, would carry the outer level's value.

        Raises
        ------
        ValueError
            For an ``alpha`` below the first or above the last learnt level.
        """
        low, high = self.levels[0], self.levels[-1]
        for a in alpha:
            # a tolerance for rounding: 1 - 0.8 is 0.0999...98, float32(0.1)
            # is 0.1000000015
            if not low - 1e-7 <= a <= high + 1e-7:
                raise ValueError(
                    f"alpha={a} lies outside the quantiles the model learnt ({low} to "
                    f"{high}); refit with quantiles covering it."
                )

    def quantiles(self, params, alpha):
        """Return quantiles at each ``alpha``, refusing levels it did not learn."""
        self.check_levels(alpha)
        return super().quantiles(params, alpha)

    def _ppf(self, params, u):
        return quantile_function(params, self.levels, u)

    def variance(self, params):
        """Return the variance of each forecast: ``params.shape[:-1]``."""
        return self.grid(params, GRID_SIZE).var(axis=0)

    def draw(self, params, rng):
        """Return one random draw per forecast: ``params.shape[:-1]``."""
        u = rng.uniform(size=params.shape[:-1])
        return quantile_function(params, self.levels, u)

    def skpro(self, params, **where):
        """Return None: quantile forecasts have no closed-form skpro counterpart."""
        return None


LIKELIHOODS: dict[str, Callable[[tuple[float, ...]], Likelihood]] = {
    **{name: (lambda levels, n=name: Likelihood(n)) for name in POINT_ERRORS},
    "normal": lambda levels: Normal(),
    "student_t": lambda levels: StudentT(),
    "quantile": Quantiles,
}
LOSSES = tuple(LIKELIHOODS)


def likelihood_for(loss: str, levels: tuple[float, ...] = ()) -> Likelihood:
    """Return the likelihood of a ``loss`` parameter (``levels``: a quantile head's).

    Examples
    --------
    >>> likelihood_for("normal").n_params, likelihood_for("mae").probabilistic
    (2, False)
    """
    return LIKELIHOODS[loss](tuple(levels))


def is_probabilistic(loss: str) -> bool:
    """Return whether a ``loss`` parameter trains a distribution (False if unknown)."""
    return loss in LIKELIHOODS and likelihood_for(loss).probabilistic
