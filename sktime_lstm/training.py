"""The fit loop: index batches over resident windows, Adam, clipping, early stopping.

One readable loop in the nanoGPT manner: the windows already live on the device as
views of one tensor, a batch is a tensor of start rows, and each line of the loop
does one visible thing. Nothing here knows sktime.
"""

from __future__ import annotations

import contextlib
import copy
import math
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn

from sktime_lstm.losses import masked_loss
from sktime_lstm.windows import WindowedSeries

LR_SCHEDULES = ("cosine",)


@dataclass(frozen=True)
class TrainingConfig:
    """How long and how to train; see the forecasters' parameters of the same names.

    ``cuda_graph``: on CUDA, replay each full batch's step as a captured CUDA graph
    (see ``_TrainingStep``); False runs every step eagerly. No effect elsewhere.
    """

    loss: str = "mae"
    quantiles: tuple[float, ...] = ()
    max_epochs: int = 100
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
    loss: str,
    quantiles: tuple[float, ...] | torch.Tensor = (),
) -> torch.Tensor:
    batch = windows.batch(starts)
    window, n_targets = windows.window_length, windows.n_targets
    context = batch[:, :window]
    future_exog = batch[:, window:, n_targets:-1]
    target = batch[:, window:, :n_targets]
    observed = batch[:, window:, -1:]
    prediction = network(context, future_exog)
    return masked_loss(loss, prediction, target, observed, quantiles)


def _validation_loss(
    network: nn.Module, windows: WindowedSeries, config: TrainingConfig
) -> float:
    network.eval()
    total, starts = 0.0, windows.validation_starts
    with torch.no_grad():
        for chunk in starts.split(max(config.batch_size, 1024)):
            total += _batch_loss(
                network, windows, chunk, config.loss, config.quantiles
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


def planned_steps(config: TrainingConfig, n_windows: int) -> int:
    """Optimiser steps of a run that neither stops early nor runs out of data."""
    per_epoch = math.ceil(n_windows / config.batch_size)
    steps = config.max_epochs * per_epoch
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


class _TrainingStep:
    """One optimiser step on a batch of window starts; returns the batch's loss.

    On CUDA the step of a full batch is captured once as a CUDA graph, after a few
    eager warm-up steps, and then replayed. A small recurrent network's step is
    bound by the CPU launching its few hundred kernels one by one; a replay
    launches them all at once. Batches of another size (an epoch's last) run
    eagerly on the same weights, gradients and optimiser state. Should a capture
    fail, training goes on eagerly with a warning.
    """

    warmup_steps = 3

    def __init__(
        self,
        network: nn.Module,
        windows: WindowedSeries,
        config: TrainingConfig,
        optimizer: torch.optim.Optimizer,
    ) -> None:
        self.network, self.windows = network, windows
        self.config, self.optimizer = config, optimizer
        self.device_type = windows.data.device.type
        self.use_graph = self.device_type == "cuda" and config.cuda_graph
        # on the device once: a capture cannot copy from the host
        self.quantiles = torch.tensor(config.quantiles, device=windows.data.device)
        self.full_steps = 0
        self.graph: torch.cuda.CUDAGraph | None = None
        self.static_starts = self.static_loss = None

    def _forward_backward_update(self, starts: torch.Tensor) -> torch.Tensor:
        # autocast's cast cache cannot live across graph replays
        with torch.autocast(
            self.device_type,
            torch.bfloat16,
            enabled=self.config.bf16,
            cache_enabled=not self.use_graph,
        ):
            loss = _batch_loss(
                self.network,
                self.windows,
                starts,
                self.config.loss,
                self.quantiles,
            )
        loss.backward()
        if self.config.gradient_clip:
            nn.utils.clip_grad_norm_(
                self.network.parameters(), self.config.gradient_clip
            )
        self.optimizer.step()
        return loss.detach()

    def __call__(self, starts: torch.Tensor) -> torch.Tensor:
        full = self.use_graph and len(starts) == self.config.batch_size
        if full and self.graph is not None:
            self.static_starts.copy_(starts)
            self.graph.replay()
            return self.static_loss.clone()
        if full and self.full_steps >= self.warmup_steps:
            return self._capture_and_replay(starts)
        # once captured, the graph owns the gradient tensors: zero them in place
        self.optimizer.zero_grad(set_to_none=self.graph is None)
        if not full:
            return self._forward_backward_update(starts)
        self.full_steps += 1
        # warm-up on a side stream, as capture needs (lazy library set-up)
        side, current = torch.cuda.Stream(), torch.cuda.current_stream()
        side.wait_stream(current)
        with torch.cuda.stream(side):
            loss = self._forward_backward_update(starts)
        current.wait_stream(side)
        return loss

    def _capture_and_replay(self, starts: torch.Tensor) -> torch.Tensor:
        self.static_starts = starts.clone()
        # gradients of None: backward allocates them from the graph's memory pool
        self.optimizer.zero_grad(set_to_none=True)
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                self.static_loss = self._forward_backward_update(self.static_starts)
        except RuntimeError as error:
            warnings.warn(
                f"Capturing the training step as a CUDA graph failed ({error}); "
                "training goes on without it.",
                RuntimeWarning,
                stacklevel=3,
            )
            self.use_graph = False
        if not self.use_graph:
            # the eager path, outside the except block: its traceback would keep
            # the failed capture's autograd graph alive into the eager step
            return self(starts)
        self.graph = graph
        graph.replay()
        return self.static_loss.clone()


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
    step = _TrainingStep(network, windows, config, optimizer)
    train_starts = windows.train_starts
    validate = len(windows.validation_starts) > 0
    best_loss, best_state, epochs_without_gain = float("inf"), None, 0
    history: list[dict[str, float]] = []
    progress = _Progress(config.max_epochs, config.verbose)
    steps = 0
    first_loss, initial_loss = None, None
    network.train()
    try:
        for epoch in range(1, config.max_epochs + 1):
            order = torch.randperm(
                len(train_starts), generator=generator, dtype=torch.int32
            )
            epoch_loss, epoch_windows = 0.0, 0
            for batch in train_starts[order.to(train_starts.device)].split(
                config.batch_size
            ):
                loss = step(batch)
                if first_loss is None:
                    first_loss = loss  # the untrained network's: read at epoch end
                if schedule is not None:
                    schedule.step()
                # summed on the device: no host sync per step
                epoch_loss = epoch_loss + loss * len(batch)
                epoch_windows += len(batch)
                steps += 1
                if config.max_steps is not None and steps >= config.max_steps:
                    break
            train_loss = float(epoch_loss) / epoch_windows
            if initial_loss is None:
                initial_loss = float(first_loss)
            _check_converging(train_loss, initial_loss, epoch)
            stats = {"epoch": epoch, "train_loss": train_loss}
            if validate:
                stats["validation_loss"] = _validation_loss(network, windows, config)
                if stats["validation_loss"] < best_loss:
                    best_loss, epochs_without_gain = stats["validation_loss"], 0
                    best_state = copy.deepcopy(network.state_dict())
                else:
                    epochs_without_gain += 1
            history.append(stats)
            progress.update(epoch, {k: v for k, v in stats.items() if k != "epoch"})
            out_of_patience = (
                config.early_stopping_patience is not None
                and epochs_without_gain >= config.early_stopping_patience
            )
            out_of_steps = config.max_steps is not None and steps >= config.max_steps
            if out_of_patience or out_of_steps:
                break
    finally:
        progress.close()
    if best_state is not None:
        network.load_state_dict(best_state)
    network.eval()
    return history
