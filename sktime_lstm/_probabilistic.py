"""The probabilistic hooks: intervals, quantiles, variances and distributions.

A mixin of :class:`sktime_lstm._base.BaseRecurrentForecaster`, apart because it
is a job of its own: the per-step predictive distribution (the head's closed form
inside it, sample paths beyond), and its conversion to sktime's frames and skpro's
distributions. It reads the fitted network, scalers and contexts the base holds.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import torch

from sktime_lstm._frames import sample_frame
from sktime_lstm.distributions import GRID_SIZE, StepMarginals
from sktime_lstm.rollout import exog_block, sample_paths
from sktime_lstm.runtime import device_of, sampling_seed
from sktime_lstm.training import limited_threads


class ProbabilisticForecasts:
    """``_predict_quantiles``, ``_predict_var`` and ``_predict_proba``."""

    def _forecast_distribution(self, fh, X) -> tuple[list[StepMarginals], list]:
        """Per instance, in the data's units, the predictive distribution of each step.

        Steps the head emits at once get its closed form; only steps beyond the
        head are sampled (``n_samples`` paths, each draw fed back as context), so
        a step's distribution does not depend on which other steps ``fh`` asks for.
        """
        steps_by_instance = self._steps_by_instance(fh)
        if any(int(steps.min()) < 1 for steps, _ in steps_by_instance):
            raise ValueError(
                f"{type(self).__name__} forecasts distributions for future steps "
                "only (fh steps >= 1); in-sample steps have point forecasts "
                "(predict)."
            )
        contexts = self._contexts(self._scaled_recent(self.window_length_))
        self._require_observed(contexts)
        n_ahead = max(int(steps.max()) for steps, _ in steps_by_instance)
        future_exog = self._future_exog(X, n_ahead)
        device = device_of(self.network_)
        exog = exog_block(future_exog, 0, self.horizon_)
        with limited_threads(self.num_threads), torch.inference_mode():
            raw = self.network_(contexts.to(device), exog)
        raw = raw.float().cpu().numpy().astype(np.float64)
        paths = None
        if n_ahead > self.horizon_:
            paths = self._sample_paths(contexts, n_ahead, future_exog)
        n_targets = self.network_.n_targets
        likelihood = self.network_.likelihood
        marginals = []
        for i, (scaler, (steps, _)) in enumerate(
            zip(self.scalers_, steps_by_instance, strict=True)
        ):
            in_head = steps <= self.horizon_
            loc = scaler.loc[:n_targets, None]
            scale = scaler.scale[:n_targets, None]
            params = likelihood.unscale(raw[i][steps[in_head] - 1], loc, scale)
            samples = None
            if paths is not None and not in_head.all():
                targets = scaler.select(slice(0, n_targets))
                samples = targets.inverse(paths[i][:, steps[~in_head] - 1])
            marginals.append(StepMarginals(in_head, params, samples))
        return marginals, steps_by_instance

    def _sample_paths(
        self, contexts: torch.Tensor, n_steps: int, future_exog: torch.Tensor | None
    ) -> np.ndarray:
        """Scaled sample paths ``(n_instances, n_samples, n_steps, n_targets)``."""
        rng = np.random.default_rng(sampling_seed(self.random_state))
        likelihood = self.network_.likelihood

        def draw(params: np.ndarray) -> np.ndarray:
            return likelihood.draw(params, rng)

        with limited_threads(self.num_threads):
            return sample_paths(
                self.network_,
                contexts,
                n_steps,
                future_exog,
                draw,
                int(self.n_samples),
            )

    def _predict_quantiles(self, fh, X=None, alpha=None):
        columns = pd.MultiIndex.from_product([self.columns_, alpha])
        if not len(alpha):
            return self._empty_frame(fh, columns)
        likelihood = self.network_.likelihood
        # the same check in and beyond the head: a quantile head's draws come from
        # a quantile function that is flat outside the learnt levels
        likelihood.check_levels(alpha)
        marginals, steps_by_instance = self._forecast_distribution(fh, X)
        frames = []
        for marginal, (steps, index) in zip(marginals, steps_by_instance, strict=True):
            values = marginal.combine(
                lambda p: likelihood.quantiles(p, alpha),
                lambda s: np.moveaxis(np.quantile(s, alpha, axis=0), 0, -1),
            )
            frames.append(
                pd.DataFrame(
                    values.reshape(len(steps), -1), index=index, columns=columns
                )
            )
        return self._stacked(frames)

    def _empty_frame(self, fh, columns) -> pd.DataFrame:
        frames = [
            pd.DataFrame(np.zeros((len(index), 0)), index=index).reindex(
                columns=columns
            )
            for _, index in self._steps_by_instance(fh)
        ]
        return self._stacked(frames)

    def _predict_var(self, fh, X=None, cov=False):
        if cov:
            raise ValueError(
                f"{type(self).__name__} forecasts marginal variances only; "
                "call predict_var with cov=False."
            )
        marginals, steps_by_instance = self._forecast_distribution(fh, X)
        frames = []
        for marginal, (_, index) in zip(marginals, steps_by_instance, strict=True):
            values = marginal.combine(
                lambda p: self.network_.likelihood.variance(p),
                lambda s: s.var(axis=0),
            )
            frames.append(pd.DataFrame(values, index=index, columns=self.columns_))
        return self._stacked(frames)

    def _predict_proba(self, fh, X=None, marginal=True):
        from skbase.utils.dependencies import _check_soft_dependencies

        if not _check_soft_dependencies("skpro", severity="none"):
            # sktime's own Normal with our mean and variance
            return super()._predict_proba(fh=fh, X=X, marginal=marginal)
        from skpro.distributions import Empirical

        marginals, steps_by_instance = self._forecast_distribution(fh, X)
        index = self._stacked(
            [pd.DataFrame(index=index) for _, index in steps_by_instance]
        ).index
        where = {"index": index, "columns": self.columns_}
        likelihood = self.network_.likelihood
        sampled = any(m.samples is not None for m in marginals)
        if not sampled:
            params = np.concatenate([m.params for m in marginals])
            closed_form = likelihood.skpro(params, **where)
            if closed_form is not None:
                return closed_form
        # an empirical distribution: the paths beyond the head; within it, the
        # closed form's quantile function at evenly spaced probabilities
        n_draws = int(self.n_samples) if sampled else GRID_SIZE
        draws = np.concatenate(
            [
                m.combine(
                    lambda p: np.moveaxis(likelihood.grid(p, n_draws), 0, -1),
                    lambda s: np.moveaxis(s, 0, -1),
                )
                for m in marginals
            ]
        )  # (rows, n_targets, n_draws)
        samples = sample_frame(np.moveaxis(draws, -1, 0), index, self.columns_)
        # skpro sorts every row's draws at construction, one .loc per row and
        # column (most of the time on large panels); where it can, it sorts them
        # when first asked for a quantile or cdf instead
        lazy = "skip_init_sorted" in inspect.signature(Empirical).parameters
        return Empirical(
            samples, **where, **({"skip_init_sorted": True} if lazy else {})
        )
