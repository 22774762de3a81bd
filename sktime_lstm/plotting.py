"""A plot of the loss per epoch, for analysts checking a fit at a glance."""

from __future__ import annotations

from typing import Any

import numpy as np


def plot_training_history(
    forecaster: Any, ax: Any = None, log_scale: bool = True
) -> Any:
    """Plot a fitted forecaster's training (and validation) loss per epoch.

    The same as ``forecaster.training_history_.plot(logy=True)`` plus labels and a
    marker at the epoch whose weights were kept when early stopping chose them.
    The loss axis is linear instead when a loss is zero or negative, as the
    negative log-likelihoods of ``loss="normal"`` and ``loss="student_t"`` often are.

    Parameters
    ----------
    forecaster : BaseRecurrentForecaster
        A fitted ``LSTMForecaster``, ``GRUForecaster`` or ``RNNForecaster``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes by default.
    log_scale : bool, default=True
        Log-scaled loss axis, as losses usually fall by orders of magnitude; only
        where every plotted loss is above zero, since a log axis cannot show the
        others (it would drop those points, or leave the plot empty). With a zero
        or negative loss the axis is linear even so.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    sktime.exceptions.NotFittedError
        If the forecaster has not been fitted.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sktime.datasets import load_airline
    >>> from sktime_lstm import GRUForecaster
    >>> from sktime_lstm.plotting import plot_training_history
    >>> forecaster = GRUForecaster(max_epochs=5, validation_size=12, random_state=0)
    >>> ax = plot_training_history(forecaster.fit(load_airline(), fh=[1, 2, 3]))
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['train_loss', 'validation_loss']
    """
    import matplotlib.pyplot as plt

    forecaster.check_is_fitted()
    history = forecaster.training_history_
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    losses = history.to_numpy(dtype=float)
    positive = bool((losses[~np.isnan(losses)] > 0).all())
    history.plot(
        ax=ax,
        logy=log_scale and positive,
        marker="." if len(history) < 30 else None,
    )
    if "validation_loss" in history:
        best = history["validation_loss"].idxmin()
        ax.axvline(best, color="grey", linestyle=":", label=f"kept (epoch {best})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"{forecaster.loss} loss (scaled data)")
    ax.set_title(f"{type(forecaster).__name__} training")
    ax.legend()
    return ax
