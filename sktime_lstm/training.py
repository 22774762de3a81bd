"""The fit loop: index batches over resident windows, Adam, clipping, early stopping.

One readable loop in the nanoGPT manner: the windows already live on the device as
views of one tensor, a batch is a tensor of start rows, and each line of the loop
does one visible thing. Nothing here knows sktime.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
from torch import nn

from sktime_lstm._graphed_step import GraphedStep
from sktime_lstm.losses import masked_loss
from sktime_lstm.windows import WindowedSeries

LR_SCHEDULES = ("cosine",)


@dataclass(frozen=True)
class TrainingConfig:
    """How long and how to train; see the forecasters' parameters of the same names.

    ``cuda_graph``: on CUDA, replay each full batch's step as a captured CUDA graph
    (see ``sktime_lstm._graphed_step``); False runs every step eagerly. No effect
    elsewhere. ``max_epochs=None``: as many epochs as ``max_steps`` takes.
    """

    max_epochs: int | None = 100
    max_steps: int | None = None
    batch_size: int = 32
    learning_rate: float = 1e-3
    lr_schedule: str | None = None
    early_stopping_patience: int | None = 10
    gradient_clip: float | None = 1.0
    bf16: bool = False
    cuda_graph: bool = True
    verbose: bool = False


def native_bf16(device: torch.device) -> bool:
    """Whether ``device`` computes in bfloat16 natively (not by emulation).

    CUDA GPUs that report bf16 support (Ampere and later), and CPUs with AVX-512
    BF16 or AMX. Elsewhere bf16 autocast is slower than fp32, or fails (oneDNN
    has no bf16 LSTM on AVX2-only CPUs).
    """
    if device.type == "cuda":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if device.type != "cpu":
        return False
    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, probe, lambda: False)() for probe in probes)


@contextlib.contextmanager
def seeded(seed: int, device: torch.device) -> Iterator[torch.Generator]:
    """Seed torch's global RNG for the block (weights, dropout), then restore it.

    Yields a CPU generator, seeded alike, for drawing batch permutations.
    """
    cuda_devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda_devices):
        torch.manual_seed(seed)
        yield torch.Generator().manual_seed(seed)


@contextlib.contextmanager
def limited_threads(num_threads: int | None) -> Iterator[None]:
    """Bound torch's intra-op threads inside the block; restore the old number."""
    if num_threads is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(int(num_threads))
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _batch_loss(
    network: nn.Module,
    windows: WindowedSeries,
    starts: torch.Tensor,
    quantiles: tuple[float, ...] | torch.Tensor = (),
) -> torch.Tensor:
    batch = windows.batch(starts)  # (batch, window + horizon, layout.width)
    window, layout = windows.window_length, network.layout
    context = batch[:, :window]
    future = batch[:, window:]
    prediction = network(context, future[..., layout.exog])
    target, observed = future[..., layout.targets], future[..., layout.mask]
    return masked_loss(network.likelihood, prediction, target, observed, quantiles)


def _validation_loss(
    network: nn.Module, windows: WindowedSeries, config: TrainingConfig
) -> float:
    network.eval()
    total, starts = 0.0, windows.validation_starts
    with torch.no_grad():
        for chunk in starts.split(max(config.batch_size, 1024)):
            total += _batch_loss(
                network, windows, chunk, network.likelihood.levels
            ).item() * len(chunk)
    network.train()
    return total / len(starts)


class _Progress:
    """A tqdm bar over epochs when tqdm is installed, else a line per epoch."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        self.enabled = enabled
        if enabled:
            try:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=total, desc="training", unit="epoch")
            except ImportError:
                pass

    def update(self, epoch: int, stats: dict[str, float]) -> None:
        if self.bar is not None:
            self.bar.set_postfix({k: f"{v:.4g}" for k, v in stats.items()})
            self.bar.update(1)
        elif self.enabled:
            text = ", ".join(f"{k}={v:.4g}" for k, v in stats.items())
            print(f"epoch {epoch}: {text}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def planned_epochs(config: TrainingConfig, n_windows: int) -> int:
    """Return the epochs of a run that does not stop early.

    ``max_epochs``, or with None as many as ``max_steps`` takes.
    """
    if config.max_epochs is not None:
        return config.max_epochs
    if config.max_steps is None:
        raise ValueError("max_epochs and max_steps cannot both be None.")
    return math.ceil(config.max_steps / math.ceil(n_windows / config.batch_size))


def planned_steps(config: TrainingConfig, n_windows: int) -> int:
    """Optimiser steps of a run that neither stops early nor runs out of data."""
    per_epoch = math.ceil(n_windows / config.batch_size)
    steps = planned_epochs(config, n_windows) * per_epoch
    return steps if config.max_steps is None else min(steps, config.max_steps)


def _schedule(
    optimizer: torch.optim.Optimizer, config: TrainingConfig, n_windows: int
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """Cosine decay from the learning rate to zero over the planned steps."""
    if config.lr_schedule is None:
        return None
    if config.lr_schedule not in LR_SCHEDULES:
        raise ValueError(
            f"Unknown lr_schedule {config.lr_schedule!r}: use one of {LR_SCHEDULES}."
        )
    total = planned_steps(config, n_windows)
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: 0.5 * (1.0 + math.cos(math.pi * min(step, total) / total)),
    )


def _adam(
    network: nn.Module, config: TrainingConfig, device: torch.device
) -> torch.optim.Adam:
    """Adam; on CUDA fused (one kernel a step) and safe to capture in a CUDA graph.

    The graph-safe form keeps the learning rate in a device tensor, which the
    schedule updates in place, so that a replayed graph reads the current rate.
    """
    if device.type != "cuda":
        return torch.optim.Adam(network.parameters(), lr=config.learning_rate)
    return torch.optim.Adam(
        network.parameters(),
        lr=torch.tensor(config.learning_rate, device=device),
        fused=True,
        capturable=True,
    )


def _update(
    network: nn.Module,
    windows: WindowedSeries,
    config: TrainingConfig,
    optimizer: torch.optim.Optimizer,
    quantiles: torch.Tensor,
    starts: torch.Tensor,
    graph_safe: bool,
) -> torch.Tensor:
    """Forward, loss, backward, clip and optimiser step; the batch's detached loss.

    The gradients must be zero on entry: the caller zeroes them, because a
    captured CUDA graph needs them zeroed in place rather than set to None.
    """
    # autocast's cast cache cannot live across graph replays
    with torch.autocast(
        windows.data.device.type,
        torch.bfloat16,
        enabled=config.bf16,
        cache_enabled=not graph_safe,
    ):
        loss = _batch_loss(network, windows, starts, quantiles)
    loss.backward()
    if config.gradient_clip:
        nn.utils.clip_grad_norm_(network.parameters(), config.gradient_clip)
    optimizer.step()
    return loss.detach()


def _training_step(
    network: nn.Module,
    windows: WindowedSeries,
    config: TrainingConfig,
    optimizer: torch.optim.Optimizer,
) -> Callable[[torch.Tensor], torch.Tensor]:
    """Build the step the loop runs on each batch of window starts (returns its loss).

    On CUDA (unless ``config.cuda_graph`` is False) a ``GraphedStep``, which
    replays full batches as a captured CUDA graph; elsewhere eager steps.
    """
    device = windows.data.device
    # on the device once: a capture cannot copy from the host
    quantiles = torch.tensor(network.likelihood.levels, device=device)
    update = functools.partial(_update, network, windows, config, optimizer, quantiles)
    if device.type == "cuda" and config.cuda_graph:
        return GraphedStep(update, optimizer, config.batch_size)

    def eager_step(starts: torch.Tensor) -> torch.Tensor:
        optimizer.zero_grad(set_to_none=True)
        return update(starts, False)

    return eager_step


# an epoch's loss this many times the untrained network's scale above it is
# divergence: training lowers the loss, and an optimiser step too large for the
# surface (a learning rate of 1e6, say) sends it up by orders of magnitude
DIVERGENCE_FACTOR = 100.0


def _check_converging(train_loss: float, initial_loss: float, epoch: int) -> None:
    """Raise ``FloatingPointError`` for a non-finite or exploding epoch loss.

    The scale is the first batch's loss before any update (at least 1, since
    likelihood losses can be near zero or negative).
    """
    if not math.isfinite(train_loss):
        raise FloatingPointError(
            f"The training loss became {train_loss} in epoch {epoch}. "
            "Lower learning_rate, set gradient_clip, or use a scaler."
        )
    limit = initial_loss + DIVERGENCE_FACTOR * max(abs(initial_loss), 1.0)
    if train_loss > limit:
        raise FloatingPointError(
            f"Training diverged: the loss rose from {initial_loss:.4g} (untrained) "
            f"to {train_loss:.4g} in epoch {epoch}. Lower learning_rate or set "
            "gradient_clip."
        )


def _shuffled_batches(
    starts: torch.Tensor, batch_size: int, generator: torch.Generator
) -> tuple[torch.Tensor, ...]:
    """Split the window starts, in a fresh random order, into an epoch's batches."""
    # drawn on the CPU generator: the same order for a seed on every device
    order = torch.randperm(len(starts), generator=generator, dtype=torch.int32)
    return starts[order.to(starts.device)].split(batch_size)


def _out_of_steps(config: TrainingConfig, steps: int) -> bool:
    return config.max_steps is not None and steps >= config.max_steps


class _EarlyStopping:
    """Counts epochs without a better validation loss; keeps the best weights."""

    def __init__(self, network: nn.Module, patience: int | None) -> None:
        self.network, self.patience = network, patience
        self.best_loss, self.best_state = float("inf"), None
        self.epochs_without_gain = 0

    def record(self, validation_loss: float) -> None:
        if validation_loss < self.best_loss:
            self.best_loss, self.epochs_without_gain = validation_loss, 0
            self.best_state = copy.deepcopy(self.network.state_dict())
        else:
            self.epochs_without_gain += 1

    @property
    def out_of_patience(self) -> bool:
        # without validation the count stays 0: only a patience of 0 stops then
        return self.patience is not None and self.epochs_without_gain >= self.patience

    def restore_best(self) -> None:
        """Load the best validated epoch's weights; keep the last without one."""
        if self.best_state is not None:
            self.network.load_state_dict(self.best_state)


def train_network(
    network: nn.Module,
    windows: WindowedSeries,
    config: TrainingConfig,
    generator: torch.Generator,
) -> list[dict[str, float]]:
    """Train ``network`` in place on the windows; return the per-epoch history.

    Parameters
    ----------
    network : nn.Module
        On the same device as ``windows.data``.
    windows : WindowedSeries
        Training and (optionally) validation windows.
    config : TrainingConfig
        Loss, budget, optimiser and early-stopping settings.
    generator : torch.Generator
        CPU generator that draws the batch order.

    Returns
    -------
    list of dict
        One dict per epoch: ``epoch``, ``train_loss`` and, with validation windows,
        ``validation_loss``. With validation, the weights of the best validation
        epoch are restored at the end.

    Raises
    ------
    FloatingPointError
        If the training loss becomes NaN or infinite, or diverges (see
        ``DIVERGENCE_FACTOR``); the network is then left half-trained, so callers
        train a copy.
    """
    optimizer = _adam(network, config, windows.data.device)
    schedule = _schedule(optimizer, config, len(windows.train_starts))
    step = _training_step(network, windows, config, optimizer)
    early_stopping = _EarlyStopping(network, config.early_stopping_patience)
    validate = len(windows.validation_starts) > 0
    history: list[dict[str, float]] = []
    max_epochs = planned_epochs(config, len(windows.train_starts))
    progress = _Progress(max_epochs, config.verbose)
    steps, first_loss, initial_loss = 0, None, None
    network.train()
    try:
        for epoch in range(1, max_epochs + 1):
            epoch_loss, epoch_windows = 0.0, 0
            batches = _shuffled_batches(
                windows.train_starts, config.batch_size, generator
            )
            for starts in batches:
                loss = step(starts)  # forward, loss, backward, clip, optimiser step
                if schedule is not None:
                    schedule.step()
                if first_loss is None:
                    first_loss = loss  # the untrained network's: read at epoch end
                # summed on the device: no host sync per step
                epoch_loss = epoch_loss + loss * len(starts)
                epoch_windows += len(starts)
                steps += 1
                if _out_of_steps(config, steps):
                    break
            train_loss = float(epoch_loss) / epoch_windows
            if initial_loss is None:
                initial_loss = float(first_loss)
            _check_converging(train_loss, initial_loss, epoch)
            stats = {"epoch": epoch, "train_loss": train_loss}
            if validate:
                stats["validation_loss"] = _validation_loss(network, windows, config)
                early_stopping.record(stats["validation_loss"])
            history.append(stats)
            progress.update(epoch, {k: v for k, v in stats.items() if k != "epoch"})
            if early_stopping.out_of_patience or _out_of_steps(config, steps):
                break
    finally:
        progress.close()
    early_stopping.restore_best()
    network.eval()
    return history
